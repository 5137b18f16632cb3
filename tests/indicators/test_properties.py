"""Property tests on random OHLC data (hypothesis).

The bars are written to a temporary CSV and read with GenericCSVData, then the
indicators run through cerebro:
* next mode (preload on and off, with exactbars=-1) gives exactly the same arrays
  as runonce mode, for every indicator of the shared SPECS list;
* averages of a constant are the constant; Highest >= Lowest; RSI and the
  stochastics stay in [0, 100] where defined; StdDev >= 0 and the Bollinger
  bands are ordered.
"""
from __future__ import annotations

import datetime
import math
import os
import tempfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import backtrader as bt
from indcheck import build_specs

ind = bt.indicators

_PRICE = st.one_of(
    st.floats(min_value=0.5, max_value=2000.0, allow_nan=False, allow_infinity=False),
    st.sampled_from([10.0, 10.25, 10.5, 11.0]),       # ties and flat stretches
)


@st.composite
def ohlc_bars(draw, min_size=20, max_size=70):
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    bars = []
    for _ in range(n):
        low, a, b, high = sorted(draw(st.lists(_PRICE, min_size=4, max_size=4)))
        if draw(st.booleans()):
            a, b = b, a
        bars.append((a, high, low, b))          # open, high, low, close
    return bars


def _write_csv(bars, path) -> None:
    day = datetime.date(2020, 1, 1)
    with open(path, 'w') as fh:
        fh.write('date,open,high,low,close,volume\n')
        for i, (o, h, lo, c) in enumerate(bars):
            fh.write('%s,%r,%r,%r,%r,100\n' % (day + datetime.timedelta(days=i), o, h, lo, c))


def _feed(path):
    return bt.feeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d', datetime=0, open=1,
                                   high=2, low=3, close=4, volume=5, openinterest=-1)


class _Collect(bt.Strategy):
    params = (('build', None),)

    def __init__(self):
        self.items = self.p.build(self.data)

    def stop(self):
        self.arrays = {key: [np.array(line.array, dtype=float) for line in obj.lines]
                       for key, obj in self.items}
        self.lens = {key: len(obj) for key, obj in self.items}


def _run(path, build, runonce, preload, exactbars=0):
    cerebro = bt.Cerebro(runonce=runonce, preload=preload, exactbars=exactbars, stdstats=False)
    cerebro.adddata(_feed(path))
    cerebro.addstrategy(_Collect, build=build)
    return cerebro.run()[0]


def _with_csv(bars, fn):
    fd, path = tempfile.mkstemp(suffix='.csv')
    os.close(fd)
    try:
        _write_csv(bars, path)
        return fn(path)
    finally:
        os.unlink(path)


def _same_floats(a: np.ndarray, b: np.ndarray) -> bool:
    if a.shape != b.shape:
        return False
    na, nb = np.isnan(a), np.isnan(b)
    if not np.array_equal(na, nb):
        return False
    ok = ~na
    return bool(np.array_equal(a[ok], b[ok]) and np.array_equal(np.signbit(a[ok]),
                                                                 np.signbit(b[ok])))


_SETTINGS = settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_SETTINGS
@given(bars=ohlc_bars())
def test_next_mode_equals_runonce(bars):
    def check(path):
        ref = _run(path, build_specs, True, True)
        n = len(bars)
        for runonce, preload, exactbars in ((False, True, 0), (False, False, -1)):
            other = _run(path, build_specs, runonce, preload, exactbars)
            for key, arrays in ref.arrays.items():
                assert ref.lens[key] == other.lens[key] == n, key
                for i, (a, b) in enumerate(zip(arrays, other.arrays[key])):
                    assert _same_floats(a[:n], b[:n]), (key, i, runonce, preload, exactbars,
                                                        a[:n].tolist(), b[:n].tolist())
    _with_csv(bars, check)


