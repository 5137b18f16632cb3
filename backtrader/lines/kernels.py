"""Vectorised kernels shared by indicators' ``once`` implementations.

The bar-by-bar formulas of upstream sum windows with ``math.fsum`` (exactly
rounded). ``window_fsum`` reproduces that vectorised with error-free
transformations (prefix sums carrying their rounding errors) and a bound on
what is left, per window; the few windows the bound cannot decide go through
``math.fsum``. So next and runonce modes give the same floats. Linear recursions go through ``scipy.signal.lfilter``, which
performs exactly ``prev * (1 - alpha) + x * alpha`` per step.
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ['window_fsum', 'window_mean', 'exp_smooth', 'rolling_max', 'rolling_min',
           'two_sum', 'shift', 'two_prod', 'window_dot_fsum', 'py_pow', 'rolling_pymax',
           'rolling_pymin', 'window_argext', 'seeded_cumsum', 'dynamic_smooth',
           'window_fsum_inf', 'window_count_below', 'window_first_argext', 'windows_over']

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
    # prefix sums restart per block of windows, which keeps them (and the
    # error bound of _window_fsum_block) small
    _by_window_blocks(out, x, period, _window_fsum_block, period)
    return out


_WINDOW_BLOCK = 16384


def _by_window_blocks(out: np.ndarray, x: np.ndarray, period: int, kernel, arg) -> None:
    """``out[period-1:]`` filled by ``kernel(part, arg)`` (one value per full
    window of ``part``) over blocks of windows of ``x``, which also keeps the
    kernels' temporaries in cache."""
    m = len(x) - period + 1
    for lo in range(0, m, _WINDOW_BLOCK):
        hi = min(lo + _WINDOW_BLOCK, m)
        out[period - 1 + lo:period - 1 + hi] = kernel(x[lo:hi + period - 1], arg)


def _window_fsum_block(x: np.ndarray, period: int) -> np.ndarray:
    """window_fsum for every full window of ``x`` (one value per window):
    as integers when they hold the block exactly (``_window_isum``, the
    common case of prices), else through the error-free prefix sums
    (``_window_fsum_bounded``)."""
    r = _window_isum(x, period)
    return _window_fsum_bounded(x, period) if r is None else r


# An int64 holds period * 2**(53 + d): the windows of a block whose nonzero
# values span d binary exponents at most sum exactly as integers.
_INT_BITS = 63


def _window_isum(x: np.ndarray, period: int):
    """window_fsum of every full window of ``x``, or None when its values
    do not fit. Every finite double is an integer times a power of two:
    scaled to the smallest exponent among the block's nonzero values, the
    values are exact int64s when their exponents span few powers of two (a
    price series does), so is each window's sum, and converting that sum to
    a double rounds it once, to nearest even: what ``math.fsum`` returns.
    The prefix sums wrap around in uint64 arithmetic; a window's sum is the
    difference of two of them, exact modulo 2**64, so exact."""
    mant, exp = np.frexp(x)
    nonzero = mant != 0.0
    if not nonzero.any():
        return np.zeros(len(x) - period + 1)
    live = exp[nonzero]
    low, high = int(live.min()), int(live.max())
    if (high - low) + 53 + (period - 1).bit_length() > _INT_BITS or low < -960 or \
            high > 960 or not np.isfinite(mant).all():
        return None     # (a wide spread, magnitudes near the float range's ends, NaN/inf)
    exp -= low
    exp[~nonzero] = 0
    # two's complement in uint64: shifts and sums wrap around, well defined
    ints = np.ldexp(mant, 53).astype(np.int64).view(np.uint64)  # exact: 53-bit mantissas
    np.left_shift(ints, exp.astype(np.uint64), ints)
    sums = np.cumsum(ints)
    windows = sums[period - 1:].copy()
    windows[1:] -= sums[:len(x) - period]
    # exact powers of two: the sums are neither subnormal nor beyond the range
    return np.ldexp(windows.view(np.int64).astype(np.float64), low - 53)


