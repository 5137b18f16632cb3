"""Bad fields and blank lines in CSV files: the same kind of error as upstream.

An empty or non-numeric price field, and an empty line, stop the run with an
exception in upstream backtrader (``GenericCSVData`` reads an empty field as
``nullvalue`` instead; ``YahooFinanceCSVData`` reads a volume that is not a
number as 0). Ours raises a typed error (``backtrader/core/errors.py``) that is
an instance of upstream's exception type and names the file, line and column.

The differential test runs one script (cases below) with upstream and with this
project: the bars delivered before the error and the builtin type of the error
must agree, in preload+runonce, preload+next and no-preload mode.
"""
from __future__ import annotations

import pytest

import backtrader as bt
from backtrader.core.errors import DataFormatError, MissingFieldError

BT_HEADER = 'Date,Open,High,Low,Close,Volume,OpenInterest'
BT_ROWS = ['2006-01-02,3578.73,3605.95,3578.73,3604.33,10,0',
           '2006-01-03,3604.08,3638.42,3601.84,3614.34,10,0',
           '2006-01-04,3615.23,3652.46,3615.23,3652.46,10,0']
YAHOO_HEADER = 'Date,Open,High,Low,Close,Adj Close,Volume'
YAHOO_ROWS = ['2006-01-02,10,11,9,10,10,7', '2006-01-03,10,11,9,12,6,7',
              '2006-01-04,10,12,9,11,11,7']
VCHART_ROWS = ['X,D,20060102,000000,10,11,9,10,5,0', 'X,D,20060103,000000,10,11,9,11,5,0',
               'X,D,20060104,000000,10,11,9,12,5,0']

# feed -> (constructor text, header, rows, numeric columns)
FEEDS = {
    'generic': ("bt.feeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d')",
                BT_HEADER, BT_ROWS, (1, 4, 5, 6)),
    'btcsv': ('bt.feeds.BacktraderCSVData(dataname=path)', BT_HEADER, BT_ROWS, (1, 4, 5, 6)),
    'yahoo': ('bt.feeds.YahooFinanceCSVData(dataname=path)', YAHOO_HEADER, YAHOO_ROWS,
              (1, 4, 5, 6)),
    'yahoo-reverse': ('bt.feeds.YahooFinanceCSVData(dataname=path, reverse=True)',
                      YAHOO_HEADER, YAHOO_ROWS[::-1], (2, 6)),
    'vchart': ('bt.feeds.VChartCSVData(dataname=path)', 'header', VCHART_ROWS, (4, 7, 8)),
}


def _with_token(rows, row, col, token):
    rows = list(rows)
    tokens = rows[row].split(',')
    tokens[col] = token
    rows[row] = ','.join(tokens)
    return rows


def _cases() -> list:
    """(name, feed, file text) of every case."""
    cases = []
    for feed, (_, header, rows, columns) in FEEDS.items():
        for col in columns:
            for token in ('', 'abc', 'null'):
                cases.append(('%s col%d=%r' % (feed, col, token), feed,
                              _with_token(rows, 1, col, token)))
        if feed != 'vchart':        # upstream: StopIteration, not an error type a user catches
            cases.append(('%s blank middle' % feed, feed, rows[:2] + [''] + rows[2:]))
            cases.append(('%s blank end' % feed, feed, rows + ['']))
            cases.append(('%s blank first' % feed, feed, [''] + rows))
    return [(name, feed, header_text(feed) + '\n'.join(rows) + '\n')
            for name, feed, rows in cases]


def header_text(feed: str) -> str:
    return FEEDS[feed][1] + '\n'


SCRIPT = r'''
import os, tempfile
import backtrader as bt

class Printer(bt.Strategy):
    def next(self):
        d = self.data
        print(' ', d.datetime.datetime(0), d.open[0], d.high[0], d.low[0], d.close[0],
              d.volume[0], d.openinterest[0])

tmp = tempfile.mkdtemp()
for name, feed, text in CASES:
    path = os.path.join(tmp, 'f.csv')
    with open(path, 'w', newline='') as f:
        f.write(text)
    for preload, runonce in ((True, True), (True, False), (False, False)):
        print('== %s preload=%s runonce=%s' % (name, preload, runonce))
        cerebro = bt.Cerebro(stdstats=False, preload=preload, runonce=runonce)
        cerebro.adddata(eval(FEEDS[feed]))
        cerebro.addstrategy(Printer)
        try:
            cerebro.run()
            print('ok')
        except Exception as exc:
            print('error', ' '.join(k.__name__ for k in type(exc).__mro__
                                    if k.__module__ == 'builtins'))
'''


