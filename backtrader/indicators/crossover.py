"""Crossing of two lines: NonZeroDifference, CrossUp, CrossDown, CrossOver."""
from __future__ import annotations

import numpy as np

from ..lines.logic import And
from ..lines.series import as_line
from .base import Indicator

__all__ = ['NonZeroDifference', 'NZD', 'CrossUp', 'CrossDown', 'CrossOver']


class NonZeroDifference(Indicator):
    """``data0 - data1``, keeping the previous value while the difference is 0."""

    _mindatas = 2
    alias = ('NZD',)
    lines = ('nzd',)
    plotlines = dict(nzd=dict())
    _bt_drops_kwargs = True     # as upstream's (no __init__ of its own there)

    def __init__(self) -> None:
        self._aline = as_line(self.data0)
        self._bline = as_line(self.data1)

    def nextstart(self) -> None:
        self._l0[0] = self._aline[0] - self._bline[0]

    def next(self) -> None:
        d = self._aline[0] - self._bline[0]
        self._l0[0] = d if d else self._l0[-1]

    def oncestart(self, start: int, end: int) -> None:
        self._l0.storage()[start] = self._aline.storage()[start] - self._bline.storage()[start]

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        lo = start - 1
        d = self._aline.storage()[lo:end] - self._bline.storage()[lo:end]
        d[0] = self._l0.storage()[lo]
        keep = d != 0            # NaN != 0 too: NaN is kept like Python truthiness
        keep[0] = True
        pos = np.where(keep, np.arange(len(d)), 0)
        np.maximum.accumulate(pos, out=pos)
        self._l0.storage()[start:end] = d[pos][1:]


class _CrossBase(Indicator):
    _mindatas = 2
    plotinfo = dict(plotymargin=0.05, plotyhlines=[0.0, 1.0])

    def _cross_line(self, upwards: bool):
        nzd = NonZeroDifference(self.data0, self.data1)
        if upwards:
            return And(nzd(-1) < 0.0, self.data0 > self.data1)
        return And(nzd(-1) > 0.0, self.data0 < self.data1)


class CrossUp(_CrossBase):
    """1.0 on the bar where data0 crosses data1 upwards."""

    lines = ('cross',)
    plotlines = dict(cross=dict())

    def __init__(self) -> None:
        self.lines.cross = self._cross_line(True)


class CrossDown(_CrossBase):
    """1.0 on the bar where data0 crosses data1 downwards."""

    lines = ('cross',)
    plotlines = dict(cross=dict())

    def __init__(self) -> None:
        self.lines.cross = self._cross_line(False)


class CrossOver(Indicator):
    """1.0 on an upward cross, -1.0 on a downward cross, 0.0 otherwise."""

    _mindatas = 2
    lines = ('crossover',)
    plotlines = dict(crossover=dict())
    plotinfo = dict(plotymargin=0.05, plotyhlines=[-1.0, 1.0])

    def __init__(self) -> None:
        upcross = CrossUp(self.data0, self.data1)
        downcross = CrossDown(self.data0, self.data1)
        self.lines.crossover = upcross - downcross
