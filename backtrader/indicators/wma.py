"""Weighted moving average: linear weights 1 (oldest) .. period (newest)."""
from __future__ import annotations

import math

from ..lines.series import as_line
from .mabase import MovAv, MovingAverageBase
from ..lines.kernels import window_dot_fsum

__all__ = ['WeightedMovingAverage', 'WMA', 'MovingAverageWeighted']


class WeightedMovingAverage(MovingAverageBase):
    """``coef * fsum(i * x[i])`` with weights ``1..period`` (newest heaviest)
    and ``coef = 2 / (period * (period + 1))``."""

    alias = ('WMA', 'MovingAverageWeighted',)
    lines = ('wma',)
    plotlines = dict(wma=dict())

    def __init__(self) -> None:
        super().__init__()
        p = self.p.period
        self.coef = 2.0 / (p * (p + 1.0))
        self.weights = [float(w) for w in range(1, p + 1)]
        self._src = as_line(self.data)
        self.addminperiod(p)

    def next(self) -> None:
        window = self._src.window(self.p.period)
        self._l0[0] = self.coef * math.fsum([w * x for w, x in zip(self.weights, window)])

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        p = self.p.period
        dots = window_dot_fsum(self._src.storage()[start - p + 1:end], self.weights)
        self._l0.storage()[start:end] = self.coef * dots[p - 1:]


# the short name belongs to the canonical class, not to the alias registered
