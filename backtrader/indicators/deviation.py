"""Standard deviation and mean (absolute) deviation over a window."""
from __future__ import annotations

from ..lines.ops import LineActions
from ..lines.series import as_line
from .base import Indicator
from .sma import MovingAverageSimple
from ..lines.kernels import py_pow

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
        self._l0.storage()[start:end] = py_pow(self._aline.storage()[start:end], self.exponent)


def _period_movav_label(self) -> list:
    # plot label: the period, plus the average when it is not the default
    return [self.p.period] + ([self.p.movav] if self.p.notdefault('movav') else [])


def _given_or_average(ind, average, period: int):
    # the centre of the deviations: a second data when given, else MA(x)
    return ind.data1 if len(ind.datas) > 1 else average(ind.data, period=period)


class StandardDeviation(Indicator):
    """Population standard deviation ``sqrt(MA(x**2) - mean**2)`` where the
    mean is the second data when given, else ``MA(x)``. With ``safepow`` the
    radicand is taken in absolute value (rounding can make it negative)."""

    alias = ('StdDev',)
    lines = ('stddev',)
    params = (('period', 20), ('movav', MovingAverageSimple), ('safepow', True),)
    plotlines = dict(stddev=dict())

    _plotlabel = _period_movav_label

    def __init__(self) -> None:
        super().__init__()
        average, n = self.p.movav, self.p.period
        centre = _given_or_average(self, average, n)
        radicand = average(_PowerOf(self.data, 2), period=n) - _PowerOf(centre, 2)
        # rounding can push the radicand below zero: safepow takes abs() first
        self.lines.stddev = _PowerOf(abs(radicand) if self.p.safepow else radicand, 0.5)


class MeanDeviation(Indicator):
    """``MA(abs(x - mean))`` where the mean is the second data when given,
    else ``MA(x)``."""

    alias = ('MeanDev',)
    lines = ('meandev',)
    params = (('period', 20), ('movav', MovingAverageSimple),)
    plotlines = dict(meandev=dict())

    _plotlabel = _period_movav_label

    def __init__(self) -> None:
        super().__init__()
        average, n = self.p.movav, self.p.period
        centre = _given_or_average(self, average, n)
        self.lines.meandev = average(abs(self.data - centre), period=n)
