"""``round_like_python``: Python's ``round(x, ndigits)`` on whole arrays, bit for bit.

Python rounds the *exact* binary value of ``x`` to ``ndigits`` decimals
(half-to-even) and converts that decimal back to the nearest double.
``numpy.round`` instead rounds ``x * 10**ndigits`` after it was itself rounded,
which differs on values like 2.675. Here the product is kept exactly as
``p + e`` (Dekker's two-product); ``rint(p)`` is corrected by one when ``p`` lies
exactly on a half and ``e`` says on which side the true product is. The
decimal ``k * 10**-ndigits`` is then ``k / 10**ndigits`` (one correctly rounded
division of two exact doubles) — exactly what Python's string round trip gives.
"""
from __future__ import annotations

import numpy as np

__all__ = ['round_like_python']

_SPLITTER = 134217729.0  # 2**27 + 1
_EXACT_LIMIT = 2.0 ** 51


def _split(a: np.ndarray):
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def _two_product(a: np.ndarray, b: float):
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(np.float64(b))
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def round_like_python(values: np.ndarray, ndigits: int) -> np.ndarray:
    """``np.array([round(v, ndigits) for v in values])`` without the loop."""
    x = np.asarray(values, dtype=np.float64)
    ndigits = int(ndigits)
    if not 0 <= ndigits <= 22:
        return np.array([round(float(v), ndigits) for v in x], dtype=np.float64)
    scale = 10.0 ** ndigits
    finite = np.isfinite(x)
    xs = np.where(finite, x, 0.0)
    with np.errstate(over='ignore', invalid='ignore'):  # huge values: handled below
        p, e = _two_product(xs, scale)
        r = np.rint(p)
        diff = p - r
        k = np.where((diff == 0.5) & (e > 0), r + 1.0,
                     np.where((diff == -0.5) & (e < 0), r - 1.0, r))
        out = k / scale
    big = finite & ~(np.abs(p) < _EXACT_LIMIT)
    if big.any():
        out[big] = [round(float(v), ndigits) for v in x[big]]
    return np.where(finite, out, x)
