"""Hurst exponent of the last ``period`` values (numpy only)."""
from __future__ import annotations

import numpy as np

from ..lines.series import as_line
from .base import fill_stalled, mark_stalled_input
from .basicops import PeriodN

__all__ = ['HurstExponent', 'Hurst']

_BLOCK = 16384         # windows per block in runonce


def hurst_series(x: np.ndarray, period: int, lags: np.ndarray) -> np.ndarray:
    """Hurst exponent of every full window of ``period`` values of ``x`` (one
    result per window, oldest window first).

    For each lag: ``tau = sqrt(std(w[lag:] - w[:-lag]))`` (population std,
    two passes); the exponent is twice the least-squares slope of
    ``log10(tau)`` against ``log10(lag)`` in closed form. Every sum runs
    column by column in a fixed order, so a single window (next mode) gets
    bit-identical results to the whole series (runonce)."""
    nwin = len(x) - period + 1
    if nwin <= 0:
        return np.empty(0)
    logx = np.log10(lags.astype(float))
    centred = (logx - logx.mean()).tolist()
    denom = float(np.dot(centred, centred))
    logtaus = []
    with np.errstate(divide='ignore', invalid='ignore'):
        for lag in lags.tolist():
            diffs = x[lag:] - x[:-lag]          # window t uses diffs[t : t + period - lag]
            count = period - lag
            cols = [diffs[j:j + nwin] for j in range(count)]
            total = cols[0].copy()
            for col in cols[1:]:
                total += col
            mean = total / count
            dev = cols[0] - mean
            sq = dev * dev
            for col in cols[1:]:
                dev = col - mean
                sq += dev * dev
            logtaus.append(np.log10(np.sqrt(np.sqrt(sq / count))))
        ysum = logtaus[0].copy()
        for lt in logtaus[1:]:
            ysum += lt
        ymean = ysum / len(logtaus)
        acc = (logtaus[0] - ymean) * centred[0]
        for lt, c in zip(logtaus[1:], centred[1:]):
            acc += (lt - ymean) * c
    return 2.0 * (acc / denom)


class HurstExponent(PeriodN):
    """Hurst exponent over ``period`` bars with lags ``lag_start`` (2 when
    None) to ``lag_end`` (``period // 2`` when None, excluded).

    Upstream fits the line with ``numpy.polyfit`` on each bar; here the
    least-squares slope is computed in closed form for all bars at once (the
    values agree to ~1e-15)."""

    alias = ('Hurst',)
    lines = ('hurst',)
    params = (('period', 40), ('lag_start', None), ('lag_end', None),)

    def _plotlabel(self) -> list:
        return [self.p.period, self._lag_start, self._lag_end]

    def __init__(self) -> None:
        super().__init__()
        self._src = as_line(self.data)
        self._lag_start = self.p.lag_start if self.p.lag_start is not None else 2
        self._lag_end = self.p.lag_end if self.p.lag_end is not None else self.p.period // 2
        self.lags = np.arange(self._lag_start, self._lag_end)
        mark_stalled_input(self)

    def next(self) -> None:
        window = np.array(self._src.view(size=self.p.period), dtype=float)
        self._l0[0] = float(hurst_series(window, self.p.period, self.lags)[0])

    def once(self, start: int, end: int) -> None:
        if self._bt_stalled:
            # upstream's stalled window is empty: NaN on every bar
            fill_stalled(self._l0, start, end)
            return
        if end <= start:
            return
        p = self.p.period
        src, out = self._src.storage(), self._l0.storage()
        # blocks of windows keep the column temporaries in cache
        for lo in range(start, end, _BLOCK):
            hi = min(lo + _BLOCK, end)
            out[lo:hi] = hurst_series(src[lo - p + 1:hi], p, self.lags)
