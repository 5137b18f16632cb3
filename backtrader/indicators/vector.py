"""Vectorised kernels shared by indicators' ``once`` implementations.

The bar-by-bar formulas of upstream sum windows with ``math.fsum`` (exactly
rounded). ``window_fsum`` reproduces that vectorised with error-free
transformations (double-double accumulation), so next and runonce modes give
the same floats. Linear recursions go through ``scipy.signal.lfilter``, which
performs exactly ``prev * (1 - alpha) + x * alpha`` per step.
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ['window_fsum', 'window_mean', 'exp_smooth', 'rolling_max', 'rolling_min',
           'two_sum', 'shift']

_NAN = float('nan')
def _errstate():
    return np.errstate(divide='ignore', invalid='ignore', over='ignore')


def two_sum(a: np.ndarray, b: np.ndarray):
    """Error-free sum: ``a + b == s + e`` exactly."""
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, e


def window_fsum(x: np.ndarray, period: int) -> np.ndarray:
    """Sum of each window of ``period`` values ending at index i (i >= period-1),
    correctly rounded like ``math.fsum``; entries before that are NaN."""
    n = len(x)
    out = np.full(n, _NAN)
    if period <= 0 or n < period:
        return out
    nans = np.isnan(x)
    if nans.any():
        # a window holding a NaN sums to NaN (as fsum does); others are exact
        res = window_fsum(np.where(nans, 0.0, x), period)
        c = np.cumsum(nans)
        cnt = c[period - 1:] - np.concatenate(([0], c[:n - period]))
        res[period - 1:][cnt > 0] = _NAN
        return res
    m = n - period + 1
    # exact prefix sums: cumsum plus the cumulated rounding error of each step
    with _errstate():
        s = np.cumsum(x)
        prev = np.concatenate(([0.0], s[:-1]))
        _, e = two_sum(prev, x)
        err = np.cumsum(e)
        s0 = np.concatenate(([0.0], s))
        e0 = np.concatenate(([0.0], err))
        hi, lo = two_sum(s0[period:], -s0[:m])
        out[period - 1:] = hi + (lo + (e0[period:] - e0[:m]))
    return out


def window_mean(x: np.ndarray, period: int) -> np.ndarray:
    """``fsum(window) / period`` for each full window."""
    return window_fsum(x, period) / period


def exp_smooth(x: np.ndarray, start: int, seed: float, alpha: float,
               alpha1: float) -> np.ndarray:
    """``y[start-1] = seed``; ``y[i] = y[i-1] * alpha1 + x[i] * alpha`` for
    i >= start. Returns the values for indices ``start..len(x)-1``."""
    from scipy.signal import lfilter
    seg = x[start:]
    if not len(seg):
        return seg.copy()
    y, _ = lfilter([alpha], [1.0, -alpha1], seg, zi=[alpha1 * seed])
    return y


def _rolling(x: np.ndarray, period: int, fn) -> np.ndarray:
    n = len(x)
    out = np.full(n, _NAN)
    if period <= 0 or n < period:
        return out
    from numpy.lib.stride_tricks import sliding_window_view
    out[period - 1:] = fn(sliding_window_view(x, period), axis=1)
    return out


def rolling_max(x: np.ndarray, period: int) -> np.ndarray:
    """Max of each window of ``period`` values ending at i (NaN before)."""
    return _rolling(x, period, np.max)


def rolling_min(x: np.ndarray, period: int) -> np.ndarray:
    """Min of each window of ``period`` values ending at i (NaN before)."""
    return _rolling(x, period, np.min)


def shift(x: np.ndarray, n: int) -> np.ndarray:
    """``x`` delayed by ``n`` bars (``y[i] = x[i-n]``), NaN-filled."""
    out = np.full(len(x), _NAN)
    if n < len(x):
        out[n:] = x[:len(x) - n]
    return out


def fsum_window_scalar(mv, start: int, end: int) -> float:
    """``math.fsum`` over a memoryview slice (next-mode helper)."""
    return math.fsum(mv[start:end])
