"""Bollinger Bands: a moving average with bands ``devfactor`` standard
deviations away, and the position of the price inside the bands (%B)."""
from __future__ import annotations

from .base import Indicator
from .deviation import StandardDeviation
from .sma import MovingAverageSimple

__all__ = ['BollingerBands', 'BBands', 'BollingerBandsPct']


class BollingerBands(Indicator):
    """``mid = MA(x)``; ``top/bot = mid +/- devfactor * StdDev(x, mid)``."""

    alias = ('BBands',)
    lines = ('mid', 'top', 'bot',)
    params = (('period', 20), ('devfactor', 2.0), ('movav', MovingAverageSimple),)
    plotinfo = dict(subplot=False)
    plotlines = dict(mid=dict(ls='--'), top=dict(_samecolor=True), bot=dict(_samecolor=True),)

    def _plotlabel(self) -> list:
        plabels = [self.p.period, self.p.devfactor]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def __init__(self) -> None:
        super().__init__()
        self.lines.mid = ma = self.p.movav(self.data, period=self.p.period)
        stddev = self.p.devfactor * StandardDeviation(self.data, ma, period=self.p.period,
                                                      movav=self.p.movav)
        self.lines.top = ma + stddev
        self.lines.bot = ma - stddev


class BollingerBandsPct(BollingerBands):
    """Bollinger Bands plus ``pctb = (x - bot) / (top - bot)``."""

    alias = ()                   # the BBands alias is not inherited
    lines = ('pctb',)
    plotlines = dict(pctb=dict(_name='%B'))

    def __init__(self) -> None:
        super().__init__()
        self.l.pctb = (self.data - self.l.bot) / (self.l.top - self.l.bot)
