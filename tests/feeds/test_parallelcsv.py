"""ParallelCSVLoader: results identical to loading each file on its own, one
bad file reported (path, line, reason) without stopping the others, every
kind of source, progress reporting, DataFrames and use in a run."""
from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

import backtrader as bt
from backtrader.core.errors import DataFileNotFoundError, DataFormatError
from backtrader.feeds.parallelcsv import LoadError, LoadResult
from conftest import DATAS

HEADER = 'Date,Open,High,Low,Close,Volume,OpenInterest\n'
MIN = dict(timeframe=bt.TimeFrame.Minutes)


def _rows(n, seed, start=dt.datetime(2015, 1, 5, 9, 0)):
    rnd = random.Random(seed)
    price, out = 100.0, []
    for k in range(n):
        price *= 1 + rnd.uniform(-0.002, 0.002)
        when = start + dt.timedelta(minutes=k)
        out.append('%s,%.4f,%.4f,%.4f,%.4f,%d,0\n' % (when.strftime('%Y-%m-%d %H:%M:%S'), price,
                                                     price + 0.05, price - 0.05, price + 0.01,
                                                     rnd.randrange(1000)))
    return out


def _write(folder, nfiles, nbars, prefix='a'):
    paths = []
    for k in range(nfiles):
        path = folder / ('%s%04d.csv' % (prefix, k))
        path.write_text(HEADER + ''.join(_rows(nbars, k)))
        paths.append(path)
    return paths


def _alone(path, feed=bt.feeds.GenericCSVData, **kw):
    """The arrays of one file loaded on its own (or the exception)."""
    data = feed(dataname=str(path), **kw)
    try:
        data._start()
        arrays = data._load_arrays()
    except Exception as exc:
        return exc
    # a bad line met after good rows: they are delivered first, then it raises
    return data._arrays_end_error or arrays


def _assert_same(arrays, expected):
    assert set(arrays) == set(expected)
    for name in expected:
        np.testing.assert_array_equal(arrays[name], expected[name], err_msg=name)


def test_one_bad_file_among_a_thousand(tmp_path):
    paths = _write(tmp_path, 1000, 20)
    bad = paths[637]
    lines = bad.read_text().splitlines(keepends=True)
    lines[12] = lines[12].replace(',', ',1.2.3', 2)      # file line 13: a bad number
    bad.write_text(''.join(lines))
    calls = []
    result = bt.ParallelCSVLoader(tmp_path, progress=lambda *a: calls.append(a), **MIN).load()
    assert isinstance(result, LoadResult)
    assert len(result) == 999 and len(result.errors) == 1
    err = result.errors[0]
    assert isinstance(err, LoadError) and err.path == str(bad) and err.line == 13
    assert 'DataFormatError' in err.reason and isinstance(err.error, DataFormatError)
    assert str(bad) + ' line 13: ' in str(err)
    assert result.paths == [str(p) for p in paths if p != bad]
    for path, data in zip(result.paths[::37], result.datas[::37]):
        _assert_same(data._preparsed, _alone(path, **MIN))
    # every file reported once to the progress callback, counting up to 1000
    assert [c[0] for c in calls] == list(range(1, 1001)) and {c[1] for c in calls} == {1000}
    assert sorted(c[2] for c in calls) == sorted(str(p) for p in paths)


ODD_FILES = {
    'empty.csv': '',
    'header_only.csv': HEADER,
    'no_final_newline.csv': HEADER + ''.join(_rows(5, 1)).rstrip('\n'),
    'crlf.csv': (HEADER + ''.join(_rows(6, 2))).replace('\n', '\r\n'),
    'old_mac.csv': (HEADER + ''.join(_rows(6, 3))).replace('\n', '\r'),
    'blank_lines.csv': HEADER + '\n' + ''.join(_rows(4, 4)) + '\n\n' + ''.join(_rows(3, 5)),
    'bad_date.csv': HEADER + ''.join(_rows(3, 6)) + '2015-13-45 10:00:00,1,2,3,4,5,6\n',
    'short_row.csv': HEADER + ''.join(_rows(3, 7)) + '2015-01-06 10:00:00,1,2\n',
    'ragged_ok.csv': HEADER + ''.join(_rows(3, 8)) + '2015-01-06 10:00:00,1,2,3,4,5,6,7\n',
    'nulls.csv': HEADER + '2015-01-05 09:00:00,1,,3,4,,6\n' + ''.join(_rows(3, 9)),
    'text.csv': 'this is not\na csv file at all\n',
    'good1.csv': HEADER + ''.join(_rows(50, 10)),
    'good2.csv': HEADER + ''.join(_rows(70, 11)),
}