def _window_fsum_bounded(x: np.ndarray, period: int) -> np.ndarray:
    """window_fsum for every full window of ``x`` (one value per window).

    Prefix sums carry the exact rounding error of each step (two_sum); the
    sum of those errors is itself rounded, so each window gets a bound on
    the error of its total and keeps the fast result only where that bound
    cannot change the rounding, or where the tail was computed exactly (then
    ``r`` is the exact sum correctly rounded, ties to even, as fsum rounds:
    exact ties are common with prices of a few decimals); the other windows
    are summed by ``math.fsum``."""
    m = len(x) - period + 1
    with _errstate():
        s = np.cumsum(x)
        prev = np.concatenate(([0.0], s[:-1]))
        _, e = two_sum(prev, x)
        s0 = np.concatenate(([0.0], s))
        es = np.cumsum(e)
        e0 = np.concatenate(([0.0], es))
        a0 = np.concatenate(([0.0], np.cumsum(np.abs(e))))
        hi, lo = two_sum(s0[period:], -s0[:m])            # exact
        ediff, ediff_err = two_sum(e0[period:], -e0[:m])
        tail, tail_err = two_sum(lo, ediff)
        r, res = two_sum(hi, tail)                          # r + res == hi + tail
        # |tail - exact tail|: both error prefix sums (recursive summation of
        # at most len(x) terms) and the two roundings after them
        bound = (2.0 * len(x) * _EPS) * (a0[period:] + a0[:m]) + \
            _EPS * (np.abs(ediff) + np.abs(tail))
        # the error prefix sums are exact up to a point while every step of
        # their cumsum was (count of inexact steps so far: 0)
        _, es_err = two_sum(np.concatenate(([0.0], es[:-1])), e)
        inexact = np.concatenate(([0], np.cumsum(es_err != 0.0)))
        exact_tail = (inexact[period:] == 0) & (ediff_err == 0.0) & (tail_err == 0.0)
        ok = np.isfinite(r) & (exact_tail | np.isfinite(bound) & (
            (np.abs(res) + bound < 0.5 * _gap_down(r)) | ((res == 0.0) & (bound == 0.0))))
    r = r + 0.0                  # fsum never returns -0.0
    for i in np.flatnonzero(~ok).tolist():
        try:
            r[i] = math.fsum(x[i:i + period].tolist())
        except OverflowError:    # partial sums beyond the float range: keep numpy's
            pass
    return r


def windows_over(kernel, x: np.ndarray, start: int, end: int, period: int) -> np.ndarray:
    """``kernel(x[:end], period)[start:end]`` for a kernel whose value at i
    depends on the window of ``period`` values ending at i only: computed
    from the values those windows cover, not from the start of ``x`` (a
    block of a long run costs the block)."""
    lo = max(start - period + 1, 0)
    return kernel(x[lo:end], period)[start - lo:]


def window_mean(x: np.ndarray, period: int) -> np.ndarray:
    """``fsum(window) / period`` for each full window."""
    return window_fsum(x, period) / period


def _load_linear_filter():
    """The C routine behind ``scipy.signal.lfilter``.

    Importing ``scipy.signal`` costs over a second (it builds docstrings for
    hundreds of functions); the extension module holding the filter loads in
    milliseconds on its own, so it is loaded directly. Falls back to the public
    ``lfilter`` and, without scipy, to a Python loop (same floats, slower).
    """
    try:
        import importlib.machinery
        import importlib.util
        import os
        # located without importing the scipy package itself (its import costs
        # more than the filter saves on a run)
        spec = importlib.util.find_spec('scipy')
        folder = os.path.join(list(spec.submodule_search_locations)[0], 'signal')
        for fname in os.listdir(folder):
            if fname.startswith('_sigtools') and fname.endswith(('.so', '.pyd')):
                path = os.path.join(folder, fname)
                loader = importlib.machinery.ExtensionFileLoader('scipy.signal._sigtools', path)
                spec = importlib.util.spec_from_file_location('scipy.signal._sigtools', path,
                                                              loader=loader)
                mod = importlib.util.module_from_spec(spec)
                loader.exec_module(mod)
                func = mod._linear_filter

                def direct(b, a, x, zi):
                    return func(np.asarray(b, float), np.asarray(a, float), x, -1,
                                np.asarray(zi, float))[0]
                direct(np.array([0.5]), np.array([1.0, -0.5]), np.ones(3), np.zeros(1))
                return direct
    except Exception:
        pass
    try:
        from scipy.signal import lfilter

        def public(b, a, x, zi):
            return lfilter(b, a, x, zi=zi)[0]
        return public
    except Exception:
        return None


_LINEAR_FILTER = []


