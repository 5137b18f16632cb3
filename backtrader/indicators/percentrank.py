"""Percent rank: share of the window's values lower than the current one."""
from __future__ import annotations

import math

import numpy as np

from .basicops import BaseApplyN
from ..lines.kernels import window_count_below

__all__ = ['PercentRank', 'PctRank']


def _rank(window) -> float:
    # values strictly below the newest one, over the window size (the newest
    # value included)
    last = window[-1]
    return math.fsum(v < last for v in window) / len(window)


class PercentRank(BaseApplyN):
    """``count(window < window[-1]) / period`` over the last ``period``
    values (``func`` may replace the ranking function)."""

    alias = ('PctRank',)
    lines = ('pctrank',)
    params = (('period', 50), ('func', lambda window: _rank(window)),)

    def _plotlabel(self) -> list:
        return [self.p.period, self.func]

    def __init__(self) -> None:
        super().__init__()
        # the plain function (a function default read through ``self.p`` comes
        # back bound to the params object)
        self.func = self.p._getkwargs()['func']

    def next(self) -> None:
        if self.func is _default_rank:
            window = self._src.view(size=self.p.period)
            self._l0[0] = np.count_nonzero(window < window[-1]) / len(window)
        else:
            super().next()

    def once(self, start: int, end: int) -> None:
        if self.func is not _default_rank:
            return super().once(start, end)
        if end <= start:
            return
        p = self.p.period
        counts = window_count_below(self._src.storage()[start - p + 1:end], p)
        self._l0.storage()[start:end] = counts / p


_default_rank = PercentRank.params._getkwargsdefault()['func']