def _script() -> str:
    feeds = {name: spec[0] for name, spec in FEEDS.items()}
    return 'CASES = %r\nFEEDS = %r\n' % (_cases(), feeds) + SCRIPT


_OUTPUTS: dict = {}


def _outputs(run_oracle, run_ours):
    if not _OUTPUTS:
        text = _script()
        _OUTPUTS['both'] = (_sections(run_oracle(text)), _sections(run_ours(text)))
    return _OUTPUTS['both']


def _sections(output: str) -> dict:
    out, current = {}, None
    for line in output.splitlines():
        if line.startswith('== '):
            current = out.setdefault(line[3:], [])
        else:
            current.append(line)
    return out


@pytest.mark.oracle
def test_bad_fields_and_blank_lines_fail_like_upstream(run_oracle, run_ours):
    oracle, ours = _outputs(run_oracle, run_ours)
    assert list(ours) == list(oracle)
    errors = 0
    for case, lines in oracle.items():
        mine = ours[case]
        assert mine[:-1] == lines[:-1], case           # the bars delivered before the end
        if lines[-1] == 'ok':
            assert mine[-1] == 'ok', case
            continue
        errors += 1
        upstream_type = lines[-1].split()[1]
        assert mine[-1].startswith('error'), case
        assert upstream_type in mine[-1].split()[1:], case   # ours is an instance of it
    # most cases are errors upstream: the test exercises them, not only clean files
    assert errors > len(oracle) // 2


def _run(path, feed='btcsv', preload=True):
    cerebro = bt.Cerebro(stdstats=False, preload=preload, runonce=preload)
    cerebro.adddata(eval(FEEDS[feed][0], {'bt': bt, 'path': str(path)}))
    cerebro.addstrategy(bt.Strategy)
    return cerebro.run()


@pytest.mark.parametrize('feed', ['btcsv', 'yahoo', 'vchart'])
@pytest.mark.parametrize('token', ['', 'x1'])
def test_bad_price_names_file_line_and_column(feed, token, tmp_path):
    _, header, rows, columns = FEEDS[feed]
    col = columns[1]
    path = tmp_path / 'prices.csv'
    path.write_text(header + '\n' + '\n'.join(_with_token(rows, 1, col, token)) + '\n')
    with pytest.raises(DataFormatError) as exc:
        _run(path, feed)
    assert isinstance(exc.value, ValueError)
    assert '%s line 3, column %d' % (path, col) in str(exc.value)
    assert repr(token) in str(exc.value)


def test_generic_empty_field_is_nullvalue(tmp_path):
    # upstream's GenericCSVData reads an empty field as nullvalue (no error)
    path = tmp_path / 'g.csv'
    path.write_text(BT_HEADER + '\n' + '\n'.join(_with_token(BT_ROWS, 1, 4, '')) + '\n')
    data = bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d', nullvalue=-1.0)
    _run_data = bt.Cerebro(stdstats=False)
    _run_data.adddata(data)
    _run_data.run()
    assert list(data.close.array) == [3604.33, -1.0, 3652.46]


@pytest.mark.parametrize('preload', [True, False])
def test_blank_line_names_its_line(preload, tmp_path):
    path = tmp_path / 'blank.csv'
    path.write_text(BT_HEADER + '\n' + '\n'.join(BT_ROWS[:1] + [''] + BT_ROWS[1:]) + '\n')
    with pytest.raises(MissingFieldError) as exc:
        _run(path, preload=preload)
    assert isinstance(exc.value, ValueError) and isinstance(exc.value, IndexError)
    assert '%s line 3 is empty' % path in str(exc.value)


def test_blank_line_after_todate_is_never_read(tmp_path):
    import datetime
    path = tmp_path / 'todate.csv'
    path.write_text(BT_HEADER + '\n' + '\n'.join(BT_ROWS[:2] + ['']) + '\n')
    data = bt.feeds.BacktraderCSVData(dataname=str(path), todate=datetime.datetime(2006, 1, 3))
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.run()                       # the 2006-01-03 bar ends the data first
    assert len(data) == 1


def test_yahoo_volume_not_a_number_reads_zero(tmp_path):
    path = tmp_path / 'y.csv'
    path.write_text(YAHOO_HEADER + '\n' + '\n'.join(_with_token(YAHOO_ROWS, 1, 6, 'n/a')) + '\n')
    data = bt.feeds.YahooFinanceCSVData(dataname=str(path))
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.run()
    assert list(data.volume.array) == [7.0, 0.0, 7.0]
