"""Results of finished strategies as pandas objects and a performance summary.

    strat = cerebro.run()[0]
    bt.results.equity(strat)      # value, cash, drawdown per bar
    bt.results.trades(strat)      # one row per trade
    bt.results.orders(strat)      # one row per order
    bt.results.positions(strat)   # position per bar and data
    bt.results.summary(strat)     # the performance summary (a Series)
    bt.results.to_frame(strat.analyzers.sharpe)   # any analyzer as pandas

``stats.performance_stats`` computes the summary from plain arrays.

Layer: tools. May import: engine, strategy, components, model, lines, utils, core.
"""
from __future__ import annotations

from ..analyzers.export import to_frame, flatten
from .frames import (ResultsError, equity, trades, orders, positions, trade_list,
                     position_sizes, bar_index)
from .stats import performance_stats, format_stats, period_returns
from .summary import summary, format_summary, print_summary
from . import frames, stats

__all__ = ['ResultsError', 'equity', 'trades', 'orders', 'positions', 'trade_list',
           'position_sizes', 'bar_index', 'performance_stats', 'format_stats',
           'period_returns', 'summary', 'format_summary', 'print_summary', 'to_frame',
           'flatten', 'frames', 'stats']
