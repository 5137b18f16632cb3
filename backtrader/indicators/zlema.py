"""Zero-lag exponential moving average: the average of a price corrected by
its own change over half the period."""
from __future__ import annotations

from .ema import EMA
from .mabase import MovAv, MovingAverageBase

__all__ = ['ZeroLagExponentialMovingAverage', 'ZLEMA', 'ZeroLagEma']


class ZeroLagExponentialMovingAverage(MovingAverageBase):
    """``MA(2 * x - x(-lag), period)`` with ``lag = (period - 1) // 2``."""

    alias = ('ZLEMA', 'ZeroLagEma',)
    lines = ('zlema',)
    params = (('_movav', EMA),)

    def __init__(self) -> None:
        lag = (self.p.period - 1) // 2
        corrected = 2.0 * self.data - self.data(-lag)
        self.lines.zlema = self.p._movav(corrected, period=self.p.period)
        super().__init__()
