"""True high/low/range and the Average True Range."""
from __future__ import annotations

from ..lines.logic import Max, Min
from .base import Indicator
from .smma import SmoothedMovingAverage

__all__ = ['TrueHigh', 'TrueLow', 'TrueRange', 'TR', 'AverageTrueRange', 'ATR']


class TrueHigh(Indicator):
    """Higher of today's high and yesterday's close."""

    lines = ('truehigh',)
    plotlines = dict(truehigh=dict())

    def __init__(self) -> None:
        self.lines.truehigh = Max(self.data.high, self.data.close(-1))


class TrueLow(Indicator):
    """Lower of today's low and yesterday's close."""

    lines = ('truelow',)
    plotlines = dict(truelow=dict())

    def __init__(self) -> None:
        self.lines.truelow = Min(self.data.low, self.data.close(-1))


class TrueRange(Indicator):
    """True high minus true low."""

    alias = ('TR',)
    lines = ('tr',)
    plotlines = dict(tr=dict())

    def __init__(self) -> None:
        self.lines.tr = TrueHigh(self.data) - TrueLow(self.data)


class AverageTrueRange(Indicator):
    """Moving average (Wilder's by default) of the true range."""

    alias = ('ATR',)
    lines = ('atr',)
    plotlines = dict(atr=dict())
    params = (('period', 14), ('movav', SmoothedMovingAverage))

    def _plotlabel(self) -> list:
        plabels = [self.p.period]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def __init__(self) -> None:
        self.lines.atr = self.p.movav(TrueRange(self.data), period=self.p.period)
