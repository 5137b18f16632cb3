"""Pretty Good Oscillator (Johnson): distance from the average in units of
average true range."""
from __future__ import annotations

from .atr import ATR
from .base import Indicator
from .sma import MovingAverageSimple

__all__ = ['PrettyGoodOscillator', 'PGO', 'PrettyGoodOsc']


class PrettyGoodOscillator(Indicator):
    """``(x - MA(x, period)) / ATR(data, period)``."""

    alias = ('PGO', 'PrettyGoodOsc',)
    lines = ('pgo',)
    params = (('period', 14), ('_movav', MovingAverageSimple),)

    def __init__(self) -> None:
        distance = self.data - self.p._movav(self.data, period=self.p.period)
        self.lines.pgo = distance / ATR(self.data, period=self.p.period)
        super().__init__()