@pytest.mark.parametrize('workers', [1, 3])
def test_odd_files_load_exactly_as_one_by_one(tmp_path, workers):
    for name, text in ODD_FILES.items():
        (tmp_path / name).write_bytes(text.encode())
    paths = sorted(str(p) for p in tmp_path.iterdir()) + [str(tmp_path / 'missing.csv')]
    result = bt.ParallelCSVLoader(paths, workers=workers, **MIN).load()
    errors = {e.path: e for e in result.errors}
    loaded = dict(zip(result.paths, result.datas))
    assert len(loaded) + len(errors) == len(paths)
    for path in paths:
        alone = _alone(path, **MIN)
        if isinstance(alone, Exception):
            assert path in errors, path
            assert type(errors[path].error) is type(alone) or isinstance(alone, DataFileNotFoundError)
        else:
            _assert_same(loaded[path]._preparsed, alone)
    assert errors[str(tmp_path / 'missing.csv')].reason == 'file not found'
    assert errors[str(tmp_path / 'bad_date.csv')].line == 5
    assert str(tmp_path / 'good2.csv') in loaded


def test_empty_lines_in_batched_files_are_errors_as_alone(tmp_path):
    # only good rows around the empty lines: the batch parses as one table,
    # so the files with an empty line must be told apart there
    paths = _write(tmp_path, 6, 20)
    blank_at = {1: 2, 3: 9, 4: 22}            # file -> its empty line (file line number)
    for k, lineno in blank_at.items():
        lines = paths[k].read_text().splitlines(keepends=True)
        lines.insert(lineno - 1, '\r\n' if k == 4 else '\n')
        paths[k].write_text(''.join(lines))
    result = bt.ParallelCSVLoader(tmp_path, workers=1, **MIN).load()
    assert {e.path: e.line for e in result.errors} == {str(paths[k]): n
                                                       for k, n in blank_at.items()}
    for err in result.errors:
        alone = _alone(err.path, **MIN)
        assert type(err.error) is type(alone) and str(err.error) == str(alone)
    assert result.paths == [str(paths[k]) for k in (0, 2, 5)]
    for path, data in zip(result.paths, result.datas):
        _assert_same(data._preparsed, _alone(path, **MIN))


def test_sources_folder_glob_list(tmp_path):
    a = _write(tmp_path, 3, 10, 'a')
    (tmp_path / 'sub').mkdir()
    b = _write(tmp_path / 'sub', 2, 10, 'b')
    (tmp_path / 'notes.txt').write_text('x')
    assert bt.ParallelCSVLoader(tmp_path).paths == [str(p) for p in a]
    assert bt.ParallelCSVLoader(str(tmp_path / '*' / 'b*.csv')).paths == [str(p) for p in b]
    mixed = bt.ParallelCSVLoader([tmp_path / 'sub', a[1], str(tmp_path / 'a0002.csv')]).paths
    assert mixed == [str(p) for p in b] + [str(a[1]), str(a[2])]
    assert bt.ParallelCSVLoader(tmp_path, pattern='*.txt').paths == [str(tmp_path / 'notes.txt')]
    assert bt.feeds.ParallelCSVLoader is bt.ParallelCSVLoader


def _bars(datas, **cerebro_kw):
    class Rec(bt.Strategy):
        def __init__(self):
            self.rows = []

        def next(self):
            self.rows.append(tuple((d.datetime[0], d.close[0], d.volume[0], len(d))
                                   for d in self.datas))

    cer = bt.Cerebro(stdstats=False, **cerebro_kw)
    for d in datas:
        cer.adddata(d)
    cer.addstrategy(Rec)
    return cer.run()[0].rows


