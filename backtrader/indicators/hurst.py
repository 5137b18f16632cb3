"""Hurst exponent of the last ``period`` values (numpy only)."""
from __future__ import annotations

import numpy as np

from ..lines.series import as_line
from .basicops import PeriodN

__all__ = ['HurstExponent', 'Hurst']

_CHUNK = 16384          # windows per block (bounds the temporary arrays)


def hurst_windows(windows: np.ndarray, lags: np.ndarray) -> np.ndarray:
    """Hurst exponent of each row of ``windows`` (2-D, oldest value first).

    For each lag: ``tau = sqrt(std(w[lag:] - w[:-lag]))``; the exponent is
    twice the least-squares slope of ``log10(tau)`` against ``log10(lag)``
    (closed form, the same for every row count)."""
    logx = np.log10(lags.astype(float))
    centred = logx - logx.mean()
    denom = float(np.dot(centred, centred))
    logtau = np.empty((windows.shape[0], len(lags)))
    with np.errstate(divide='ignore', invalid='ignore'):
        for k, lag in enumerate(lags.tolist()):
            diffs = windows[:, lag:] - windows[:, :-lag]
            logtau[:, k] = np.log10(np.sqrt(np.std(diffs, axis=1)))
        ymean = logtau.mean(axis=1, keepdims=True)
        slope = ((logtau - ymean) * centred).sum(axis=1) / denom
    return 2.0 * slope


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

    def next(self) -> None:
        window = np.array(self._src.get(size=self.p.period), dtype=float)
        self._l0[0] = float(hurst_windows(window[None, :], self.lags)[0])

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        from numpy.lib.stride_tricks import sliding_window_view
        p = self.p.period
        seg = self._src._a[start - p + 1:end]
        windows = sliding_window_view(seg, p)
        out = self._l0._a
        for lo in range(0, len(windows), _CHUNK):
            block = windows[lo:lo + _CHUNK]
            out[start + lo:start + lo + len(block)] = hurst_windows(block, self.lags)
