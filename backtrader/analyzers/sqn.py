"""System Quality Number (Van K. Tharp)."""
from __future__ import annotations

import math

from ..mathsupport import average, standarddev
from ..utils.autodict import AutoOrderedDict
from .base import Analyzer

__all__ = ['SQN']


class SQN(Analyzer):
    """``sqrt(N) * mean(pnlcomm) / stddev(pnlcomm)`` over the N closed trades
    (population standard deviation): ``get_analysis()`` keys ``sqn`` and ``trades``
    (set at the end of the run). ``sqn`` is 0 with one trade or fewer and ``None``
    when all trades have the same result (zero deviation).

    Like upstream, the ``alias`` below creates no extra name."""

    alias = ('SystemQualityNumber',)

    def create_analysis(self) -> None:
        self.rets = AutoOrderedDict()

    def start(self) -> None:
        super().start()
        self.pnl = []
        self.count = 0

    def notify_trade(self, trade) -> None:
        if trade.status == trade.Closed:
            self.pnl.append(trade.pnlcomm)
            self.count += 1

    def stop(self) -> None:
        rets = self.rets
        rets.sqn = 0    # too few trades to measure anything
        if self.count > 1:
            mean, deviation = average(self.pnl), standarddev(self.pnl)
            # identical results: no deviation, no number
            rets.sqn = math.sqrt(len(self.pnl)) * mean / deviation if deviation else None
        rets.trades = self.count
        rets._close()
