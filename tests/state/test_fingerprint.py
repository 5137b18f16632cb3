"""Fingerprints: files and DataFrames that only grew still match (when
growth is allowed), any other change is named."""
from __future__ import annotations

import numpy as np
import pandas as pd

import backtrader as bt
from backtrader.state.fingerprint import (data_differences, data_fingerprint, differences,
                                          file_fingerprint, strategy_fingerprint)


def _csv_feed(path):
    return bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d', openinterest=-1)


def _write_rows(path, n, start=0):
    rows = ['Date,Open,High,Low,Close,Volume,OpenInterest']
    day = pd.Timestamp('2020-01-01')
    for i in range(n):
        d = (day + pd.Timedelta(days=i)).date().isoformat()
        rows.append('%s,%d,%d,%d,%d,100,0' % (d, 10 + i, 11 + i, 9 + i, 10 + i))
    path.write_text('\n'.join(rows) + '\n')


def test_grown_file_matches_only_when_growth_is_allowed(tmp_path):
    path = tmp_path / 'bars.csv'
    _write_rows(path, 50)
    saved = data_fingerprint(_csv_feed(path))
    assert data_differences(saved, _csv_feed(path), 'data', allow_growth=False) == []
    _write_rows(path, 80)                   # the same 50 rows, and 30 more
    assert data_differences(saved, _csv_feed(path), 'data', allow_growth=True) == []
    grew = data_differences(saved, _csv_feed(path), 'data', allow_growth=False)
    assert len(grew) == 1 and 'grew' in grew[0]
    text = path.read_text().replace('2020-01-03,12', '2020-01-03,99')
    path.write_text(text)
    changed = data_differences(saved, _csv_feed(path), 'data', allow_growth=True)
    assert len(changed) == 1 and 'content' in changed[0]
    _write_rows(path, 20)
    assert 'shrank' in data_differences(saved, _csv_feed(path), 'data', True)[0]


def test_large_files_are_hashed_at_both_ends(tmp_path):
    path = tmp_path / 'big.bin'
    path.write_bytes(np.arange(2_000_000, dtype=np.int32).tobytes())
    fp = file_fingerprint(str(path))
    assert 'sha256' not in fp and fp['size'] == 8_000_000
    assert file_fingerprint(str(path)) == fp


def test_frames_grow_by_rows():
    df = pd.DataFrame({'close': np.arange(10.0)},
                      index=pd.date_range('2020-01-01', periods=10, name='datetime'))
    feed = bt.feeds.PandasData(dataname=df)
    saved = data_fingerprint(feed)
    bigger = pd.concat([df, pd.DataFrame({'close': [99.0]},
                                         index=pd.DatetimeIndex(['2020-02-01'], name='datetime'))])
    assert data_differences(saved, bt.feeds.PandasData(dataname=bigger), 'd', True) == []
    edited = df.copy()
    edited.iloc[3, 0] = -1.0
    assert data_differences(saved, bt.feeds.PandasData(dataname=edited), 'd', True)


def test_differences_name_the_place():
    class A(bt.Strategy):
        params = (('period', 10), ('mode', 'fast'))

    old = strategy_fingerprint(A)
    new = strategy_fingerprint(A, {'period': 20})
    assert differences(old, new, 'strategy') == ['strategy.params.period: was 10, now 20']
    assert differences(old, old) == []
    assert differences({'a': 1}, {'b': 1}) == ['a: was 1, now absent', 'b: absent before, now 1']
