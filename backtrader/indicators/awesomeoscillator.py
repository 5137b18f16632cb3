"""Awesome Oscillator (Williams): fast minus slow average of the median
price."""
from __future__ import annotations

from .base import Indicator
from .sma import SMA

__all__ = ['AwesomeOscillator', 'AwesomeOsc', 'AO']


class AwesomeOscillator(Indicator):
    """``MA(median, fast) - MA(median, slow)`` with ``median = (high + low) / 2``."""

    alias = ('AwesomeOsc', 'AO',)
    lines = ('ao',)
    params = (('fast', 5), ('slow', 34), ('movav', SMA),)
    plotlines = dict(ao=dict(_method='bar', alpha=0.50, width=1.0))

    def __init__(self) -> None:
        median = (self.data.high + self.data.low) / 2.0
        fast = self.p.movav(median, period=self.p.fast)
        slow = self.p.movav(median, period=self.p.slow)
        self.l.ao = fast - slow
        super().__init__()
