"""Smoothed (Wilder's) moving average: exponential smoothing with
``alpha = 1 / period`` seeded with the simple average of the first ``period``
values."""
from __future__ import annotations

from ..lines.series import as_line
from .basicops import SeededSmoothing
from .mabase import MovAv, MovingAverageBase

__all__ = ['SmoothedMovingAverage', 'SMMA', 'WilderMA', 'MovingAverageSmoothed',
           'MovingAverageWilder', 'ModifiedMovingAverage']


class SmoothedMovingAverage(MovingAverageBase):
    """Wilder's smoothing: ``alpha = 1 / period``."""

    alias = ('SMMA', 'WilderMA', 'MovingAverageSmoothed', 'MovingAverageWilder',
             'ModifiedMovingAverage',)
    lines = ('smma',)
    plotlines = dict(smma=dict())

    nextstart = SeededSmoothing.nextstart
    next = SeededSmoothing.next
    oncestart = SeededSmoothing.oncestart
    once = SeededSmoothing.once

    def __init__(self) -> None:
        super().__init__()
        self.alpha = 1.0 / self.p.period
        self.alpha1 = 1.0 - self.alpha
        self._src = as_line(self.data)
        self.addminperiod(self.p.period)


# the short name belongs to the canonical class, not to the alias registered
