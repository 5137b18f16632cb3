"""Literal values of the data feeds.

Expected values were produced by upstream (the oracle) with the scripts of
``test_feeds_oracle.py`` (``PYTHONPATH=<repo>/.oracle python3 script.py``,
group and case named in each comment) or, where noted, by a small printing
script run the same way.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import backtrader as bt
import backtrader.feeds as btfeeds

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'
DAY = str(DATAS / '2006-day-001.txt')


def _bars(data):
    """(datetime floats, {line: values}) after a preload."""
    data._start()
    data.preload()
    n = data.lines.datetime.buflen()
    values = {name: getattr(data.lines, name).array[:n].tolist()
              for name in data.lines.getlinealiases()}
    return values.pop('datetime'), values


def _ohlcv(values, i):
    return [values[k][i] for k in ('open', 'high', 'low', 'close', 'volume', 'openinterest')]


def test_generic_daily_first_and_last_bar():
    # group 'csv', case 'generic day'
    dts, v = _bars(btfeeds.GenericCSVData(dataname=DAY, dtformat='%Y-%m-%d'))
    assert len(dts) == 255
    assert dts[0] == 732313.9999999999 and repr(dts[0]) == '732313.9999999999'
    assert _ohlcv(v, 0) == [3578.73, 3605.95, 3578.73, 3604.33, 0.0, 0.0]
    assert dts[-1] == 732674.9999999999
    assert _ohlcv(v, -1) == [4130.12, 4142.01, 4119.94, 4119.94, 0.0, 0.0]
    # session end 23:59:59.999990 prints back as .999989 (gotcha 4)
    assert bt.num2date(dts[0]) == datetime.datetime(2006, 1, 2, 23, 59, 59, 999989)


def test_todate_datetime_is_midnight_but_date_is_whole_day():
    # group 'csv', case 'generic day todate midnight': 18 bars, last 2006-12-28
    kw = dict(dataname=DAY, dtformat='%Y-%m-%d', fromdate=datetime.datetime(2006, 12, 1, 12))
    dts, _ = _bars(btfeeds.GenericCSVData(todate=datetime.datetime(2006, 12, 29), **kw))
    assert len(dts) == 18 and dts[-1] == 732673.9999999999
    dts, _ = _bars(btfeeds.GenericCSVData(todate=datetime.date(2006, 12, 29), **kw))
    assert len(dts) == 19 and dts[-1] == 732674.9999999999


def test_fromdate_todate_dates():
    # group 'csv', case 'generic day from/to date': 85 bars, 2006-03-01 .. 2006-06-30
    dts, v = _bars(btfeeds.GenericCSVData(dataname=DAY, dtformat='%Y-%m-%d',
                                          fromdate=datetime.date(2006, 3, 1),
                                          todate=datetime.date(2006, 6, 30)))
    assert len(dts) == 85
    assert (dts[0], dts[-1]) == (732371.9999999999, 732492.9999999999)
    assert _ohlcv(v, 0)[:4] == [3775.23, 3806.34, 3772.49, 3806.03]


def test_intraday_with_time_column():
    # group 'csv', case 'generic min time col' (fromdate date(2006, 1, 10) = its session start)
    dts, v = _bars(btfeeds.GenericCSVData(
        dataname=str(DATAS / '2006-min-005.txt'), dtformat='%Y-%m-%d', time=1, open=2, high=3,
        low=4, close=5, volume=6, openinterest=7, timeframe=bt.TimeFrame.Minutes,
        fromdate=datetime.date(2006, 1, 10), todate=datetime.datetime(2006, 1, 12, 12, 0)))
    assert dts[0] == 732321.3784722222
    assert bt.num2date(dts[0]) == datetime.datetime(2006, 1, 10, 9, 5)
    assert _ohlcv(v, 0)[:4] == [3671.23, 3671.23, 3659.49, 3660.84]


def test_yahoo_adjusted_and_rounded():
    # printed by upstream: YahooFinanceCSVData(dataname='orcl-2014.txt'), first bar
    dts, v = _bars(btfeeds.YahooFinanceCSVData(dataname=str(DATAS / 'orcl-2014.txt')))
    assert dts[0] == 735235.9999999999
    assert _ohlcv(v, 0) == [35.11, 35.34, 34.9, 35.17, 19543096.0, 0.0]
    assert v['adjclose'][0] == 35.166069
    # round=False keeps the adjusted floats; roundvolume=2 keeps two decimals
    _, v = _bars(btfeeds.YahooFinanceCSVData(dataname=str(DATAS / 'orcl-2014.txt'),
                                             round=False, roundvolume=2))
    assert _ohlcv(v, 0) == [35.1103079189728, 35.34264188435335, 34.8965606708227, 35.166069,
                            19543096.05, 0.0]


def test_yahoo_null_rows_and_reverse(tmp_path):
    # printed by upstream on the same text: rows with a 'null' token are skipped
    path = tmp_path / 'y.csv'
    path.write_text('Date,Open,High,Low,Close,Adj Close,Volume\n'
                    '2014-01-07,10.1,11.2,9.3,10.4,10.2,2000\n'
                    '2014-01-06,10.0,11.0,9.0,10.5,null,1000\n'
                    '2014-01-02,10.0,11.0,9.0,10.5,10.0,1000\n')
    dts, v = _bars(btfeeds.YahooFinanceCSVData(dataname=str(path), reverse=True))
    assert dts == [735235.9999999999, 735240.9999999999]
    assert _ohlcv(v, 0) == [9.52, 10.48, 8.57, 10.0, 1050.0, 0.0]
    assert _ohlcv(v, 1) == [9.91, 10.98, 9.12, 10.2, 2039.0, 0.0]


def test_pandas_tz_aware_index_is_stored_in_utc():
    # group 'pandas', case 'pandas tz aware index': 09:05 US/Eastern -> 14:05 UTC
    df = pd.read_csv(DATAS / '2006-min-005.txt')
    df.index = pd.to_datetime(df['Date'] + ' ' + df['Time'])
    df = df.drop(columns=['Date', 'Time']).iloc[:5]
    df.index = df.index.tz_localize('US/Eastern')
    dts, v = _bars(btfeeds.PandasData(dataname=df, timeframe=bt.TimeFrame.Minutes))
    assert dts[0] == 732313.5868055555
    assert _ohlcv(v, 0) == [3578.73, 3587.88, 3578.73, 3582.99, 0.0, 0.0]


def test_pandas_daily_index_keeps_midnight():
    # printed by upstream: PandasData on the daily file read with parse_dates
    df = pd.read_csv(DAY, index_col=0, parse_dates=True)
    dts, v = _bars(btfeeds.PandasData(dataname=df))
    assert dts[:2] == [732313.0, 732314.0]
    assert _ohlcv(v, 0) == [3578.73, 3605.95, 3578.73, 3604.33, 0.0, 0.0]


def test_pandas_mapping_rules():
    # printed by upstream: open=3 (position), close='Open' (name), volume=None (absent)
    df = pd.read_csv(DAY, index_col=0, parse_dates=True).iloc[:3]
    _, v = _bars(btfeeds.PandasData(dataname=df, open=3, close='Open', volume=None))
    assert _ohlcv(v, 0)[:4] == [3604.33, 3605.95, 3578.73, 3578.73]
    assert np.isnan(v['volume']).all() and v['openinterest'] == [0.0, 0.0, 0.0]
    # nocase=False: capitalised columns are not found -> all lines empty
    _, v = _bars(btfeeds.PandasData(dataname=df, nocase=False))
    assert all(np.isnan(v[k]).all() for k in v)


def test_pandas_subclass_extra_line():
    class PandasPE(btfeeds.PandasData):
        lines = ('pe',)
        params = (('pe', -1),)

    df = pd.read_csv(DAY, index_col=0, parse_dates=True).iloc[:3]
    df['PE'] = [1.5, 2.5, 3.5]
    _, v = _bars(PandasPE(dataname=df))
    assert v['pe'] == [1.5, 2.5, 3.5]


def test_vchart_daily_session_end_without_microseconds(tmp_path):
    # group 'synthetic', case 'vchart daily': sessionend 17:30:15.000500 -> 17:30:15
    path = tmp_path / 'vcd.csv'
    path.write_text('T,P,D,Tm,O,H,L,C,V,OI\nES,D,20060102,000000,1.5,2.5,0.5,2.0,100,7\n'
                    'ES,D,20060103,153000,1.6,2.6,0.6,2.1,101,8\n')
    data = btfeeds.VChartCSVData(dataname=str(path), sessionend=datetime.time(17, 30, 15, 500))
    dts, v = _bars(data)
    assert dts == [732313.7293402777, 732314.7293402777]
    assert data._timeframe == bt.TimeFrame.Days and data._name == 'vcd'


def test_nullvalue_and_odd_number_tokens(tmp_path):
    # group 'synthetic', cases 'nullvalue zero' and 'separator no header odd numbers'
    path = tmp_path / 'null.csv'
    path.write_text('dt,o,h,l,c,v,oi\n2006-01-02,1,,3,4,,6\n2006-01-03,1,2,,4,5,\n')
    _, v = _bars(btfeeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d', nullvalue=0.0))
    assert _ohlcv(v, 0) == [1.0, 0.0, 3.0, 4.0, 0.0, 6.0]
    assert _ohlcv(v, 1) == [1.0, 2.0, 0.0, 4.0, 5.0, 0.0]
    path = tmp_path / 'semi.csv'
    path.write_text('2006-01-02;1;2;3;4;5;6\r\n2006-01-03;1e2;+2;-3;.5;5.;nan\r\n'
                    '2006-01-04; 7 ;inf;-0;1_000;0.1234567890123456789;-Infinity')
    _, v = _bars(btfeeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d', separator=';',
                                        headers=False))
    assert _ohlcv(v, 1)[:5] == [100.0, 2.0, -3.0, 0.5, 5.0] and np.isnan(v['openinterest'][1])
    assert _ohlcv(v, 2) == [7.0, float('inf'), -0.0, 1000.0, 0.12345678901234568, float('-inf')]


def test_unix_float_timestamps(tmp_path):
    # group 'synthetic', case 'unix float'
    path = tmp_path / 'u.csv'
    path.write_text('dt,o,h,l,c,v,oi\n1136214000,1,2,3,4,5,6\n1136217600,1,2,3,4,5,6\n')
    dts, _ = _bars(btfeeds.GenericCSVData(dataname=str(path), dtformat=2,
                                          timeframe=bt.TimeFrame.Minutes))
    assert dts == [732313.625, 732313.6666666666]


def test_mt4_and_sierrachart_defaults(tmp_path):
    # printed by upstream (MT4CSVData / SierraChartCSVData on the same text)
    mt4 = tmp_path / 'mt.csv'
    mt4.write_text('Date,Time,O,H,L,C,V\n2006.01.02,09:30,1,2,3,4,5\n')
    dts, v = _bars(btfeeds.MT4CSVData(dataname=str(mt4), timeframe=bt.TimeFrame.Minutes))
    assert dts == [732313.3958333334] and np.isnan(v['openinterest'][0])
    dts, _ = _bars(btfeeds.MT4CSVData(dataname=str(mt4)))
    assert dts == [732313.9999999999]
    sc = tmp_path / 'sc.csv'
    sc.write_text('Date,O,H,L,C,V,OI\n2006/01/02,1,2,3,4,5,6\n')
    dts, v = _bars(btfeeds.SierraChartCSVData(dataname=str(sc)))
    assert dts == [732313.9999999999] and _ohlcv(v, 0) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def test_data_names():
    # §5.1: name param, else CSV basename without extension, else the dataname string
    assert btfeeds.GenericCSVData(dataname=DAY)._name == '2006-day-001'
    assert btfeeds.GenericCSVData(dataname=Path(DAY))._name == '2006-day-001'
    assert btfeeds.GenericCSVData(dataname=DAY, name='xx')._name == 'xx'
    assert btfeeds.PandasData(dataname=pd.DataFrame())._name == ''

    class Named(bt.feeds.DataBase):
        pass

    assert Named(dataname='TICKER')._name == 'TICKER'
    cerebro = bt.Cerebro()
    data = cerebro.adddata(btfeeds.GenericCSVData(dataname=DAY), name='renamed')
    assert data._name == 'renamed' and cerebro.datasbyname['renamed'] is data


def test_feed_reruns_from_scratch():
    # gotcha 2: the same feed object is started again for every run
    data = btfeeds.YahooFinanceCSVData(dataname=str(DATAS / 'orcl-2014.txt'))
    first = _bars(data)
    assert _bars(data) == first
    data = btfeeds.BacktraderCSVData(dataname=DAY)
    data._start()
    assert data.load() and data.load()
    data._start()
    data.preload()
    assert data.lines.datetime.buflen() == 255


def test_file_like_dataname():
    text = open(DAY).read()
    import io
    data = btfeeds.GenericCSVData(dataname=io.StringIO(text), dtformat='%Y-%m-%d')
    dts, _ = _bars(data)
    assert len(dts) == 255 and _bars(data)[0] == dts


def test_legacy_loadline_subclass_still_works(tmp_path):
    # a user subclass overriding _loadline is fed line by line (original protocol)
    class Doubling(btfeeds.GenericCSVData):
        def _loadline(self, tokens):
            ok = super()._loadline(tokens)
            self.lines.close[0] *= 2
            return ok

    dts, v = _bars(Doubling(dataname=DAY, dtformat='%Y-%m-%d'))
    assert len(dts) == 255 and v['close'][0] == 2 * 3604.33 and dts[0] == 732313.9999999999


@pytest.mark.slow
def test_200k_minute_bars_preload_is_vectorised(tmp_path):
    """The brief's benchmark file: 200k rows, '%Y-%m-%d %H:%M:%S', Minutes.
    Vectorised means the number of function calls made while preloading does
    not grow with the rows (a parse per row would make >= 200k calls); counted
    with a profile hook, so the check does not depend on this machine's speed."""
    import sys
    rng = np.random.default_rng(42)
    n = 200000
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    df = pd.DataFrame({'Open': close.round(4), 'High': (close * 1.001).round(4),
                       'Low': (close * 0.999).round(4), 'Close': close.round(4),
                       'Volume': rng.integers(1000, 100000, n), 'OpenInterest': 0},
                      index=pd.date_range('1990-01-01', periods=n, freq='min', name='Date'))
    path = tmp_path / 'b200k.csv'
    df.to_csv(path, date_format='%Y-%m-%d %H:%M:%S')

    data = btfeeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d %H:%M:%S',
                                  timeframe=bt.TimeFrame.Minutes)
    data._start()
    calls = [0]

    def count(frame, event, arg):
        if event in ('call', 'c_call'):
            calls[0] += 1

    sys.setprofile(count)
    try:
        data.preload()
    finally:
        sys.setprofile(None)
    assert data.lines.datetime.buflen() == n
    assert data.lines.datetime.array[n - 1] == bt.date2num(datetime.datetime(1990, 1, 1)
                                                           + datetime.timedelta(minutes=n - 1))
    assert data.lines.close.array[n - 1] == df['Close'].iloc[-1]
    assert calls[0] < 20000, calls[0]
