"""Simple moving average."""
from __future__ import annotations

import math

from ..lines.series import as_line
from .mabase import MovAv, MovingAverageBase
from ..lines.kernels import window_fsum_inf, windows_over

__all__ = ['MovingAverageSimple', 'SMA', 'SimpleMovingAverage']


class MovingAverageSimple(MovingAverageBase):
    """Arithmetic mean of the last ``period`` values (``math.fsum`` exact)."""

    alias = ('SMA', 'SimpleMovingAverage',)
    lines = ('sma',)
    plotlines = dict(sma=dict())

    def __init__(self) -> None:
        super().__init__()
        self._src = as_line(self.data)
        self.addminperiod(self.p.period)

    def next(self) -> None:
        p = self.p.period
        self._l0[0] = math.fsum(self._src.window(p)) / p

    def once(self, start: int, end: int) -> None:
        p = self.p.period
        src, dst = self._src.storage(), self._l0.storage()
        dst[start:end] = windows_over(window_fsum_inf, src, start, end, p) / p


# the short name belongs to the canonical class, not to the alias registered
