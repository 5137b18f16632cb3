"""Momentum family: change of the input over ``period`` bars, as a
difference, a ratio or a rate."""
from __future__ import annotations

from .base import Indicator

__all__ = ['Momentum', 'MomentumOscillator', 'MomentumOsc', 'RateOfChange', 'ROC',
           'RateOfChange100', 'ROC100']


class Momentum(Indicator):
    """``x - x(-period)``."""

    lines = ('momentum',)
    params = (('period', 12),)
    plotinfo = dict(plothlines=[0.0])

    def __init__(self) -> None:
        self.l.momentum = self.data - self.data(-self.p.period)
        super().__init__()


class MomentumOscillator(Indicator):
    """``100 * x / x(-period)`` (``band`` marks the 100 level)."""

    alias = ('MomentumOsc',)
    lines = ('momosc',)
    params = (('period', 12), ('band', 100.0),)

    def _plotlabel(self) -> list:
        return [self.p.period]

    def _plotinit(self) -> None:
        self.plotinfo.plothlines = [self.p.band]

    def __init__(self) -> None:
        self.l.momosc = 100.0 * (self.data / self.data(-self.p.period))
        super().__init__()


class RateOfChange(Indicator):
    """``(x - x(-period)) / x(-period)``."""

    alias = ('ROC',)
    lines = ('roc',)
    params = (('period', 12),)

    def __init__(self) -> None:
        before = self.data(-self.p.period)
        self.l.roc = (self.data - before) / before
        super().__init__()


class RateOfChange100(Indicator):
    """``100 * ROC``."""

    alias = ('ROC100',)
    lines = ('roc100',)
    params = (('period', 12),)

    def __init__(self) -> None:
        self.l.roc100 = 100.0 * RateOfChange(self.data, period=self.p.period)
        super().__init__()
