"""Stochastic oscillators: position of the close within the high/low range
of the last ``period`` bars (%K), and its moving averages (%D)."""
from __future__ import annotations

from ..lines.logic import DivByZero
from .base import Indicator
from .basicops import Highest, Lowest
from .sma import MovingAverageSimple

__all__ = ['StochasticFast', 'Stochastic', 'StochasticSlow', 'StochasticFull']


class _StochasticBase(Indicator):
    """Computes ``k = 100 * (c - LL) / (HH - LL)`` and ``d = MA(k,
    period_dfast)``; subclasses choose which lines they show."""

    lines = ('percK', 'percD',)
    params = (('period', 14), ('period_dfast', 3), ('movav', MovingAverageSimple),
              ('upperband', 80.0), ('lowerband', 20.0),
              ('safediv', False), ('safezero', 0.0))
    plotlines = dict(percD=dict(_name='%D', ls='--'), percK=dict(_name='%K'),)

    def _plotlabel(self) -> list:
        plabels = [self.p.period, self.p.period_dfast]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def _plotinit(self) -> None:
        self.plotinfo.plotyhlines = [self.p.upperband, self.p.lowerband]

    def __init__(self) -> None:
        super().__init__()
        d, n = self.data, self.p.period
        floor = Lowest(d.low, period=n)
        span = Highest(d.high, period=n) - floor
        above = d.close - floor
        ratio = DivByZero(above, span, zero=self.p.safezero) if self.p.safediv else above / span
        self.k = 100.0 * ratio
        self.d = self.p.movav(self.k, period=self.p.period_dfast)


class StochasticFast(_StochasticBase):
    """Fast stochastic: ``percK = k``, ``percD = MA(k, period_dfast)``."""

    def __init__(self) -> None:
        super().__init__()
        self.lines.percK = self.k
        self.lines.percD = self.d


class Stochastic(_StochasticBase):
    """Slow stochastic: ``percK`` is the fast %D, ``percD = MA(percK,
    period_dslow)``."""

    alias = ('StochasticSlow',)
    params = (('period_dslow', 3),)

    def _plotlabel(self) -> list:
        plabels = [self.p.period, self.p.period_dfast, self.p.period_dslow]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def __init__(self) -> None:
        super().__init__()
        self.lines.percK = self.d
        self.l.percD = self.p.movav(self.l.percK, period=self.p.period_dslow)


class StochasticFull(_StochasticBase):
    """Full stochastic: fast %K, fast %D and ``percDSlow = MA(percD,
    period_dslow)``."""

    lines = ('percDSlow',)
    params = (('period_dslow', 3),)
    plotlines = dict(percDSlow=dict(_name='%DSlow'),)

    def _plotlabel(self) -> list:
        plabels = [self.p.period, self.p.period_dfast, self.p.period_dslow]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def __init__(self) -> None:
        super().__init__()
        self.lines.percK = self.k
        self.lines.percD = self.d
        self.l.percDSlow = self.p.movav(self.l.percD, period=self.p.period_dslow)
