"""The numpy kernels added for the indicators equal the Python expressions they
vectorise, bit for bit (hypothesis)."""
from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings, strategies as st

from backtrader.lines.kernels import (dynamic_smooth, py_pow, rolling_pymax, rolling_pymin,
                                          seeded_cumsum, window_argext, window_dot_fsum,
                                          window_fsum, window_fsum_inf)

_FINITE = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
_PRICES = st.one_of(st.floats(min_value=0.01, max_value=1e5, allow_nan=False),
                    st.sampled_from([1.0, 2.5, 3.0]))


def _same(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or not np.array_equal(np.isnan(a), np.isnan(b)):
        return False
    ok = ~np.isnan(a)
    return bool(np.array_equal(a[ok], b[ok]) and
                np.array_equal(np.signbit(a[ok]), np.signbit(b[ok])))


@settings(max_examples=200, deadline=None)
@given(x=st.lists(st.one_of(_FINITE, _PRICES), min_size=0, max_size=60),
       weights=st.lists(st.one_of(st.integers(-5, 40).map(float), _FINITE), min_size=1,
                        max_size=8))
def test_window_dot_fsum_is_fsum_of_rounded_products(x, weights):
    p = len(weights)
    res = window_dot_fsum(np.array(x, dtype=float), weights)
    exp = [math.nan] * min(p - 1, len(x)) + [
        math.fsum([w * v for w, v in zip(weights, x[i - p + 1:i + 1])])
        for i in range(p - 1, len(x))]
    assert _same(res, exp)


def test_window_dot_fsum_hard_cancellation():
    x = np.array([1e16, 1.0, -1e16, 3.0, 0.5, 1e-300, -0.0, 2.0 ** 52, 1.0, -(2.0 ** 52)] * 5)
    for weights in ((1.0, 1.0, 1.0), (1.0, 2.0, 3.0, 4.0), (0.1, -0.7)):
        p = len(weights)
        exp = [math.fsum([w * v for w, v in zip(weights, x[i - p + 1:i + 1].tolist())])
               for i in range(p - 1, len(x))]
        assert _same(window_dot_fsum(x, weights)[p - 1:], exp)


@settings(max_examples=200, deadline=None)
@given(x=st.lists(st.one_of(_FINITE, _PRICES, st.just(0.0), st.just(-0.0), st.just(math.nan),
                            st.floats(min_value=1e-200, max_value=1e-100),
                            st.floats(min_value=1e100, max_value=1e160)),
                  max_size=80))
def test_py_pow_is_python_pow(x):
    arr = np.array(x, dtype=float)
    for exponent in (2, 0.5, 1.5):
        exp = []
        for v in x:
            try:
                r = v ** exponent
            except OverflowError:
                r = math.nan
            exp.append(r if isinstance(r, float) else math.nan)
        assert _same(py_pow(arr, exponent), exp), exponent


def test_py_pow_matches_python_on_many_prices():
    # the libm pow behind Python's ** is not correctly rounded: ~0.08% of these differ
    # from x*x / sqrt(x); py_pow must follow Python on all of them
    rng = np.random.default_rng(7)
    x = np.round(rng.uniform(1.0, 10000.0, 200_000), 2)
    xl = x.tolist()
    assert _same(py_pow(x, 2), [v ** 2 for v in xl])
    assert _same(py_pow(x, 0.5), [v ** 0.5 for v in xl])
    assert not _same(x * x, [v ** 2 for v in xl])        # the case the kernel exists for


@settings(max_examples=200, deadline=None)
@given(x=st.lists(st.one_of(_PRICES, st.just(math.nan)), max_size=40),
       period=st.integers(1, 6))
def test_rolling_pymax_pymin_follow_python_max_min(x, period):
    arr = np.array(x, dtype=float)
    pad = [math.nan] * min(period - 1, len(x))
    assert _same(rolling_pymax(arr, period),
                 pad + [max(x[i - period + 1:i + 1]) for i in range(period - 1, len(x))])
    assert _same(rolling_pymin(arr, period),
                 pad + [min(x[i - period + 1:i + 1]) for i in range(period - 1, len(x))])


@settings(max_examples=200, deadline=None)
@given(x=st.lists(st.sampled_from([1.0, 2.0, 3.0, 2.5]), max_size=40),
       period=st.integers(1, 6))
def test_window_argext_distances(x, period):
    arr = np.array(x, dtype=float)
    pad = [math.nan] * min(period - 1, len(x))
    for highest in (True, False):
        f = max if highest else min
        wins = [x[i - period + 1:i + 1] for i in range(period - 1, len(x))]
        recent = [next(period - 1 - k for k in range(period - 1, -1, -1) if w[k] == f(w))
                  for w in wins]
        oldest = [next(period - 1 - k for k in range(period) if w[k] == f(w)) for w in wins]
        assert _same(window_argext(arr, period, highest, True), pad + recent)
        assert _same(window_argext(arr, period, highest, False), pad + oldest)


@settings(max_examples=100, deadline=None)
@given(x=st.lists(_FINITE, min_size=1, max_size=50), seed=_FINITE)
def test_seeded_cumsum_is_a_python_loop(x, seed):
    exp, prev = [], None
    for i, v in enumerate(x):
        prev = seed + v if i == 0 else prev + v
        exp.append(prev)
    assert _same(seeded_cumsum(np.array(x), seed), exp)


@settings(max_examples=100, deadline=None)
@given(data=st.lists(st.tuples(_PRICES, st.floats(0.0, 1.0)), min_size=1, max_size=50),
       seed=_PRICES)
def test_dynamic_smooth_is_a_python_loop(data, seed):
    x = [v for v, _ in data]
    a = [al for _, al in data]
    exp, prev = [], seed
    for v, al in zip(x, a):
        prev = prev * (1.0 - al) + v * al
        exp.append(prev)
    alpha = np.array(a)
    assert _same(dynamic_smooth(np.array(x), alpha, 1.0 - alpha, seed), exp)


def _fsums(x, period):
    return [math.nan] * min(period - 1, len(x)) + [
        math.fsum(x[i - period + 1:i + 1]) for i in range(period - 1, len(x))]


@settings(max_examples=200, deadline=None)
@given(x=st.lists(st.one_of(_FINITE, _PRICES, st.just(0.0),
                            st.floats(min_value=1e-20, max_value=1e-15)), max_size=80),
       period=st.integers(1, 8))
def test_window_fsum_is_fsum(x, period):
    assert _same(window_fsum(np.array(x, dtype=float), period), _fsums(x, period))


def test_window_fsum_tiny_value_in_the_prefix():
    # %K values of a Stochastic (tests/indicators/test_properties.py found
    # it): a 5.6e-18 earlier in the series left the last window one unit in
    # the last place off when the prefix sums' rounding errors were added up
    x = [4.616926870977586, 48.66954361180413, 0.5158763028270272, 0.5251312828207052, 0.0,
         3.196025418536453, 31.592131233615824, 61.999461158089396, 0.0, 24.486652927961465,
         2.4452217639049154, 4.763155949949162, 0.07501925481370342, 15.821573552694227, 0.0,
         0.0, 78.30056345675929, 0.0, 0.5260851562454922, 68.71974517774989,
         5.562589079783508e-18, 0.5260851562454922, 0.5260851562454922, 17.697581414811793]
    assert _same(window_fsum(np.array(x), 3), _fsums(x, 3))
    # long series go in blocks of windows: exact across the block edges too
    rng = np.random.default_rng(7)
    y = rng.uniform(0.5, 2000.0, 40000) * rng.choice([1.0, 1e-9, 1e9], 40000)
    assert _same(window_fsum(y, 30)[:20000], _fsums(y[:20000].tolist(), 30))
    assert _same(window_fsum(y, 30)[16380:16420], _fsums(y.tolist(), 30)[16380:16420])


@settings(max_examples=200, deadline=None)
@given(x=st.lists(st.one_of(_PRICES, st.just(math.inf), st.just(-math.inf),
                            st.just(math.nan)), max_size=40),
       period=st.integers(1, 5))
def test_window_fsum_inf_follows_fsum(x, period):
    exp = [math.nan] * min(period - 1, len(x))
    for i in range(period - 1, len(x)):
        try:
            exp.append(math.fsum(x[i - period + 1:i + 1]))
        except ValueError:             # -inf + inf: fsum raises, the kernel gives NaN
            exp.append(math.nan)
    assert _same(window_fsum_inf(np.array(x, dtype=float), period), exp)


def test_window_fsum_ties_of_decimal_prices(monkeypatch):
    # Prices of a few decimals often sum to an exact tie between two floats
    # (one window in ten for SMA(10) of the reference workload's bars); the
    # kernel rounds them itself (ties to even, as fsum) when the error terms
    # were computed exactly, without falling back to math.fsum per window.
    from backtrader.lines import kernels
    fallbacks = []
    real_fsum = math.fsum

    class _CountingMath:
        @staticmethod
        def fsum(values):
            fallbacks.append(1)
            return real_fsum(values)

    rng = np.random.default_rng(11)
    x = np.round(100.0 + np.cumsum(rng.normal(0.0, 0.5, 40000)), 4)
    monkeypatch.setattr(kernels, 'math', _CountingMath)
    for period in (10, 30):
        got = window_fsum(x, period)
        assert _same(got, _fsums(x.tolist(), period))
    assert len(fallbacks) == 0


_DECIMAL_PRICES = st.builds(lambda v, d, s: s * round(v, d), st.floats(0.01, 1e5),
                            st.integers(0, 6), st.sampled_from([1.0, 1.0, 1.0, -1.0, 0.0]))


@settings(max_examples=200, deadline=None)
@given(x=st.lists(_DECIMAL_PRICES, min_size=1, max_size=80), period=st.integers(1, 40))
def test_windows_summed_as_integers_are_fsum(x, period):
    # price series go through the integer sums when their exponents fit
    # (kernels._window_isum); either way every window is math.fsum's float
    from backtrader.lines import kernels
    period = min(period, len(x))
    got = kernels._window_isum(np.array(x), period)
    if got is not None:
        assert _same(got, _fsums(x, period)[period - 1:])
    assert _same(window_fsum(np.array(x), period), _fsums(x, period))


def test_integer_window_sums_wrap_around_exactly_and_leave_wide_spreads_out():
    from backtrader.lines import kernels
    # 60,000 prices in [1, 2): their integer prefix sums pass 2**64 (they wrap
    # around), the windows' differences stay exact
    rng = np.random.default_rng(5)
    x = np.round(1.0 + rng.uniform(0.0, 0.999, 60000), 5)
    got = kernels._window_isum(x, 30)
    assert got is not None and _same(got, _fsums(x.tolist(), 30)[29:])
    # values 2**20 apart and more, NaN, magnitudes near the ends of the float
    # range: the bounded path decides
    assert kernels._window_isum(np.array([1.0, 2.0 ** 21, 3.0]), 2) is None
    assert kernels._window_isum(np.array([1.0, math.nan, 3.0]), 2) is None
    assert kernels._window_isum(np.array([1e-300, 2e-300]), 2) is None
    assert kernels._window_isum(np.array([1e300, 2e300]), 2) is None
    assert _same(kernels._window_isum(np.array([0.0, -0.0, 0.0]), 2), [0.0, 0.0])
