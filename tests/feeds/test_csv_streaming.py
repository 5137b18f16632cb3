"""Loading a CSV bar by bar (no preload) streams it in blocks: block boundaries
are invisible -- same bars, same errors (same line numbers) as parsing the whole
file at once."""
import numpy as np
import pytest
from hypothesis import given, settings, HealthCheck, strategies as st

import backtrader as bt
from backtrader.feeds import csvbase

ROWS = 120


def _csv_text(rows: int, newline: str = '\n', blank_at=None, bad_at=None,
              trailing_newline: bool = True) -> str:
    rng = np.random.default_rng(7)
    close = 100 + np.cumsum(rng.normal(0, 1, rows)).round(2)
    out = ['Date,Open,High,Low,Close,Volume,OpenInterest']
    for i in range(rows):
        if i == blank_at:
            out.append('')
        price = 'x1.5' if i == bad_at else '%.2f' % close[i]
        out.append('2020-01-01 %02d:%02d:00,%.2f,%.2f,%.2f,%s,%d,0' % (
            i // 60, i % 60, close[i], close[i] + 1, close[i] - 1, price, 1000 + i))
    text = newline.join(out)
    return text + newline if trailing_newline else text


class _Log(bt.Strategy):
    def __init__(self):
        self.log = []
        self.sma = bt.ind.SMA(period=5)

    def next(self):
        self.log.append((self.data.datetime.datetime(0).isoformat(), self.data.close[0],
                         self.data.volume[0], self.sma[0]))


def _run(path, preload: bool, exactbars: int = 0) -> tuple:
    cerebro = bt.Cerebro(preload=preload, runonce=False, exactbars=exactbars,
                         stdstats=False)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=str(path),
                                            dtformat='%Y-%m-%d %H:%M:%S',
                                            timeframe=bt.TimeFrame.Minutes))
    log = []

    class Keep(_Log):
        def __init__(self):
            super().__init__()
            self.log = log

    cerebro.addstrategy(Keep)
    try:
        cerebro.run()
    except Exception as exc:        # the bars before it and the error itself
        return log, '%s: %s' % (type(exc).__name__, exc)
    return log, None


VARIANTS = {
    'plain': {},
    'crlf': {'newline': '\r\n'},
    'no-final-newline': {'trailing_newline': False},
    'blank-line': {'blank_at': 77},
    'bad-number': {'bad_at': 64},
}
_expected = {}


def _expected_for(tmp_path_factory, name):
    """The file and what a bar-by-bar run gives parsing it whole (no streaming)."""
    if name not in _expected:
        path = tmp_path_factory.mktemp('csv') / ('%s.csv' % name)
        path.write_bytes(_csv_text(ROWS, **VARIANTS[name]).encode())
        whole = csvbase.CSVDataBase._stream_arrays
        csvbase.CSVDataBase._stream_arrays = lambda self: None
        try:
            _expected[name] = (path, _run(path, preload=False))
        finally:
            csvbase.CSVDataBase._stream_arrays = whole
        if VARIANTS[name].get('bad_at') is None and VARIANTS[name].get('blank_at') is None:
            log, error = _expected[name][1]
            assert error is None and len(log) == ROWS - 4       # SMA(5) warm-up
            assert _run(path, preload=True) == (log, error)
    return _expected[name]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(block=st.sampled_from([1, 7, 64, 333, 4096, 1 << 22]),
       name=st.sampled_from(sorted(VARIANTS)),
       exactbars=st.sampled_from([0, 1]))
def test_block_size_is_invisible(tmp_path_factory, monkeypatch, block, name, exactbars):
    path, expected = _expected_for(tmp_path_factory, name)
    monkeypatch.setattr(csvbase, '_STREAM_BYTES', block)
    got = _run(path, preload=False, exactbars=exactbars)
    assert got[1] == expected[1]
    assert got[0] == expected[0]


@pytest.mark.parametrize('name', ['blank-line', 'bad-number'])
def test_errors_name_the_file_line(tmp_path_factory, monkeypatch, name):
    path, expected = _expected_for(tmp_path_factory, name)
    monkeypatch.setattr(csvbase, '_STREAM_BYTES', 50)
    log, error = _run(path, preload=False)
    line = (VARIANTS[name].get('blank_at') or VARIANTS[name].get('bad_at')) + 2
    assert error is not None and ('line %d' % line) in error
    assert error == expected[1]


def test_streamed_feed_reads_blocks_lazily(tmp_path, monkeypatch):
    # bar by bar, only the blocks reached are parsed
    path = tmp_path / 'bars.csv'
    path.write_bytes(_csv_text(ROWS).encode())
    monkeypatch.setattr(csvbase, '_STREAM_BYTES', 256)
    data = bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d %H:%M:%S')
    data._start()
    parsed = []
    real = data._parse_table

    def counting(table):
        parsed.append(table.n)
        return real(table)

    data._parse_table = counting
    assert data.load()
    assert len(parsed) == 1 and parsed[0] < ROWS
    while data.load():
        pass
    assert sum(parsed) == ROWS
    data.stop()
