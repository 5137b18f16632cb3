"""Kaufman's adaptive moving average: exponential smoothing whose factor
follows the efficiency ratio (net move / total movement) of the window."""
from __future__ import annotations

from .basicops import ExponentialSmoothingDynamic, SumN
from .mabase import MovAv, MovingAverageBase

__all__ = ['AdaptiveMovingAverage', 'KAMA', 'MovingAverageAdaptive']


class AdaptiveMovingAverage(MovingAverageBase):
    """Smoothing factor ``(er * (fsc - ssc) + ssc) ** 2`` with
    ``er = abs(x - x(-period)) / SumN(abs(x - x(-1)), period)``,
    ``fsc = 2 / (fast + 1)`` and ``ssc = 2 / (slow + 1)``; seeded with the
    mean of the first full window."""

    alias = ('KAMA', 'MovingAverageAdaptive',)
    lines = ('kama',)
    params = (('fast', 2), ('slow', 30),)

    def __init__(self) -> None:
        period = self.p.period
        change = self.data - self.data(-period)
        volatility = SumN(abs(self.data - self.data(-1)), period=period)
        efficiency = abs(change / volatility)
        fastsc = 2.0 / (self.p.fast + 1.0)
        slowsc = 2.0 / (self.p.slow + 1.0)
        factor = pow(efficiency * (fastsc - slowsc) + slowsc, 2)
        self.lines.kama = ExponentialSmoothingDynamic(self.data, period=period, alpha=factor)
        super().__init__()
