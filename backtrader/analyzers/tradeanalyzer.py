"""Trade statistics (placeholder being completed: totals only)."""
from __future__ import annotations

from ..utils.autodict import AutoOrderedDict
from .base import Analyzer

__all__ = ['TradeAnalyzer']


class TradeAnalyzer(Analyzer):
    """Statistics of the trades: totals, streaks, pnl, won/lost, long/short, lengths."""

    def create_analysis(self) -> None:
        self.rets = AutoOrderedDict()
        self.rets.total.total = 0

    def stop(self) -> None:
        super().stop()
        self.rets._close()

    def notify_trade(self, trade) -> None:
        if trade.justopened:
            self.rets.total.total += 1
            self.rets.total.open += 1
        elif trade.status == trade.Closed:
            self.rets.total.open -= 1
            self.rets.total.closed += 1