def exp_smooth(x: np.ndarray, start: int, seed: float, alpha: float,
               alpha1: float) -> np.ndarray:
    """``y[start-1] = seed``; ``y[i] = y[i-1] * alpha1 + x[i] * alpha`` for
    i >= start. Returns the values for indices ``start..len(x)-1``."""
    seg = np.ascontiguousarray(x[start:], dtype=np.float64)
    if not len(seg):
        return seg.copy()
    if not _LINEAR_FILTER:
        _LINEAR_FILTER.append(_load_linear_filter())
    lfilter = _LINEAR_FILTER[0]
    if lfilter is not None:
        return lfilter([alpha], [1.0, -alpha1], seg, [alpha1 * seed])
    out = np.empty(len(seg))
    prev = seed
    for i, v in enumerate(seg.tolist()):
        prev = prev * alpha1 + v * alpha
        out[i] = prev
    return out


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


# ---------------------------------------------------------------------------
# Kernels added for the indicators of basicops, WMA, StdDev & co.
#
# They reproduce Python's scalar semantics exactly (the bar-by-bar formulas of
# upstream), vectorised; where exactness cannot be decided cheaply for an
# element (rounding ties, libm results near a rounding boundary) they fall back
# to the Python expression for that element only.

_SPLITTER = 134217729.0          # 2**27 + 1 (Veltkamp split)
_EPS = 2.0 ** -53


def two_prod(a: np.ndarray, b: np.ndarray):
    """Error-free product: ``a * b == p + e`` exactly (no over/underflow)."""
    p = a * b
    t = _SPLITTER * a
    ah = t - (t - a)
    al = a - ah
    t = _SPLITTER * b
    bh = t - (t - b)
    bl = b - bh
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def _gap_down(r: np.ndarray) -> np.ndarray:
    # distance from |r| to the next float towards zero (the smaller neighbour
    # gap, so checks against it are conservative at powers of two)
    ar = np.abs(r)
    return ar - np.nextafter(ar, 0.0)


def window_dot_fsum(x: np.ndarray, weights) -> np.ndarray:
    """``math.fsum(w[k] * x[i-p+1+k] for k in range(p))`` for each full window
    ending at i (NaN before), where ``p = len(weights)``. The products are
    rounded one by one (as Python computes them) and summed exactly."""
    w = [float(v) for v in weights]
    p = len(w)
    n = len(x)
    out = np.full(n, _NAN)
    if p == 0 or n < p:
        if p == 0:
            out[:] = 0.0
        return out
    _by_window_blocks(out, x, p, _dot_fsum_block, w)
    return out


def _dot_fsum_block(x: np.ndarray, w: list) -> np.ndarray:
    """window_dot_fsum for every full window of ``x`` (one value per window)."""
    p = len(w)
    m = len(x) - p + 1
    with _errstate():
        # column k of the windows is the contiguous slice x[k:k+m]; the main
        # sum keeps its exact rounding errors (two_sum), summed plainly
        # with a bound on the error of that secondary sum
        s = x[0:m] * w[0]
        c = np.zeros(m)
        cabs = np.zeros(m)
        prod = np.empty(m)
        snew = np.empty(m)
        bb = np.empty(m)
        for k in range(1, p):
            np.multiply(x[k:k + m], w[k], out=prod)
            np.add(s, prod, out=snew)
            np.subtract(snew, s, out=bb)          # two_sum error, in place
            s -= snew - bb
            prod -= bb
            s += prod                             # s now holds the error term
            c += s
            np.abs(s, out=s)
            cabs += s
            s, snew = snew, s
        r, res = two_sum(s, c)
        bound = 2.0 * p * _EPS * cabs
        ok = np.isfinite(r) & np.isfinite(bound) & (
            (np.abs(res) + bound < 0.5 * _gap_down(r)) | ((res == 0.0) & (bound == 0.0)))
    r = r + 0.0                  # fsum never returns -0.0
    bad = np.flatnonzero(~ok)
    if len(bad):
        r[bad] = _dot_fsum_close_calls(x, w, bad)
    return r


