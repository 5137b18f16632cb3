"""Ultimate Oscillator (Williams): buying pressure over true range on three
horizons, weighted 4:2:1."""
from __future__ import annotations

from .atr import TrueLow, TrueRange
from .base import Indicator
from .basicops import SumN

__all__ = ['UltimateOscillator']


class UltimateOscillator(Indicator):
    """``bp = close - TrueLow``; ``av_i = SumN(bp, p_i) / SumN(TR, p_i)``;
    ``uo = 100/7 * 4 av1 + 100/7 * 2 av2 + 100/7 av3``."""

    lines = ('uo',)
    params = (('p1', 7), ('p2', 14), ('p3', 28), ('upperband', 70.0), ('lowerband', 30.0),)

    def _plotinit(self) -> None:
        bands = [self.p.upperband, self.p.lowerband]
        self.plotinfo.plotyhlines = bands
        self.plotinfo.plotyticks = [10.0, 50.0, 90.0] + bands

    def __init__(self) -> None:
        pressure = self.data.close - TrueLow(self.data)
        truerange = TrueRange(self.data)
        averages = [SumN(pressure, period=n) / SumN(truerange, period=n)
                    for n in (self.p.p1, self.p.p2, self.p.p3)]
        unit = 100.0 / (4.0 + 2.0 + 1.0)      # each term scaled on its own
        self.lines.uo = ((unit * 4.0) * averages[0] + (unit * 2.0) * averages[1]
                         + unit * averages[2])
        super().__init__()
