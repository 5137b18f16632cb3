"""The whole-array resampler (preloaded datas) against the input-by-input
filter (datas loaded bar by bar): for random bar series, targets and options
every delivered bar is bit-identical, and the array path is really taken
whenever it applies."""
from __future__ import annotations

import datetime

import numpy as np
from hypothesis import HealthCheck, given, settings, strategies as st

import backtrader as bt
import backtrader.feeds.resample.vector as vector
from backtrader.utils.dateintern import date2num

TF = bt.TimeFrame


class ArrayFeed(bt.feeds.DataBase):
    """A feed serving fixed arrays (whole series or bar by bar)."""

    params = (('arrays', None),)

    def _load_arrays(self):
        return {k: np.array(v, dtype=np.float64) for k, v in self.p.arrays.items()}


_STEP = {TF.Ticks: 7.3, TF.Seconds: 1, TF.Minutes: 60, TF.Days: 86400}


@st.composite
def series(draw):
    srctf = draw(st.sampled_from([TF.Ticks, TF.Seconds, TF.Minutes, TF.Days]))
    n = draw(st.integers(1, 120))
    base = datetime.datetime(2020, 1, 3, 8, 0)
    if srctf == TF.Days:
        stamps, day = [], 0
        for _ in range(n):
            day += draw(st.integers(1, 4))
            stamps.append(datetime.datetime.combine(base.date() + datetime.timedelta(days=day),
                                                    datetime.time(23, 59, 59, 999990)))
    else:
        unit = _STEP[srctf]
        t, stamps = 0.0, []
        for _ in range(n):
            t += unit * draw(st.sampled_from([1, 1, 1, 2, 3, 10, 500, 1500]))
            stamps.append(base + datetime.timedelta(seconds=t))
    dt = [date2num(s) for s in stamps]
    prices = draw(st.lists(st.floats(10, 20, allow_nan=False), min_size=n, max_size=n))
    if draw(st.booleans()):
        volume = draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n))
    else:
        volume = draw(st.lists(st.floats(0, 10, allow_nan=False), min_size=n, max_size=n))
    arrays = dict(datetime=dt, open=prices, close=[p + 0.5 for p in prices],
                  high=[p + 1 for p in prices], low=[p - 1 for p in prices],
                  volume=[float(v) for v in volume], openinterest=list(range(n)))
    target = draw(st.sampled_from([(TF.Ticks, 3), (TF.Seconds, 5), (TF.Minutes, 1),
                                   (TF.Minutes, 15), (TF.Minutes, 7), (TF.Days, 1), (TF.Days, 2),
                                   (TF.Weeks, 1), (TF.Months, 1), (TF.Years, 1)]))
    opts = dict(timeframe=target[0], compression=target[1],
                bar2edge=draw(st.booleans()), adjbartime=draw(st.booleans()),
                rightedge=draw(st.booleans()), boundoff=draw(st.sampled_from([0, 0, 1])))
    return srctf, arrays, opts


def _bars(srctf, arrays, opts, preload):
    data = ArrayFeed(arrays=arrays, timeframe=srctf)
    data.resample(**opts)
    cerebro = bt.Cerebro(stdstats=False, preload=preload, runonce=preload)
    cerebro.adddata(data)
    cerebro.run()
    n = len(data)
    return [np.array(line.get(ago=0, size=n)) for line in data.lines.lines], data


USED = {'vector': 0}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series())
def test_array_path_equals_input_path(case):
    srctf, arrays, opts = case
    calls = []
    orig = vector.resample_arrays

    def spy(flt, arrs):
        out = orig(flt, arrs)
        calls.append(out is not None)
        return out
    vector.resample_arrays = spy
    try:
        whole, _ = _bars(srctf, arrays, opts, preload=True)
    finally:
        vector.resample_arrays = orig
    one_by_one, _ = _bars(srctf, arrays, opts, preload=False)
    assert len(whole[0]) == len(one_by_one[0])
    for a, b in zip(whole, one_by_one):
        np.testing.assert_array_equal(a, b)         # NaN-aware, exact
        assert a.tobytes() == b.tobytes()
    # taken whenever applicable: sub-day targets without boundoff, others always
    applicable = not (opts['timeframe'] in (TF.Seconds, TF.Minutes) and opts['boundoff'])
    if applicable and opts['timeframe'] >= srctf:
        assert calls == [True]
        USED['vector'] += 1


def test_the_array_path_is_taken_for_a_plain_weekly_resample():
    from conftest import DATAS
    data = bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'))
    data.resample(timeframe=TF.Weeks)
    taken = []
    orig = vector.resample_arrays
    vector.resample_arrays = lambda f, a: taken.append(1) or orig(f, a)
    try:
        cerebro = bt.Cerebro(stdstats=False)
        cerebro.adddata(data)
        cerebro.run()
    finally:
        vector.resample_arrays = orig
    assert taken == [1] and len(data) == 52
