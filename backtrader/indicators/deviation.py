"""Standard deviation and mean (absolute) deviation over a window."""
from __future__ import annotations

from ..lines.ops import LineActions
from ..lines.series import as_line
from .base import Indicator
from .sma import MovingAverageSimple
from .vector import py_pow

__all__ = ['StandardDeviation', 'StdDev', 'MeanDeviation', 'MeanDev']


class _PowerOf(LineActions):
    """``a ** exponent`` per bar with Python's float semantics (libm ``pow``,
    which differs from ``x * x``/``sqrt`` in the last bit for some values)."""

    def __init__(self, a, exponent: float) -> None:
        self._aline = as_line(a)
        self.exponent = exponent

    def next(self) -> None:
        res = self._aline[0] ** self.exponent
        self._l0[0] = res if isinstance(res, float) else float('nan')

    def once(self, start: int, end: int) -> None:
        self._l0._a[start:end] = py_pow(self._aline._a[start:end], self.exponent)


class StandardDeviation(Indicator):
    """Population standard deviation ``sqrt(MA(x**2) - mean**2)`` where the
    mean is the second data when given, else ``MA(x)``. With ``safepow`` the
    radicand is taken in absolute value (rounding can make it negative)."""

    alias = ('StdDev',)
    lines = ('stddev',)
    params = (('period', 20), ('movav', MovingAverageSimple), ('safepow', True),)
    plotlines = dict(stddev=dict())

    def _plotlabel(self) -> list:
        plabels = [self.p.period]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def __init__(self) -> None:
        super().__init__()
        if len(self.datas) > 1:
            mean = self.data1
        else:
            mean = self.p.movav(self.data, period=self.p.period)
        meansq = self.p.movav(_PowerOf(self.data, 2), period=self.p.period)
        sqmean = _PowerOf(mean, 2)
        if self.p.safepow:
            self.lines.stddev = _PowerOf(abs(meansq - sqmean), 0.5)
        else:
            self.lines.stddev = _PowerOf(meansq - sqmean, 0.5)


class MeanDeviation(Indicator):
    """``MA(abs(x - mean))`` where the mean is the second data when given,
    else ``MA(x)``."""

    alias = ('MeanDev',)
    lines = ('meandev',)
    params = (('period', 20), ('movav', MovingAverageSimple),)
    plotlines = dict(meandev=dict())

    def _plotlabel(self) -> list:
        plabels = [self.p.period]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def __init__(self) -> None:
        super().__init__()
        if len(self.datas) > 1:
            mean = self.data1
        else:
            mean = self.p.movav(self.data, period=self.p.period)
        absdev = abs(self.data - mean)
        self.lines.meandev = self.p.movav(absdev, period=self.p.period)
