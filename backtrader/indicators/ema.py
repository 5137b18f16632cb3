"""Exponential and smoothed (Wilder) moving averages: exponential smoothing
seeded with the simple average of the first ``period`` values."""
from __future__ import annotations

import math

from ..lines.series import as_line
from .mabase import MovingAverageBase
from .vector import window_fsum, exp_smooth

__all__ = ['ExponentialMovingAverage', 'EMA', 'MovingAverageExponential',
           'SmoothedMovingAverage', 'SMMA', 'WilderMA', 'MovingAverageSmoothed',
           'MovingAverageWilder', 'ModifiedMovingAverage', 'SeededSmoothingMixin']


class SeededSmoothingMixin:
    """``y = y[-1] * (1 - alpha) + x * alpha`` after a seed equal to the
    simple average of the first ``period`` values. Subclasses set ``alpha``."""

    def _setup_smoothing(self, alpha: float) -> None:
        self.alpha = alpha
        self.alpha1 = 1.0 - alpha
        self._src = as_line(self.data)
        self.addminperiod(self.p.period)

    def nextstart(self) -> None:
        p = self.p.period
        self._l0[0] = math.fsum(self._src._window(p)) / p

    def next(self) -> None:
        l0 = self._l0
        l0[0] = l0[-1] * self.alpha1 + self._src[0] * self.alpha

    def oncestart(self, start: int, end: int) -> None:
        p = self.p.period
        src = self._src._a
        self._l0._a[start] = math.fsum(src[start - p + 1:start + 1].tolist()) / p

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        dst = self._l0._a
        dst[start:end] = exp_smooth(self._src._a[:end], start, dst[start - 1],
                                    self.alpha, self.alpha1)


class ExponentialMovingAverage(SeededSmoothingMixin, MovingAverageBase):
    """EMA with ``alpha = 2 / (1 + period)``."""

    alias = ('EMA', 'MovingAverageExponential',)
    lines = ('ema',)

    def __init__(self) -> None:
        self._setup_smoothing(2.0 / (1.0 + self.p.period))


class SmoothedMovingAverage(SeededSmoothingMixin, MovingAverageBase):
    """Wilder's smoothing: ``alpha = 1 / period``."""

    alias = ('SMMA', 'WilderMA', 'MovingAverageSmoothed', 'MovingAverageWilder',
             'ModifiedMovingAverage',)
    lines = ('smma',)

    def __init__(self) -> None:
        self._setup_smoothing(1.0 / self.p.period)
