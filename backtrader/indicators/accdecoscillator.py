"""Acceleration/Deceleration Oscillator (Williams)."""
from __future__ import annotations

from .awesomeoscillator import AwesomeOscillator
from .base import Indicator
from .sma import SMA

__all__ = ['AccelerationDecelerationOscillator', 'AccDeOsc']


class AccelerationDecelerationOscillator(Indicator):
    """``ao - MA(ao, period)`` with the default Awesome Oscillator."""

    alias = ('AccDeOsc',)
    lines = ('accde',)
    params = (('period', 5), ('movav', SMA),)
    plotlines = dict(accde=dict(_method='bar', alpha=0.50, width=1.0))

    def __init__(self) -> None:
        awesome = AwesomeOscillator(self.data)
        self.l.accde = awesome - self.p.movav(awesome, period=self.p.period)
        super().__init__()