def _dot_fsum_close_calls(x: np.ndarray, w: list, rows: np.ndarray) -> np.ndarray:
    """Windows (starting at ``rows``) whose sum lies near a rounding midpoint
    (often an exact tie). Where the rounding errors of the main sum add up
    exactly, ``main + errors`` is the exact total and one rounded addition is
    the correctly rounded (half-even) result, as ``math.fsum``; the others go
    through ``math.fsum`` itself. numpy's products equal Python's (IEEE
    multiplication is correctly rounded)."""
    p = len(w)
    prods = [x[rows + k] * wk for k, wk in enumerate(w)]
    with _errstate():
        s = prods[0]
        c = np.zeros(len(rows))
        inexact = np.zeros(len(rows), dtype=bool)
        for prod in prods[1:]:
            s, e = two_sum(s, prod)
            c, ce = two_sum(c, e)
            inexact |= ce != 0.0
        total = s + c + 0.0
        inexact |= ~np.isfinite(total)
    todo = np.flatnonzero(inexact)
    if len(todo):
        table = np.empty((len(todo), p))
        for k in range(p):
            table[:, k] = prods[k][todo]
        total[todo] = list(map(math.fsum, table.tolist()))
    return total


def py_pow(x: np.ndarray, exponent: float) -> np.ndarray:
    """``v ** exponent`` for each element exactly as CPython computes it (libm
    ``pow``, which is not always correctly rounded). Exponents 2 and 0.5 are
    vectorised (correctly rounded result, Python fallback where the exact value
    lies near a rounding midpoint); other exponents evaluate per element.
    Results Python would give as complex numbers are NaN."""
    x = np.asarray(x, dtype=float)
    if exponent == 2:
        with _errstate():
            r, e = two_prod(x, x)
            gap = np.where(e > 0, np.spacing(np.abs(r)), _gap_down(r))
            ax = np.abs(x)
            ok = (np.isfinite(r) & (ax < 1e150) & ((ax > 1e-140) | (x == 0.0))
                  & ((0.5 * gap - np.abs(e) > gap * (1.0 / 32)) | (e == 0.0)))
        return _pow_fallback(x, r, ok, exponent)
    if exponent == 0.5:
        with _errstate():
            s = np.sqrt(x)
            ph, pl = two_prod(s, s)
            rem = (x - ph) - pl                  # x - s*s (exact enough)
            off = rem / (2.0 * s)                # true sqrt - s
            gap = np.where(off > 0, np.spacing(s), _gap_down(s))
            ok = (np.isfinite(s) & (s > 1e-140) & (s < 1e150)
                  & ((0.5 * gap - np.abs(off) > gap * (1.0 / 32)) | (off == 0.0)))
            s = np.where(x == 0.0, 0.0, s)       # (-0.0) ** 0.5 is 0.0
            neg = (x < 0.0) & np.isfinite(x)
            ok |= (x == 0.0) | np.isnan(x) | neg
            s = np.where(neg, _NAN, s)
        return _pow_fallback(x, s, ok, exponent)
    return _pow_fallback(x, np.empty(len(x)), np.zeros(len(x), dtype=bool), exponent)


def _pow_fallback(x, r, ok, exponent):
    bad = np.flatnonzero(~ok)
    if len(bad):
        values = x[bad].tolist()
        try:
            # common case: plain float results (complex ones raise TypeError)
            r[bad] = np.array([v ** exponent for v in values], dtype=float)
            return r
        except (OverflowError, ZeroDivisionError, TypeError):
            pass
        vals = []
        for v in values:
            try:
                res = v ** exponent
            except (OverflowError, ZeroDivisionError):
                res = _NAN
            vals.append(res if isinstance(res, float) else _NAN)
        r[bad] = vals
    return r


def _pyext(x: np.ndarray, period: int, reducer) -> np.ndarray:
    # Python's max/min over a window keep the first element when it is NaN and
    # ignore later NaNs (comparisons with NaN are false)
    n = len(x)
    out = np.full(n, _NAN)
    if period <= 0 or n < period:
        return out
    from numpy.lib.stride_tricks import sliding_window_view
    win = sliding_window_view(x, period)
    nans = np.isnan(x)
    if not nans.any():
        out[period - 1:] = (np.maximum if reducer is np.fmax else np.minimum).reduce(win, axis=1)
        return out
    res = reducer.reduce(win, axis=1)
    res[nans[:n - period + 1]] = _NAN
    out[period - 1:] = res
    return out


def rolling_pymax(x: np.ndarray, period: int) -> np.ndarray:
    """``max(window)`` (Python semantics, NaN-aware) of each full window."""
    return _pyext(x, period, np.fmax)


def rolling_pymin(x: np.ndarray, period: int) -> np.ndarray:
    """``min(window)`` (Python semantics, NaN-aware) of each full window."""
    return _pyext(x, period, np.fmin)


