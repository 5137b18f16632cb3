"""VisualChart binary files: files written by our own helper
(``feeds.vchart.vchart_record``, the documented record layout) are read by
upstream and by this project with identical bars; corrupt files give typed
errors naming the file and the record."""
from __future__ import annotations

import datetime as dt
import math
import os
import random

import pytest

import backtrader as bt
from backtrader.core.errors import DataFileNotFoundError, DataFormatError
from backtrader.feeds.vchart import vchart_record
from feedscript import script


def _daily_bars(n, start=dt.date(2006, 1, 2), seed=1):
    rnd = random.Random(seed)
    day, price, out = start, 100.0, []
    while len(out) < n:
        if day.weekday() < 5:
            price = round(price * (1 + rnd.uniform(-0.02, 0.02)), 3)
            hi, lo = price * 1.01, price * 0.985
            out.append((day, price, hi, lo, price * 1.001, rnd.randrange(10**6), rnd.randrange(5000)))
        day += dt.timedelta(days=1)
    return out


def _minute_bars(days=3, start=dt.datetime(2006, 1, 2, 9, 0), seed=2):
    rnd = random.Random(seed)
    out, price = [], 50.0
    for d in range(days):
        t = start + dt.timedelta(days=d)
        for k in range(0, 8 * 60, 7):
            when = t + dt.timedelta(minutes=k, seconds=k % 60)
            price += rnd.uniform(-0.3, 0.3)
            out.append((when, price, price + 0.2, price - 0.2, price + 0.05, rnd.randrange(900),
                        rnd.randrange(90)))
    return out


def write_vchart(path, bars, intraday):
    with open(path, 'wb') as f:
        for bar in bars:
            f.write(vchart_record(*bar, intraday=intraday))
    return path


@pytest.fixture(scope='module')
def vchart_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp('vchart')
    write_vchart(root / 'es.fd', _daily_bars(300), False)
    write_vchart(root / 'es.min', _minute_bars(), True)
    base = root / 'base' / 'RealServer' / 'Data' / '01' / '5ES'
    base.mkdir(parents=True)
    write_vchart(base / '015ES.fd', _daily_bars(40, seed=3), False)
    store = root / 'store' / '0015'
    store.mkdir(parents=True)
    write_vchart(store / '010015ES.fd', _daily_bars(50, seed=4), False)
    write_vchart(store / '010015ES.min', _minute_bars(2, seed=5), True)
    # the store feed ignores a trailing partial record (as upstream does)
    with open(store / '010015ES.fd', 'ab') as f:
        f.write(b'\x01\x02\x03')
    return root


BODY = r'''
V = %(root)r + '/'
store = bt.stores.VChartFile(path=V + 'store/')
M = bt.TimeFrame.Minutes
run_case('vchart daily', lambda: [btfeeds.VChartData(dataname=V + 'es.fd')])
run_case('vchart daily no extension', lambda: [btfeeds.VChartData(dataname=V + 'es', fromdate=datetime.date(2006, 3, 1),
         todate=datetime.date(2006, 6, 30))])
run_case('vchart intraday', lambda: [btfeeds.VChartData(dataname=V + 'es', timeframe=M)])
run_case('vchart intraday ext, default tf', lambda: [btfeeds.VChartData(dataname=V + 'es.min')])
run_case('vchart intraday tz', lambda: [btfeeds.VChartData(dataname=V + 'es.min', timeframe=M, tz=FixedTZ(-5),
         tzinput=FixedTZ(1), todate=datetime.datetime(2006, 1, 3, 12, 0))])
run_case('vchart two', lambda: [btfeeds.VChartData(dataname=V + 'es.fd', todate=datetime.date(2006, 2, 1)),
         btfeeds.VChartData(dataname=V + 'es.min', timeframe=M)])
def feed():
    d = btfeeds.VChartFeed(basepath=V + 'base/').getdata('015ES')
    return [d]
run_case('vchart feed factory', feed)
run_case('vchartfile store daily', lambda: [btfeeds.VChartFile(dataname='015ES')])
run_case('vchartfile store sessionend', lambda: [btfeeds.VChartFile(dataname='015ES', sessionend=datetime.time(17, 30))])
run_case('vchartfile store minutes', lambda: [btfeeds.VChartFile(dataname='015ES', timeframe=M)])
run_case('vchartfile store getdata', lambda: [store.getdata(dataname='015ES', timeframe=M, compression=7)])
run_case('vchartfile missing', lambda: [btfeeds.VChartFile(dataname='099XX')])
'''


