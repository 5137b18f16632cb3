"""Bad input to the data feeds gives clear typed errors (backtrader/core/errors.py)."""
from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import pytest

import backtrader as bt
import backtrader.feeds as btfeeds
from backtrader.core.errors import (DataFileNotFoundError, DataFormatError, DateParseError,
                                    DateRangeError)

HEADER = 'Date,Open,High,Low,Close,Volume,OpenInterest\n'


def _preload(data):
    data._start()
    data.preload()
    return data


def _run(data):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.addstrategy(bt.Strategy)
    return cerebro.run()


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_missing_file_names_the_path(tmp_path):
    path = str(tmp_path / 'nope' / 'missing.csv')
    data = btfeeds.GenericCSVData(dataname=path)
    with pytest.raises(DataFileNotFoundError) as exc:
        _run(data)
    assert path in str(exc.value)
    assert isinstance(exc.value, FileNotFoundError)  # existing except clauses still work


@pytest.mark.parametrize('cls', [btfeeds.BacktraderCSVData, btfeeds.YahooFinanceCSVData,
                                 btfeeds.MT4CSVData, btfeeds.VChartCSVData])
def test_missing_file_every_csv_feed(cls, tmp_path):
    path = str(tmp_path / 'missing.txt')
    with pytest.raises(DataFileNotFoundError, match='missing.txt'):
        _preload(cls(dataname=path))


