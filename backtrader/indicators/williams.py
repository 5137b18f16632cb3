"""Williams' %R and Accumulation/Distribution."""
from __future__ import annotations

from ..lines.logic import If
from .atr import TrueHigh, TrueLow
from .base import Indicator
from .basicops import Accum, Highest, Lowest
from .rsi import DownDay, UpDay

__all__ = ['WilliamsR', 'WilliamsAD']


class WilliamsR(Indicator):
    """``-100 * (HH - close) / (HH - LL)`` over ``period`` bars."""

    lines = ('percR',)
    params = (('period', 14), ('upperband', -20.0), ('lowerband', -80.0),)
    plotinfo = dict(plotname='Williams R%')
    plotlines = dict(percR=dict(_name='R%'))

    def __init__(self) -> None:
        highest = Highest(self.data.high, period=self.p.period)
        lowest = Lowest(self.data.low, period=self.p.period)
        self.lines.percR = -100.0 * (highest - self.data.close) / (highest - lowest)
        super().__init__()


class WilliamsAD(Indicator):
    """Running sum of ``close - TrueLow`` on up days and ``close - TrueHigh``
    on down days."""

    lines = ('ad',)

    def __init__(self) -> None:
        close = self.data.close
        gain = If(UpDay(close) > 0, close - TrueLow(self.data), 0.0)
        loss = If(DownDay(close) > 0, close - TrueHigh(self.data), 0.0)
        self.lines.ad = Accum(gain + loss)
        super().__init__()
