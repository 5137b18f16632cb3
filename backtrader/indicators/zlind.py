"""Zero-lag indicator (Ehlers' error-correcting EMA): each bar the EMA is
corrected by the gain (from ``-gainlimit/10`` to ``+gainlimit/10``) that brings
the result closest to the price."""
from __future__ import annotations

import math
import sys

import numpy as np

from ..lines.series import as_line
from .base import fill_stalled, mark_stalled_input
from .ema import EMA
from .mabase import MovAv, MovingAverageBase

__all__ = ['ZeroLagIndicator', 'ZLIndicator', 'ZLInd', 'EC', 'ErrorCorrecting']

MAXINT = sys.maxsize
_TIGHT = 1e-13          # relative step below which the full gain scan is used


def _scan_gains(x: float, ema: float, ec1: float, alpha: float, base: float,
                lo: int, hi: int) -> float:
    # first gain (in increasing order) giving the smallest error
    delta = x - ec1
    least = MAXINT
    best = 0.0
    for step in range(lo, hi + 1):
        gain = step / 10.0
        err = abs(x - (alpha * (ema + gain * delta) + base))
        if err < least:
            least = err
            best = gain
    return alpha * (ema + best * delta) + base


def corrected_value(x: float, ema: float, ec1: float, alpha: float, alpha1: float,
                    limit: int) -> float:
    """The error-corrected value of one bar (previous value ``ec1``).

    The error ``|r - alpha * delta * gain|`` is V-shaped in the gain, so only
    the two grid points around the exact optimum can win (every other one is
    a whole grid step worse, far above the rounding noise when the V is steep
    enough); they are evaluated with the same float operations, in the same
    order, as a full scan. A flat V (or NaN) uses the full scan."""
    base = alpha1 * ec1
    delta = x - ec1
    slope = alpha * delta
    scale = abs(x) + abs(ema) + abs(ec1) + 6.0 * abs(delta)
    if abs(slope) * 0.1 > _TIGHT * scale and scale < 1e300:
        centre = math.floor((x - alpha * ema - base) / slope * 10.0)
        lo = min(max(centre, -limit), limit)
        gain = lo / 10.0
        if -limit <= centre < limit:
            other = (lo + 1) / 10.0
            if (abs(x - (alpha * (ema + other * delta) + base))
                    < abs(x - (alpha * (ema + gain * delta) + base))):
                gain = other
        return alpha * (ema + gain * delta) + base
    return _scan_gains(x, ema, ec1, alpha, base, -limit, limit)


class ZeroLagIndicator(MovingAverageBase):
    """Error-correcting EMA. The average is always an EMA (``_movav`` is
    accepted for compatibility and ignored, as upstream does); the first value
    is the EMA itself."""

    alias = ('ZLIndicator', 'ZLInd', 'EC', 'ErrorCorrecting',)
    lines = ('ec',)
    params = (('gainlimit', 50), ('_movav', EMA),)

    # upstream writes ``ec`` in its own next(), after the line operations built
    # on it were updated: envelopes/oscillators derived from it see NaN there
    _bt_line0_late = True

    def _plotlabel(self) -> list:
        return [self.p.period, self.p.gainlimit]

    def __init__(self) -> None:
        self._src = as_line(self.data)
        self.ema = EMA(self.data, period=self.p.period)
        self.alpha, self.alpha1 = self.ema.alpha, self.ema.alpha1
        mark_stalled_input(self)
        super().__init__()

    def _stalled_last(self) -> float:
        # upstream's last replayed call: previous value NaN -> the EMA itself
        return self.ema.lines[0].storage()[self._l0.clock.buflen - 1]

    def nextstart(self) -> None:
        self._l0[0] = self.ema[0]

    def next(self) -> None:
        self._l0[0] = corrected_value(self._src[0], self.ema[0], self._l0[-1],
                                      self.alpha, self.alpha1, self.p.gainlimit)

    def oncestart(self, start: int, end: int) -> None:
        if self._bt_stalled:
            fill_stalled(self._l0, start, end, self._stalled_last)
            return
        self._l0.storage()[start] = self.ema.lines[0].storage()[start]

    def once(self, start: int, end: int) -> None:
        if self._bt_stalled:
            fill_stalled(self._l0, start, end, self._stalled_last)
            return
        if end <= start:
            return
        dst = self._l0.storage()
        xs = self._src.storage()[start:end].tolist()
        emas = self.ema.lines[0].storage()[start:end].tolist()
        alpha, alpha1, limit = self.alpha, self.alpha1, self.p.gainlimit
        prev = float(dst[start - 1])
        out = []
        append = out.append
        floor, tight = math.floor, _TIGHT
        # corrected_value() inlined (the hot loop of this indicator)
        for x, ema in zip(xs, emas):
            base = alpha1 * prev
            delta = x - prev
            slope = alpha * delta
            scale = abs(x) + abs(ema) + abs(prev) + 6.0 * abs(delta)
            if abs(slope) * 0.1 > tight * scale and scale < 1e300:
                centre = floor((x - alpha * ema - base) / slope * 10.0)
                lo = min(max(centre, -limit), limit)
                gain = lo / 10.0
                if -limit <= centre < limit:
                    other = (lo + 1) / 10.0
                    if (abs(x - (alpha * (ema + other * delta) + base))
                            < abs(x - (alpha * (ema + gain * delta) + base))):
                        gain = other
                prev = alpha * (ema + gain * delta) + base
            else:
                prev = corrected_value(x, ema, prev, alpha, alpha1, limit)
            append(prev)
        dst[start:end] = out
