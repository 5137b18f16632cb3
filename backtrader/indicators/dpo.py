"""Detrended Price Oscillator."""
from __future__ import annotations

from .base import Indicator
from .sma import MovingAverageSimple

__all__ = ['DetrendedPriceOscillator', 'DPO']


class DetrendedPriceOscillator(Indicator):
    """``x - MA(x, period)`` taken ``ceil(period / 2) - 1`` bars back
    (the delay is ``-period // 2 + 1`` with floor division)."""

    alias = ('DPO',)
    lines = ('dpo',)
    params = (('period', 20), ('movav', MovingAverageSimple),)
    plotinfo = dict(plothlines=[0.0])

    def _plotlabel(self) -> list:
        plabels = [self.p.period]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def __init__(self) -> None:
        average = self.p.movav(self.data, period=self.p.period)
        self.lines.dpo = self.data - average(-self.p.period // 2 + 1)
        super().__init__()
