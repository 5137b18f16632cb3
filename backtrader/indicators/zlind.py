"""Zero-lag indicator (Ehlers' error-correcting EMA): each bar the EMA is
corrected by the gain (from ``-gainlimit/10`` to ``+gainlimit/10``) that brings
the result closest to the price."""
from __future__ import annotations

import math
import sys

import numpy as np

from ..lines.series import as_line
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

    The error is V-shaped in the gain, so only the grid points around the
    exact optimum can win; they are evaluated with the same float operations
    as a full scan (which is used when the V is too flat to decide)."""
    base = alpha1 * ec1
    delta = x - ec1
    slope = alpha * delta
    scale = abs(x) + abs(ema) + abs(ec1) + 6.0 * abs(delta)
    if abs(slope) * 0.1 > _TIGHT * scale and scale < 1e300:
        pos = (x - alpha * ema - base) / slope * 10.0
        centre = math.floor(pos)
        lo = min(max(centre - 1, -limit), limit)
        hi = max(min(centre + 2, limit), -limit)
        return _scan_gains(x, ema, ec1, alpha, base, lo, hi)
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
        super().__init__()

    def nextstart(self) -> None:
        self._l0[0] = self.ema[0]

    def next(self) -> None:
        self._l0[0] = corrected_value(self._src[0], self.ema[0], self._l0[-1],
                                      self.alpha, self.alpha1, self.p.gainlimit)

    def oncestart(self, start: int, end: int) -> None:
        self._l0._a[start] = self.ema.lines[0]._a[start]

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        dst = self._l0._a
        xs = self._src._a[start:end].tolist()
        emas = self.ema.lines[0]._a[start:end].tolist()
        alpha, alpha1, limit = self.alpha, self.alpha1, self.p.gainlimit
        prev = dst[start - 1]
        out = []
        append = out.append
        for x, ema in zip(xs, emas):
            prev = corrected_value(x, ema, prev, alpha, alpha1, limit)
            append(prev)
        dst[start:end] = out
