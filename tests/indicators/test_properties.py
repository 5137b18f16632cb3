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


def _library_build(d):
    """One instance of every indicator family of the library, with periods short
    enough for the random series."""
    return [
        ('dema', ind.DEMA(d, period=4)), ('tema', ind.TEMA(d, period=3)),
        ('kama', ind.KAMA(d, period=4, fast=2, slow=6)), ('zlema', ind.ZLEMA(d, period=5)),
        ('hma', ind.HMA(d, period=6)), ('zlind', ind.ZLInd(d, period=4, gainlimit=30)),
        ('dma', ind.DMA(d, period=5, hperiod=4)),
        ('smaenv', ind.SMAEnvelope(d, period=4)), ('kamaosc', ind.KAMAOsc(d, period=4)),
        ('zlindenv', ind.ZLIndEnvelope(d, period=4)), ('dmaosc', ind.DMAOsc(d, period=4)),
        ('env', ind.Envelope(d, perc=3.0)), ('osc', ind.Oscillator(ind.SMA(d, period=3))),
        ('mom', ind.Momentum(d, period=3)), ('momosc', ind.MomentumOscillator(d, period=3)),
        ('roc', ind.ROC(d, period=3)), ('roc100', ind.ROC100(d, period=2)),
        ('pct', ind.PctChange(d, period=3)), ('pctrank', ind.PercentRank(d, period=6)),
        ('rmi', ind.RMI(d, period=5, lookback=2)), ('dm', ind.DM(d, period=4)),
        ('adx', ind.ADX(d, period=3)), ('di', ind.DI(d, period=5)),
        ('aroon', ind.AroonUpDownOsc(d, period=5)), ('psar', ind.PSAR(d)),
        ('psar3', ind.PSAR(d, period=3, af=0.05)),
        ('ichimoku', ind.Ichimoku(d, tenkan=2, kijun=4, senkou=6, senkou_lead=3, chikou=3)),
        ('ppo', ind.PPO(d, period1=3, period2=5, period_signal=2)),
        ('pposhort', ind.PPOShort(d, period1=2, period2=4, period_signal=3)),
        ('po', ind.PriceOsc(d, period1=2, period2=5)), ('trix', ind.TrixSignal(d, period=3,
                                                                               sigperiod=2)),
        ('tsi', ind.TSI(d, period1=4, period2=3)),
        ('uo', ind.UltimateOscillator(d, p1=2, p2=4, p3=6)),
        ('ao', ind.AO(d, fast=2, slow=5)), ('accde', ind.AccDeOsc(d, period=2)),
        ('pgo', ind.PGO(d, period=4)), ('dpo', ind.DPO(d, period=5)),
        ('kst', ind.KST(d, rp1=2, rp2=3, rp3=4, rp4=5, rma1=2, rma2=2, rma3=2, rma4=2,
                        rsignal=2)),
        ('dv2', ind.DV2(d, period=8, maperiod=2)), ('lrsi', ind.LRSI(d, period=3)),
        ('lagf', ind.LAGF(d, gamma=0.6)), ('hurst', ind.Hurst(d, period=12)),
        ('willr', ind.WilliamsR(d, period=5)), ('willad', ind.WilliamsAD(d)),
        ('cci', ind.CCI(d, period=5)), ('vortex', ind.Vortex(d, period=4)),
        ('upmove', ind.UpMove(d)), ('downmove', ind.DownMove(d)),
        ('fractal', bt.studies.Fractal(d)), ('pivot', ind.PivotPoint(d)),
        ('fib', ind.FibonacciPivotPoint(d)),
    ]


@_SETTINGS
@given(bars=ohlc_bars())
def test_library_next_mode_equals_runonce(bars):
    """Every indicator family gives bit-identical arrays bar by bar and vectorised."""
    def check(path):
        ref = _run(path, _library_build, True, True)
        n = len(bars)
        for runonce, preload, exactbars in ((False, True, 0), (False, False, 0)):
            other = _run(path, _library_build, runonce, preload, exactbars)
            for key, arrays in ref.arrays.items():
                assert ref.lens[key] == other.lens[key] == n, key
                for i, (a, b) in enumerate(zip(arrays, other.arrays[key])):
                    if key == 'ichimoku' and i == 4:
                        # chikou_span reads future closes: bar by bar its last
                        # slots are written later than in runonce (as upstream)
                        a, b = a[:n - 3], b[:n - 3]
                    assert _same_floats(a[:n], b[:n]), (key, i, runonce, preload,
                                                        a[:n].tolist(), b[:n].tolist())
    _with_csv(bars, check)