def test_columns_not_matching_params_name_param_and_file(tmp_path):
    path = _write(tmp_path, 'short.csv', 'Date,Open,High,Low,Close\n2006-01-02,1,2,3,4\n')
    with pytest.raises(DataFormatError) as exc:
        _preload(btfeeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d'))
    msg = str(exc.value)
    assert "'volume'" in msg and 'column 5' in msg and 'short.csv' in msg and 'line 2' in msg


def test_time_column_param_out_of_range(tmp_path):
    path = _write(tmp_path, 'c.csv', HEADER + '2006-01-02,1,2,3,4,5,6\n')
    with pytest.raises(DataFormatError, match="'time' is column 9"):
        _preload(btfeeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d', time=9))


def test_extra_line_param_out_of_range(tmp_path):
    class PE(btfeeds.GenericCSVData):
        lines = ('pe',)
        params = (('pe', 8), ('dtformat', '%Y-%m-%d'))

    path = _write(tmp_path, 'c.csv', HEADER + '2006-01-02,1,2,3,4,5,6\n')
    with pytest.raises(DataFormatError, match="'pe' is column 8"):
        _preload(PE(dataname=path))


def test_btcsv_too_few_columns(tmp_path):
    path = _write(tmp_path, 'b.csv', HEADER + '2006-01-02,1,2,3\n')
    with pytest.raises(DataFormatError, match='b.csv line 2 has 4 columns'):
        _preload(btfeeds.BacktraderCSVData(dataname=path))


def test_unparsable_date_names_file_and_line(tmp_path):
    rows = ''.join('2006-01-%02d,1,2,3,4,5,6\n' % d for d in range(2, 9))
    path = _write(tmp_path, 'bad.csv', HEADER + rows + '2006-13-40,1,2,3,4,5,6\n')
    with pytest.raises(DateParseError) as exc:
        _preload(btfeeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d'))
    msg = str(exc.value)
    assert 'bad.csv line 9' in msg and "'2006-13-40'" in msg and '%Y-%m-%d' in msg
    assert isinstance(exc.value, ValueError)


def test_unparsable_date_in_big_file_uses_same_message(tmp_path):
    # big enough for the vectorised decoders and the pandas path
    lines = ['2006-01-02 %02d:%02d:%02d,1.5,2,3,4,5,6' % (i // 3600 % 24, i // 60 % 60, i % 60)
             for i in range(60000)]
    lines[45000] = '2006-01-02 25:00:00,1.5,2,3,4,5,6'
    path = _write(tmp_path, 'big.csv', HEADER + '\n'.join(lines) + '\n')
    with pytest.raises(DateParseError, match=r"big.csv line 45002: cannot parse date "
                                             r"'2006-01-02 25:00:00'"):
        _preload(btfeeds.GenericCSVData(dataname=path, timeframe=bt.TimeFrame.Seconds))


@pytest.mark.parametrize('cls,text,match', [
    (btfeeds.BacktraderCSVData, '2006-1-02,1,2,3,4,5,6\n', r"line 2: cannot read the date"),
    (btfeeds.BacktraderCSVData, '2006-02-30,1,2,3,4,5,6\n', r"'2006-02-30' is not a valid date"),
    (btfeeds.BacktraderCSVData, '2006-02-03,25:00:00,1,2,3,4,5,6\n', r"'25:00:00' is not a valid time"),
    (btfeeds.YahooFinanceCSVData, '2014-1-7,1,2,3,4,5,6\n', r"line 2: cannot read the date from '2014-1-7'"),
])
def test_fixed_position_date_errors(cls, text, match, tmp_path):
    path = _write(tmp_path, 'd.csv', HEADER + text)
    with pytest.raises(DateParseError, match=match):
        _preload(cls(dataname=path))


def test_unix_time_errors(tmp_path):
    path = _write(tmp_path, 'u.csv', HEADER + '1136214000,1,2,3,4,5,6\n12x,1,2,3,4,5,6\n')
    with pytest.raises(DateParseError, match=r"u.csv line 3: cannot parse unix time '12x'"):
        _preload(btfeeds.GenericCSVData(dataname=path, dtformat=1))


def test_callable_dtformat_error_names_line(tmp_path):
    path = _write(tmp_path, 'c.csv', HEADER + 'a,1,2,3,4,5,6\nb,1,2,3,4,5,6\n')

    def conv(s):
        if s == 'b':
            raise ValueError('no b')
        return datetime.datetime(2006, 1, 2)

    with pytest.raises(DateParseError, match=r"c.csv line 3: cannot parse date 'b' \(ValueError: no b\)"):
        _preload(btfeeds.GenericCSVData(dataname=path, dtformat=conv))


@pytest.mark.parametrize('nrows', [5, 60000])
def test_unparsable_number_names_file_line_and_column(nrows, tmp_path):
    rows = ['2006-01-02 00:00:%02d,1.5,2,3,4,5,6' % (i % 60) for i in range(nrows)]
    rows[3] = '2006-01-02 00:00:03,1.5,2,3,4x,5,6'
    path = _write(tmp_path, 'num.csv', HEADER + '\n'.join(rows) + '\n')
    with pytest.raises(DataFormatError) as exc:
        _preload(btfeeds.GenericCSVData(dataname=path, timeframe=bt.TimeFrame.Seconds))
    msg = str(exc.value)
    assert 'num.csv line 5' in msg and 'column 4 (close)' in msg and "'4x'" in msg


def test_unparsable_number_in_ragged_file(tmp_path):
    path = _write(tmp_path, 'r.csv', HEADER + '2006-01-02,1,2,3,4,5,6\n2006-01-03,1,2,3,x,5,6,9\n')
    with pytest.raises(DataFormatError, match=r"r.csv line 3, column 4 \(close\): cannot convert 'x'"):
        _preload(btfeeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d'))


def test_yahoo_number_error(tmp_path):
    path = _write(tmp_path, 'y.csv', 'Date,Open,High,Low,Close,Adj Close,Volume\n'
                                     '2014-01-02,1,2,3,4,abc,6\n')
    with pytest.raises(DataFormatError, match=r"y.csv line 2, column 5 \(adjclose\)"):
        _preload(btfeeds.YahooFinanceCSVData(dataname=path))


@pytest.mark.parametrize('fromdate,todate', [
    (datetime.date(2006, 3, 1), datetime.date(2006, 2, 1)),
    (datetime.datetime(2006, 3, 1, 10), datetime.datetime(2006, 3, 1, 9)),
    (datetime.datetime(2006, 3, 2), datetime.date(2006, 3, 1)),
])
def test_todate_before_fromdate_raises_at_construction(fromdate, todate):
    with pytest.raises(DateRangeError, match='todate'):
        btfeeds.GenericCSVData(dataname='never-opened.csv', fromdate=fromdate, todate=todate)
    with pytest.raises(DateRangeError):
        btfeeds.PandasData(dataname=pd.DataFrame(), fromdate=fromdate, todate=todate)


def test_same_day_date_and_datetime_bounds_are_valid():
    # date todate = whole day (session end), so a datetime fromdate that day is fine
    btfeeds.GenericCSVData(dataname='x.csv', fromdate=datetime.datetime(2006, 3, 1, 15),
                           todate=datetime.date(2006, 3, 1))


def _frame():
    idx = pd.date_range('2006-01-02', periods=3, freq='D')
    return pd.DataFrame({'Open': [1.0, 2, 3], 'High': [1.0, 2, 3], 'Low': [1.0, 2, 3],
                         'Close': [1.0, 2, 3]}, index=idx)


def test_pandas_missing_named_column():
    with pytest.raises(DataFormatError) as exc:
        _preload(btfeeds.PandasData(dataname=_frame(), close='Adj Close'))
    msg = str(exc.value)
    assert "'Adj Close'" in msg and "param 'close'" in msg and 'Open, High, Low, Close' in msg


def test_pandas_column_position_out_of_range():
    with pytest.raises(DataFormatError, match="param 'volume' is column position 9"):
        _preload(btfeeds.PandasData(dataname=_frame(), volume=9))


def test_pandas_case_sensitive_lookup():
    with pytest.raises(DataFormatError, match="'open'"):
        _preload(btfeeds.PandasData(dataname=_frame(), nocase=False, open='open'))


def test_pandas_datetime_autodetect_without_column():
    with pytest.raises(DataFormatError, match="datetime=-1 found no column named 'datetime'"):
        _preload(btfeeds.PandasData(dataname=_frame().reset_index(), datetime=-1))


def test_pandas_non_numeric_column():
    df = _frame()
    df['Volume'] = ['a', 'b', 'c']
    with pytest.raises(DataFormatError, match="column 'Volume' cannot be read as numbers"):
        _preload(btfeeds.PandasData(dataname=df))


def test_pandas_missing_timestamp():
    df = _frame()
    df.index = pd.DatetimeIndex([df.index[0], pd.NaT, df.index[2]])
    with pytest.raises(DataFormatError, match='NaT'):
        _preload(btfeeds.PandasData(dataname=df))


def test_pandas_needs_a_dataframe():
    with pytest.raises(DataFormatError, match='must be a pandas DataFrame'):
        _preload(btfeeds.PandasData(dataname=np.zeros((3, 3))))


def test_pandas_direct_position_out_of_range():
    with pytest.raises(DataFormatError, match="param 'openinterest' is tuple position 6"):
        _preload(btfeeds.PandasDirectData(dataname=_frame(), volume=-1))


def test_vchart_unknown_period(tmp_path):
    path = _write(tmp_path, 'v.csv', 'h\nES,X,20060102,000000,1,2,3,4,5,6\n')
    with pytest.raises(DataFormatError, match="unknown period code 'X'"):
        _preload(btfeeds.VChartCSVData(dataname=path))


def test_dataname_of_wrong_type():
    with pytest.raises(DataFormatError, match='path or a file-like object'):
        _preload(btfeeds.GenericCSVData(dataname=12))
