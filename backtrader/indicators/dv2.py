"""DV2 (David Varadi): percent rank of the smoothed close/mid-range ratio."""
from __future__ import annotations

from .base import Indicator
from .percentrank import PercentRank
from .sma import SMA

__all__ = ['DV2']


class DV2(Indicator):
    """``100 * PercentRank(MA(close / ((high + low) / 2), maperiod), period)``."""

    lines = ('dv2',)
    params = (('period', 252), ('maperiod', 2), ('_movav', SMA),)

    def __init__(self) -> None:
        ratio = self.data.close / ((self.data.high + self.data.low) / 2.0)
        smoothed = self.p._movav(ratio, period=self.p.maperiod)
        self.lines.dv2 = PercentRank(smoothed, period=self.p.period) * 100.0
        super().__init__()
