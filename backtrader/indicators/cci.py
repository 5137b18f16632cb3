"""Commodity Channel Index (Lambert)."""
from __future__ import annotations

from .base import Indicator
from .deviation import MeanDeviation
from .sma import MovingAverageSimple

__all__ = ['CommodityChannelIndex', 'CCI']


class CommodityChannelIndex(Indicator):
    """``(tp - MA(tp)) / (factor * MeanDev(tp, MA(tp)))`` with the typical
    price ``tp = (high + low + close) / 3``."""

    alias = ('CCI',)
    lines = ('cci',)
    params = (('period', 20), ('factor', 0.015), ('movav', MovingAverageSimple),
              ('upperband', 100.0), ('lowerband', -100.0),)

    def _plotlabel(self) -> list:
        plabels = [self.p.period, self.p.factor]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def _plotinit(self) -> None:
        self.plotinfo.plotyhlines = [0.0, self.p.upperband, self.p.lowerband]

    def __init__(self) -> None:
        period = self.p.period
        typical = (self.data.high + self.data.low + self.data.close) / 3.0
        mean = self.p.movav(typical, period=period)
        deviation = typical - mean
        meandev = MeanDeviation(typical, mean, period=period, movav=self.p.movav)
        self.lines.cci = deviation / (self.p.factor * meandev)
        super().__init__()
