"""TRIX: rate of change (in percent) of a triple-smoothed average."""
from __future__ import annotations

from .base import Indicator
from .ema import EMA

__all__ = ['Trix', 'TRIX', 'TrixSignal']


class Trix(Indicator):
    """``100 * (e3 / e3(-_rocperiod) - 1)`` with ``e3 = MA(MA(MA(x)))``."""

    alias = ('TRIX',)
    lines = ('trix',)
    params = (('period', 15), ('_rocperiod', 1), ('_movav', EMA),)
    plotinfo = dict(plothlines=[0.0])

    def _plotlabel(self) -> list:
        plabels = [self.p.period]
        plabels += [self.p._movav] * self.p.notdefault('_movav')
        return plabels

    def __init__(self) -> None:
        period, movav = self.p.period, self.p._movav
        triple = movav(movav(movav(self.data, period=period), period=period), period=period)
        self.lines.trix = 100.0 * (triple / triple(-self.p._rocperiod) - 1.0)
        super().__init__()


class TrixSignal(Trix):
    """TRIX plus ``signal = MA(trix, sigperiod)``."""

    alias = ()
    lines = ('signal',)
    params = (('sigperiod', 9),)

    def __init__(self) -> None:
        super().__init__()
        self.l.signal = self.p._movav(self.lines[0], period=self.p.sigperiod)