@pytest.mark.oracle
def test_vchart_files_read_like_upstream(vchart_dir, run_oracle, run_ours):
    text = script(BODY % {'root': str(vchart_dir)})
    oracle = run_oracle(text)
    assert 'ERROR' not in oracle
    assert oracle.count('\n') > 2000
    assert run_ours(text).splitlines() == oracle.splitlines()


def test_record_helper_layout():
    rec = vchart_record(dt.date(2006, 1, 2), 1.5, 2.5, 0.5, 2.0, 100, 7)
    assert len(rec) == 28 and rec[:4] == (2006 * 500 + 32 + 2).to_bytes(4, 'little')
    rec = vchart_record(dt.datetime(2006, 1, 2, 9, 30, 1), 1, 2, 0, 1.5, 3, 4, intraday=True)
    assert len(rec) == 32 and rec[4:8] == (9 * 3600 + 30 * 60 + 1).to_bytes(4, 'little')


def _run(data):
    cer = bt.Cerebro(stdstats=False)
    cer.adddata(data)
    cer.run()
    return data


def test_values_are_the_float32_of_the_file(tmp_path):
    path = write_vchart(tmp_path / 'v.fd', [(dt.date(2006, 1, 2), 1.1, 2.2, 0.3, 1.7, 2**32 - 1, 5)],
                        False)
    data = _run(bt.feeds.VChartData(dataname=str(path)))
    assert data.open[0] == 1.100000023841858      # float32(1.1) widened
    assert data.volume[0] == 4294967295.0          # unsigned 32-bit
    assert data.datetime.datetime(0) == dt.datetime(2006, 1, 2)   # daily: midnight


@pytest.mark.parametrize('tail,intraday', [(b'\x01\x02\x03\x04\x05', False), (b'\x00' * 31, True)])
def test_trailing_partial_record_is_a_typed_error(tmp_path, tail, intraday):
    bars = _minute_bars(1) if intraday else _daily_bars(10)
    path = write_vchart(tmp_path / ('c.min' if intraday else 'c.fd'), bars, intraday)
    with open(path, 'ab') as f:
        f.write(tail)
    with pytest.raises(DataFormatError) as exc:
        _run(bt.feeds.VChartData(dataname=str(path)))
    msg = str(exc.value)
    assert str(path) in msg and 'trailing bytes after record %d' % len(bars) in msg
    assert isinstance(exc.value, ValueError)


@pytest.mark.parametrize('packed,time,word', [
    (2006 * 500 + 13 * 32 + 1, None, 'month 13'), (2006 * 500 + 2 * 32 + 30, None, 'day 30'),
    (2006 * 500 + 1 * 32 + 0, None, 'day 0'), (2006 * 500 + 32 + 2, 86400, 'time 86400'),
])
def test_invalid_record_names_file_and_record(tmp_path, packed, time, word):
    intraday = time is not None
    path = tmp_path / ('bad.min' if intraday else 'bad.fd')
    good = vchart_record(dt.datetime(2006, 1, 2, 10), 1, 2, 0, 1, 1, 1, intraday=intraday)
    bad = bytearray(good)
    bad[0:4] = packed.to_bytes(4, 'little')
    if intraday:
        bad[4:8] = time.to_bytes(4, 'little')
    path.write_bytes(good * 3 + bytes(bad) + good)
    with pytest.raises(DataFormatError, match=r'record 3 \(byte %d\).*%s' % (3 * len(good), word)) as exc:
        _run(bt.feeds.VChartData(dataname=str(path)))
    assert str(path) in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(DataFileNotFoundError, match='nothere.fd'):
        _run(bt.feeds.VChartData(dataname=str(tmp_path / 'nothere')))


def test_many_bars_round_trip(tmp_path):
    bars = _daily_bars(2000, seed=9)
    path = write_vchart(tmp_path / 'big.fd', bars, False)
    data = _run(bt.feeds.VChartData(dataname=str(path)))
    assert len(data) == 2000
    closes = data.close.array
    assert all(math.isclose(c, b[4], rel_tol=1e-6) for c, b in zip(closes[-50:], bars[-50:]))
    assert data.datetime.date(0) == bars[-1][0]
