"""Fractal study (Bill Williams): marks a bar whose high (low) is the
extreme of the ``period`` bars centred on it.

The mark is known only ``shift_to_potential_fractal`` bars later, so it is
written into the past (two bars back): bar-by-bar, a strategy never sees a
mark on the current bar; in runonce mode the marks are in the arrays before
the strategy runs (as upstream).
"""
from __future__ import annotations

import numpy as np

from ...indicators.basicops import PeriodN
from ...lines.kernels import window_first_argext

__all__ = ['Fractal']


class Fractal(PeriodN):
    """``fractal_bearish[-2] = max * (1 + bardist)`` when the maximum of the
    last ``period`` highs sits at position ``shift_to_potential_fractal``
    (oldest = 0); ``fractal_bullish`` likewise with lows, the minimum and
    ``1 - bardist``."""

    lines = ('fractal_bearish', 'fractal_bullish',)
    params = (('period', 5), ('bardist', 0.015), ('shift_to_potential_fractal', 2),)
    plotinfo = dict(subplot=False, plot=True)
    plotlines = dict(fractal_bearish=dict(marker='^', markersize=4.0, color='lightblue',
                                          fillstyle='full', ls=''),
                     fractal_bullish=dict(marker='v', markersize=4.0, color='lightblue',
                                          fillstyle='full', ls=''))

    # marks land two bars back: what a bar-by-bar run shows at [0] differs
    # from the arrays a runonce run fills up front
    _bt_next_differs = True

    def next(self) -> None:
        period, shift = self.p.period, self.p.shift_to_potential_fractal
        highs = list(self.data.high.get(size=period))
        top = max(highs)
        if highs.index(top) == shift:
            self.lines.fractal_bearish[-2] = top * (1 + self.p.bardist)
        lows = list(self.data.low.get(size=period))
        bottom = min(lows)
        if lows.index(bottom) == shift:
            self.lines.fractal_bullish[-2] = bottom * (1 - self.p.bardist)

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        period, shift = self.p.period, self.p.shift_to_potential_fractal
        for src, dst, highest, factor in (
                (self.data.high, self.lines.fractal_bearish, True, 1 + self.p.bardist),
                (self.data.low, self.lines.fractal_bullish, False, 1 - self.p.bardist)):
            pos, ext = window_first_argext(src.storage()[start - period + 1:end], period, highest)
            hits = np.flatnonzero(pos == shift)
            dst.storage()[start + hits - 2] = ext[hits] * factor