def window_argext(x: np.ndarray, period: int, highest: bool, recent: bool) -> np.ndarray:
    """For each full window (NaN-free input): bars-ago distance of the most
    recent (``recent``) or the oldest occurrence of its max (``highest``) or
    min. Entries before the first full window are NaN."""
    n = len(x)
    out = np.full(n, _NAN)
    if period <= 0 or n < period:
        return out
    from numpy.lib.stride_tricks import sliding_window_view
    win = sliding_window_view(x, period)
    if recent:
        win = win[:, ::-1]
        idx = win.argmax(axis=1) if highest else win.argmin(axis=1)
        out[period - 1:] = idx
    else:
        idx = win.argmax(axis=1) if highest else win.argmin(axis=1)
        out[period - 1:] = period - 1 - idx
    return out


def seeded_cumsum(x: np.ndarray, seed: float) -> np.ndarray:
    """``y[0] = seed + x[0]``; ``y[i] = y[i-1] + x[i]`` (sequential rounding,
    as a Python loop would do)."""
    if not len(x):
        return x.copy()
    tmp = np.array(x, dtype=float)
    tmp[0] = seed + tmp[0]
    return np.cumsum(tmp)


def dynamic_smooth(x: np.ndarray, alpha: np.ndarray, alpha1: np.ndarray,
                   seed: float) -> np.ndarray:
    """``y[-1] = seed``; ``y[i] = y[i-1] * alpha1[i] + x[i] * alpha[i]``.
    The coefficients vary per bar, so the recursion runs element by element to
    keep Python's rounding."""
    # x * alpha does not depend on the recursion: numpy's products are
    # Python's (IEEE multiplication is correctly rounded)
    with _errstate():
        drive = (np.asarray(x, dtype=float) * alpha).tolist()
    out = []
    prev = seed
    append = out.append
    for a1, xa in zip(alpha1.tolist(), drive):
        prev = prev * a1 + xa
        append(prev)
    return np.array(out, dtype=float)


def window_fsum_inf(x: np.ndarray, period: int) -> np.ndarray:
    """``window_fsum`` that also treats infinities like ``math.fsum`` does: a
    window holding +inf (-inf) sums to +inf (-inf), both signs give NaN (fsum
    raises there), and windows after an infinity are unaffected."""
    if period <= 0 or len(x) < period:
        return window_fsum(x, period)
    posinf = np.isposinf(x)
    neginf = np.isneginf(x)
    if not (posinf.any() or neginf.any()):
        return window_fsum(x, period)
    out = window_fsum(np.where(posinf | neginf, 0.0, x), period)

    def counts(mask):
        c = np.concatenate(([0], np.cumsum(mask)))
        return c[period:] - c[:len(x) - period + 1]

    npos, nneg = counts(posinf), counts(neginf)
    body = out[period - 1:]
    finite = ~np.isnan(body)            # windows without NaN
    body[finite & (npos > 0)] = np.inf
    body[finite & (nneg > 0)] = -np.inf
    body[finite & (npos > 0) & (nneg > 0)] = _NAN
    return out


def window_count_below(x: np.ndarray, period: int, chunk: int = 8192) -> np.ndarray:
    """For each full window of ``period`` values of ``x`` (one per index
    ``i >= period - 1``): how many of its values are strictly below the newest
    one. Returns ``len(x) - period + 1`` counts (float)."""
    from numpy.lib.stride_tricks import sliding_window_view
    n = len(x) - period + 1
    if period <= 0 or n <= 0:
        return np.empty(0)
    win = sliding_window_view(x, period)
    out = np.empty(n)
    for lo in range(0, n, chunk):
        block = win[lo:lo + chunk]
        out[lo:lo + len(block)] = np.count_nonzero(block < block[:, -1:], axis=1)
    return out


def window_first_argext(x: np.ndarray, period: int, highest: bool):
    """For each full window of ``period`` values (NaN-free input): position
    (0 = oldest) of the first occurrence of its max (``highest``) or min, and
    that extreme. Arrays of ``len(x) - period + 1`` entries."""
    from numpy.lib.stride_tricks import sliding_window_view
    if period <= 0 or len(x) < period:
        return np.empty(0, dtype=int), np.empty(0)
    win = sliding_window_view(x, period)
    pos = win.argmax(axis=1) if highest else win.argmin(axis=1)
    return pos, win[np.arange(len(win)), pos]