def _oscillator_build(d):
    return [
        ('willr', ind.WilliamsR(d, period=5)), ('uo', ind.UltimateOscillator(d, p1=2, p2=4, p3=6)),
        ('lrsi', ind.LRSI(d, period=3)), ('aroon', ind.AroonUpDown(d, period=5)),
        ('aroonosc', ind.AroonOscillator(d, period=5)), ('pctrank', ind.PercentRank(d, period=6)),
        ('dv2', ind.DV2(d, period=8)), ('dm', ind.DM(d, period=4)),
        ('rmi', ind.RMI(d, period=5, lookback=2)), ('vortex', ind.Vortex(d, period=4)),
        ('hl', ind.HeikinAshi(d)),
    ]


@_SETTINGS
@given(bars=ohlc_bars())
def test_bounded_oscillators(bars):
    def check(path):
        res = _run(path, _oscillator_build, False, True).arrays
        n = len(bars)

        def finite(key, i=0):
            vals = res[key][i][:n]
            return vals[np.isfinite(vals)]

        def within(vals, lo, hi):
            # bounds up to float rounding
            return bool(((vals >= lo - 1e-9) & (vals <= hi + 1e-9)).all())

        assert within(finite('willr'), -100.0, 0.0)
        assert within(finite('uo'), 0.0, 100.0)
        assert within(finite('lrsi'), 0.0, 1.0)
        assert within(finite('aroon', 0), 0.0, 100.0) and within(finite('aroon', 1), 0.0, 100.0)
        assert within(finite('aroonosc'), -100.0, 100.0)
        assert within(finite('pctrank'), 0.0, 1.0)
        assert within(finite('dv2'), 0.0, 100.0)
        for i in range(4):                      # adx, adxr, +DI, -DI
            assert within(finite('dm', i), 0.0, 100.0)
        assert within(finite('rmi'), 0.0, 100.0)
        assert (finite('vortex', 0) >= 0.0).all() and (finite('vortex', 1) >= 0.0).all()
        # Heikin-Ashi candles: high above and low below open/close
        ha_open, ha_high, ha_low, ha_close = (res['hl'][i][1:n] for i in range(4))
        assert (ha_high >= np.maximum(ha_open, ha_close)).all()
        assert (ha_low <= np.minimum(ha_open, ha_close)).all()
    _with_csv(bars, check)


def _constant_library_build(d):
    return [
        ('dema', ind.DEMA(d, period=3)), ('tema', ind.TEMA(d, period=3)),
        ('zlema', ind.ZLEMA(d, period=4)), ('hma', ind.HMA(d, period=4)),
        ('zlind', ind.ZLInd(d, period=4)), ('dma', ind.DMA(d, period=4, hperiod=4)),
        ('smaenv', ind.SMAEnvelope(d, period=3)), ('lagf', ind.LAGF(d)),
        ('ha', ind.HeikinAshi(d)),
    ]


@settings(max_examples=20, deadline=None)
@given(value=st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False),
       size=st.integers(min_value=15, max_value=40))
def test_library_averages_of_a_constant(value, size):
    bars = [(value, value, value, value)] * size

    def check(path):
        strat = _run(path, _constant_library_build, False, True)
        res = strat.arrays
        c = float(strat.data.close[0])
        for key in ('dema', 'tema', 'zlema', 'hma', 'zlind', 'dma', 'smaenv'):
            vals = res[key][0][:size]
            vals = vals[~np.isnan(vals)]
            assert len(vals) >= size - 8, key
            assert vals == pytest.approx(np.full(len(vals), c), rel=1e-12), key
        top = res['smaenv'][1][:size]
        assert top[~np.isnan(top)] == pytest.approx(np.full(size - 2, c * 1.025), rel=1e-12)
        # the Laguerre filter starts from zero state and rises towards the constant
        lagf = res['lagf'][0][:size]
        assert (np.diff(lagf) >= 0.0).all() and 0.9 * c < lagf[-1] <= c * (1 + 1e-12)
        for i in range(4):
            assert res['ha'][i][1:size] == pytest.approx(np.full(size - 1, c), rel=1e-12)
    _with_csv(bars, check)
