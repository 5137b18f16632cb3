"""Double and triple exponential moving averages (Mulloy): combinations of
repeated smoothings that cancel most of the lag of a single one."""
from __future__ import annotations

from .ema import EMA
from .mabase import MovAv, MovingAverageBase

__all__ = ['DoubleExponentialMovingAverage', 'DEMA', 'MovingAverageDoubleExponential',
           'TripleExponentialMovingAverage', 'TEMA', 'MovingAverageTripleExponential']


class DoubleExponentialMovingAverage(MovingAverageBase):
    """``2 * MA(x) - MA(MA(x))`` with ``_movav`` (EMA by default)."""

    alias = ('DEMA', 'MovingAverageDoubleExponential',)
    lines = ('dema',)
    params = (('_movav', EMA),)

    def __init__(self) -> None:
        period, movav = self.p.period, self.p._movav
        first = movav(self.data, period=period)
        second = movav(first, period=period)
        self.lines.dema = 2.0 * first - second
        super().__init__()


class TripleExponentialMovingAverage(MovingAverageBase):
    """``3 * MA(x) - 3 * MA(MA(x)) + MA(MA(MA(x)))`` with ``_movav`` (EMA)."""

    alias = ('TEMA', 'MovingAverageTripleExponential',)
    lines = ('tema',)
    params = (('_movav', EMA),)

    def __init__(self) -> None:
        period, movav = self.p.period, self.p._movav
        first = movav(self.data, period=period)
        second = movav(first, period=period)
        third = movav(second, period=period)
        self.lines.tema = 3.0 * first - 3.0 * second + third
        super().__init__()
