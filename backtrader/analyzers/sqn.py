"""System Quality Number (Van K. Tharp)."""
from __future__ import annotations

import math

from ..utils.autodict import AutoOrderedDict
from .base import Analyzer

__all__ = ['SQN']


class SQN(Analyzer):
    """``sqrt(N) * mean(pnlcomm) / stddev(pnlcomm)`` over the N closed trades
    (population standard deviation); 0 with one trade or fewer.

    Like upstream, the ``alias`` below creates no extra name."""

    alias = ('SystemQualityNumber',)

    def create_analysis(self) -> None:
        self.rets = AutoOrderedDict()
        self.rets.sqn = 0.0
        self.rets.trades = 0

    def start(self) -> None:
        super().start()
        self.pnl = []
        self.count = 0

    def notify_trade(self, trade) -> None:
        if trade.status == trade.Closed:
            self.pnl.append(trade.pnlcomm)
            self.count += 1

    def stop(self) -> None:
        n = self.count
        if n > 1:
            mean = math.fsum(self.pnl) / n
            var = math.fsum((x - mean) ** 2 for x in self.pnl) / n
            std = math.sqrt(var)
            try:
                sqn = math.sqrt(n) * mean / std
            except ZeroDivisionError:
                sqn = None
        else:
            sqn = 0
        self.rets.sqn = sqn
        self.rets.trades = n
        self.rets._close()