def _bounded_build(d):
    return [
        ('hi', ind.Highest(d, period=5)), ('lo', ind.Lowest(d, period=5)),
        ('hh', ind.Highest(d.high, period=7)), ('ll', ind.Lowest(d.low, period=7)),
        ('rsi', ind.RSI(d, period=6)), ('rsi_safe', ind.RSI_Safe(d, period=6)),
        ('stoch', ind.Stochastic(d, period=5)), ('fast', ind.StochasticFast(d, period=5)),
        ('full', ind.StochasticFull(d, period=5)),
        ('std', ind.StdDev(d, period=5)), ('bb', ind.BBands(d, period=5)),
        ('meandev', ind.MeanDev(d, period=5)),
    ]


@_SETTINGS
@given(bars=ohlc_bars())
def test_bounds(bars):
    def check(path):
        res = _run(path, _bounded_build, True, True).arrays
        n = len(bars)
        hi, lo = res['hi'][0][:n], res['lo'][0][:n]
        ok = ~np.isnan(hi)
        assert ok.sum() == n - 4 and (hi[ok] >= lo[ok]).all()
        hh, ll = res['hh'][0][:n], res['ll'][0][:n]
        ok = ~np.isnan(hh)
        assert ok.sum() == n - 6 and (hh[ok] >= ll[ok]).all()
        for key in ('rsi', 'rsi_safe', 'stoch', 'fast', 'full'):
            for line in res[key]:
                vals = line[:n][np.isfinite(line[:n])]
                assert ((vals >= 0.0) & (vals <= 100.0)).all(), (key, vals.tolist())
        std = res['std'][0][:n]
        assert (std[~np.isnan(std)] >= 0.0).all()
        assert (res['meandev'][0][:n][4 * 2:] >= 0.0).all()
        mid, top, bot = (line[:n] for line in res['bb'])
        ok = ~np.isnan(mid)
        assert ok.sum() == n - 4
        assert (top[ok] >= mid[ok]).all() and (mid[ok] >= bot[ok]).all()
    _with_csv(bars, check)


def _constant_build(d):
    return [
        ('sma', ind.SMA(d, period=4)), ('ema', ind.EMA(d, period=4)),
        ('smma', ind.SMMA(d, period=4)), ('wma', ind.WMA(d, period=4)),
        ('avg', ind.Average(d, period=3)), ('es', ind.ExponentialSmoothing(d, period=3)),
        ('wavg', ind.WeightedAverage(d, period=2, weights=(0.25, 0.75))),
        ('bb', ind.BBands(d, period=4)), ('hi', ind.Highest(d, period=3)),
        ('lo', ind.Lowest(d, period=3)), ('std', ind.StdDev(d, period=4)),
        ('meandev', ind.MeanDev(d, period=3)), ('macd', ind.MACD(d, period_me1=2,
                                                                 period_me2=3, period_signal=2)),
    ]


@settings(max_examples=30, deadline=None)
@given(value=st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False),
       size=st.integers(min_value=12, max_value=40),
       runonce=st.booleans())
def test_averages_of_a_constant(value, size, runonce):
    bars = [(value, value, value, value)] * size

    def check(path):
        strat = _run(path, _constant_build, runonce, True)
        res = strat.arrays
        c = float(strat.data.close[0])             # the value as parsed from the csv
        for key in ('sma', 'ema', 'smma', 'wma', 'avg', 'es', 'wavg'):
            vals = res[key][0][:size]
            vals = vals[~np.isnan(vals)]
            assert len(vals) >= size - 3
            assert vals == pytest.approx(np.full(len(vals), c), rel=1e-12), key
        for key in ('hi', 'lo'):
            vals = res[key][0][:size]
            assert (vals[2:] == c).all() and np.isnan(vals[:2]).all()
        for i in range(3):
            vals = res['bb'][i][3:size]
            assert vals == pytest.approx(np.full(size - 3, c), rel=1e-6)
        assert res['std'][0][3:size] == pytest.approx(np.zeros(size - 3), abs=c * 1e-6)
        assert res['meandev'][0][4:size] == pytest.approx(np.zeros(size - 4), abs=c * 1e-12)
        for line in res['macd']:
            vals = line[:size][~np.isnan(line[:size])]
            assert vals == pytest.approx(np.zeros(len(vals)), abs=c * 1e-12)
    _with_csv(bars, check)
