"""The one-call performance summary of a finished strategy."""
from __future__ import annotations

from typing import Optional

import numpy as np

from ..utils.timeframe import TimeFrame
from .frames import equity, position_sizes, strategy_dates, trade_list
from .stats import format_stats, performance_stats

__all__ = ['summary', 'format_summary', 'print_summary']


def _benchmark(strategy) -> Optional[np.ndarray]:
    """data0's close at each strategy bar (buy & hold comparison)."""
    if not strategy.datas:
        return None
    d = strategy.datas[0]
    n = len(d)
    ddates = np.asarray(d.lines.datetime.stored()[:n], dtype=float)
    closes = np.asarray(d.lines.close.stored()[:n], dtype=float)
    idx = np.searchsorted(ddates, strategy_dates(strategy), side='right') - 1
    return np.where(idx >= 0, closes[np.clip(idx, 0, max(n - 1, 0))], np.nan)


def summary(strategy, timeframe: int = TimeFrame.Days, compression: int = 1,
            riskfreerate: float = 0.0, annualize: bool = True, factor: Optional[float] = None,
            convertrate: bool = True, stddev_sample: bool = False):
    """Performance summary of ``strategy`` after its run, as a pandas Series
    (``print`` it, or ``format_summary`` for a fixed-width table).

    Sharpe/Sortino/volatility use returns per ``timeframe`` period with
    SharpeRatio's parameters (defaults here: daily returns, no risk-free rate,
    annualised, i.e. ``SharpeRatio_A(timeframe=Days, riskfreerate=0.0)``);
    drawdown figures match the ``DrawDown`` analyzer, trade figures
    ``TradeAnalyzer`` and ``SQN`` (closed trades, net of commission).
    Needs the Broker (or Value) observer, added by the default ``stdstats``.
    """
    import pandas as pd
    eq = equity(strategy)
    start_value = getattr(strategy.broker, 'startingcash', None)
    _, sizes = position_sizes(strategy)
    exposure = (sizes != 0).any(axis=1) if sizes.size else None
    closed = [t for t in trade_list(strategy) if not t['isopen']]
    closed.sort(key=lambda t: (t['dtclose'], t['ref']))
    stats = performance_stats(
        eq.index.to_numpy(), eq['value'].to_numpy(), start_value=start_value,
        exposure=exposure, benchmark=_benchmark(strategy),
        trades_pnlcomm=[t['pnlcomm'] for t in closed],
        trades_barlen=[t['barlen'] for t in closed],
        trades_return_pct=[t['return_pct'] for t in closed],
        timeframe=timeframe, compression=compression, riskfreerate=riskfreerate,
        factor=factor, annualize=annualize, convertrate=convertrate,
        stddev_sample=stddev_sample)
    stats['Strategy'] = type(strategy).__name__
    stats.move_to_end('Strategy', last=False)
    return pd.Series(stats, name=type(strategy).__name__, dtype=object)


def format_summary(series) -> str:
    """The summary as a fixed-width two-column table."""
    return format_stats(dict(series.items()))


def print_summary(strategy, **kwargs):
    """Print the summary table of ``strategy``; returns the Series."""
    series = summary(strategy, **kwargs)
    print(format_summary(series))
    return series