@pytest.mark.parametrize('mode', [dict(), dict(runonce=False), dict(preload=False)])
def test_loaded_feeds_run_like_feeds_built_directly(mode):
    files = ['2006-day-001.txt', '2006-day-002.txt', '2006-week-001.txt']
    kw = dict(fromdate=dt.date(2006, 2, 1), todate=dt.date(2006, 11, 30))
    result = bt.ParallelCSVLoader([DATAS / f for f in files], feed=bt.feeds.BacktraderCSVData,
                                  **kw).load()
    assert [d._name for d in result] == [f[:-4] for f in files]
    direct = [bt.feeds.BacktraderCSVData(dataname=str(DATAS / f), **kw) for f in files]
    assert _bars(result.datas, **mode) == _bars(direct, **mode)
    # a second run over the same feeds gives the same bars again
    assert _bars(result.datas, **mode) == _bars(direct, **mode)


def test_feed_classes_parsed_file_by_file_still_match(tmp_path):
    # Yahoo with reverse=True reorders a whole file: never parsed in one table
    for name in ('orcl-2014.txt', 'yhoo-2014.txt', 'nvda-2014.txt'):
        (tmp_path / name).write_text((DATAS / name).read_text())
    kw = dict(reverse=False, round=False)
    for reverse in (False, True):
        kw['reverse'] = reverse
        result = bt.ParallelCSVLoader(tmp_path, pattern='*.txt', workers=2,
                                      feed=bt.feeds.YahooFinanceCSVData, **kw).load()
        assert not result.errors and len(result) == 3
        for path, data in zip(result.paths, result.datas):
            _assert_same(data._preparsed, _alone(path, bt.feeds.YahooFinanceCSVData, **kw))


def test_custom_line_protocol_feed_is_left_to_the_run(tmp_path):
    paths = _write(tmp_path, 3, 5)

    class Legacy(bt.feeds.GenericCSVData):
        def _loadline(self, tokens):
            ok = super()._loadline(tokens)
            self.lines.openinterest[0] = 7.0
            return ok

    result = bt.ParallelCSVLoader(paths, feed=Legacy, **MIN).load()
    assert len(result) == 3 and all(d._preparsed is None for d in result)
    rows = _bars(result.datas)
    assert len(rows) == 5 and result.datas[0].openinterest[0] == 7.0


def test_frames(tmp_path):
    paths = _write(tmp_path, 4, 30)
    frames = bt.ParallelCSVLoader(paths, **MIN).frames()
    assert list(frames) == ['a0000', 'a0001', 'a0002', 'a0003']
    df = frames['a0002']
    assert list(df.columns) == ['open', 'high', 'low', 'close', 'volume', 'openinterest']
    assert len(df) == 30 and df.index[0] == dt.datetime(2015, 1, 5, 9, 0)
    alone = _alone(paths[2], **MIN)
    np.testing.assert_array_equal(df['close'].to_numpy(), alone['close'])
    assert list(df.index.to_pydatetime()) == [bt.num2date(x) for x in alone['datetime']]
    # repeated file names are keyed by path
    (tmp_path / 'x').mkdir()
    again = _write(tmp_path / 'x', 1, 3)
    frames = bt.ParallelCSVLoader([paths[0], again[0]], **MIN).frames()
    assert list(frames) == ['a0000', str(again[0])]


def test_frame_index_is_num2date_exactly(tmp_path):
    from backtrader.feeds.parallelcsv import _datetimes
    rnd = random.Random(3)
    nums = [732313 + rnd.random() for _ in range(5000)]
    nums += [732313.9999999999, 732313.99999999988, 732314.0, 732313.5 + 1e-11]
    got = _datetimes(np.array(nums)).astype(object)
    assert list(got) == [bt.num2date(x) for x in nums]


def test_progress_bar(tmp_path, capsys):
    paths = _write(tmp_path, 5, 5)
    bt.ParallelCSVLoader(paths, progressbar=True, **MIN).load()
    err = capsys.readouterr().err
    assert 'loading CSV files' in err and '5/5' in err
    bt.ParallelCSVLoader(paths, **MIN).load()        # not a terminal: no bar
    assert capsys.readouterr().err == ''
