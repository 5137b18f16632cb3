"""Oracle-differential tests of the data feeds.

Each group below is one script (see ``feedscript.py``) run by upstream and by
this project; every bar of every case is printed (strategy length, per data
its length, ``datetime.datetime(0)``, the raw datetime float and the repr of
every other line) in preload+runonce, preload+next and no-preload mode, and
the outputs must be identical line for line. Cases cover every feed class on
the shared data files, fromdate/todate variants (date vs datetime, gotcha 4),
session times, time zones, subclasses with extra lines, odd number tokens and
multi-data synchronisation of feeds with different calendars.
"""
from __future__ import annotations

import re

import pytest

from conftest import sections
from feedscript import script

GROUPS = {
    'csv': r'''
G = btfeeds.GenericCSVData
run_case('generic day', lambda: [G(dataname=D + '2006-day-001.txt', dtformat='%Y-%m-%d')])
run_case('generic day from/to date', lambda: [G(dataname=D + '2006-day-001.txt', dtformat='%Y-%m-%d',
         fromdate=datetime.date(2006, 3, 1), todate=datetime.date(2006, 6, 30))])
run_case('generic day todate midnight', lambda: [G(dataname=D + '2006-day-001.txt', dtformat='%Y-%m-%d',
         fromdate=datetime.datetime(2006, 12, 1, 12, 0), todate=datetime.datetime(2006, 12, 29))])
run_case('generic day sessionend', lambda: [G(dataname=D + '2006-day-001.txt', dtformat='%Y-%m-%d',
         sessionend=datetime.time(16, 0), todate=datetime.date(2006, 2, 1))])
run_case('generic min time col', lambda: [G(dataname=D + '2006-min-005.txt', dtformat='%Y-%m-%d', time=1,
         open=2, high=3, low=4, close=5, volume=6, openinterest=7, timeframe=bt.TimeFrame.Minutes,
         compression=5, fromdate=datetime.date(2006, 1, 10), todate=datetime.datetime(2006, 1, 12, 12, 0))])
run_case('generic min as days', lambda: [G(dataname=D + '2006-min-005.txt', dtformat='%Y-%m-%d', time=1,
         open=2, high=3, low=4, close=5, volume=6, openinterest=7, todate=datetime.date(2006, 1, 3))])
run_case('btcsv day', lambda: [btfeeds.BacktraderCSVData(dataname=D + '2006-day-001.txt')])
run_case('btcsv min', lambda: [btfeeds.BacktraderCSVData(dataname=D + '2006-min-005.txt',
         timeframe=bt.TimeFrame.Minutes, compression=5, todate=datetime.datetime(2006, 1, 4))])
run_case('btcsv week', lambda: [btfeeds.BacktraderCSVData(dataname=D + '2006-week-001.txt',
         timeframe=bt.TimeFrame.Weeks)])
run_case('btcsv volume', lambda: [btfeeds.BacktraderCSVData(dataname=D + '2006-volume-day-001.txt')])
run_case('ticksample ms', lambda: [G(dataname=D + 'ticksample.csv', dtformat='%Y-%m-%dT%H:%M:%S.%f',
         timeframe=bt.TimeFrame.Ticks)])
class BidAsk(btfeeds.GenericCSVData):
    lines = ('bid', 'ask')
    params = (('dtformat', '%m/%d/%Y %H:%M:%S'), ('datetime', 0), ('bid', 1), ('ask', 2),
              ('open', -1), ('high', -1), ('low', -1), ('close', 2), ('volume', -1), ('openinterest', -1))
run_case('bidask subclass', lambda: [BidAsk(dataname=D + 'bidask.csv', timeframe=bt.TimeFrame.Ticks)])
class Optix(btfeeds.GenericCSVData):
    lines = ('optix_close', 'optix_pess', 'optix_opt')
    params = (('dtformat', '%Y-%m-%d'), ('optix_close', 7), ('optix_pess', 8), ('optix_opt', 9))
run_case('optix subclass', lambda: [Optix(dataname=D + '2006-day-001-optix.txt')])
class PE(btfeeds.GenericCSVData):
    lines = ('pe',)
    params = (('pe', 8), ('dtformat', '%Y-%m-%d'))
run_case('pe subclass', lambda: [PE(dataname=D + '2006-day-001-optix.txt', todate=datetime.date(2006, 2, 1))])
''',
    'yahoo': r'''
Y = btfeeds.YahooFinanceCSVData
run_case('yahoo yhoo', lambda: [Y(dataname=D + 'yhoo-1996-2014.txt')])
run_case('yahoo orcl', lambda: [Y(dataname=D + 'orcl-1995-2014.txt')])
run_case('yahoo nvda noround', lambda: [Y(dataname=D + 'nvda-1999-2014.txt', round=False)])
run_case('yahoo orcl noadj', lambda: [Y(dataname=D + 'orcl-2003-2005.txt', adjclose=False)])
run_case('yahoo orcl swap', lambda: [Y(dataname=D + 'orcl-2003-2005.txt', swapcloses=True, decimals=3)])
run_case('yahoo orcl noadjvol roundvol', lambda: [Y(dataname=D + 'orcl-2014.txt', adjvolume=False, roundvolume=2, round=False)])
run_case('yahoo reverse', lambda: [Y(dataname=D + 'yhoo-2014.txt', reverse=True)])
run_case('yahoo legacy', lambda: [btfeeds.YahooLegacyCSV(dataname=D + 'orcl-2003-2005.txt', fromdate=datetime.date(2004, 1, 1), todate=datetime.date(2004, 12, 31))])
run_case('yahoo two', lambda: [Y(dataname=D + 'yhoo-2003-2005.txt'), Y(dataname=D + 'orcl-2003-2005.txt')])
''',
    'pandas': r'''
import pandas as pd
def frame(name='2006-day-001.txt', **kw):
    return pd.read_csv(D + name, index_col=0, parse_dates=True, **kw)
P = btfeeds.PandasData
run_case('pandas default', lambda: [P(dataname=frame())])
run_case('pandas lower nocase False', lambda: [P(dataname=frame().rename(columns=str.lower), nocase=False)])
run_case('pandas positions names', lambda: [P(dataname=frame(), open=3, close='open', high='HIGH', volume=None, openinterest=-1)])
run_case('pandas datetime column', lambda: [P(dataname=frame().reset_index(), datetime=0, fromdate=datetime.date(2006, 5, 1))])
run_case('pandas datetime name', lambda: [P(dataname=frame().reset_index(), datetime='Date', todate=datetime.date(2006, 5, 1))])
def aware():
    df = frame('2006-min-005.txt', ).iloc[:300]
    return df
def minute_frame():
    df = pd.read_csv(D + '2006-min-005.txt')
    df.index = pd.to_datetime(df['Date'] + ' ' + df['Time'])
    return df.drop(columns=['Date', 'Time'])
run_case('pandas minute', lambda: [P(dataname=minute_frame(), timeframe=bt.TimeFrame.Minutes, compression=5,
         todate=datetime.datetime(2006, 1, 5, 12, 0))])
def tzframe():
    df = minute_frame().iloc[:200]
    df.index = df.index.tz_localize('US/Eastern')
    return df
run_case('pandas tz aware index', lambda: [P(dataname=tzframe(), timeframe=bt.TimeFrame.Minutes)])
run_case('pandas tz/tzinput', lambda: [P(dataname=minute_frame().iloc[:200], timeframe=bt.TimeFrame.Minutes,
         tz=FixedTZ(-5), tzinput=FixedTZ(1))])
class PandasPE(btfeeds.PandasData):
    lines = ('pe', 'pess')
    params = (('pe', -1), ('pess', 'optix_pess'))
run_case('pandas extra lines', lambda: [PandasPE(dataname=frame('2006-day-001-optix.txt').rename(columns={'Optix_Close': 'PE'}))])
run_case('pandas int volume', lambda: [P(dataname=frame('2006-volume-day-001.txt'))])
run_case('pandas direct', lambda: [btfeeds.PandasDirectData(dataname=frame())])
run_case('pandas direct positions', lambda: [btfeeds.PandasDirectData(dataname=frame(), open=2, high=-1, openinterest=1)])
run_case('pandas direct day+week', lambda: [btfeeds.PandasDirectData(dataname=frame()), btfeeds.PandasDirectData(dataname=frame('2006-week-001.txt'), timeframe=bt.TimeFrame.Weeks)])
''',
    'synthetic': r'''
def write(name, text):
    with open(name, 'w', newline='') as f:
        f.write(text)
    return name
G = btfeeds.GenericCSVData
write('mt4.csv', 'Date,Time,O,H,L,C,V\n2006.01.02,09:30,1,2,3,4,5\n2006.01.02,09:31,1.5,2.5,3.5,4.5,5.5\n2006.01.03,10:00,1,2,3,4,5\n')
run_case('mt4 min', lambda: [btfeeds.MT4CSVData(dataname='mt4.csv', timeframe=bt.TimeFrame.Minutes)])
run_case('mt4 day', lambda: [btfeeds.MT4CSVData(dataname='mt4.csv')])
write('sc.csv', 'Date,O,H,L,C,V,OI\n2006/01/02,1,2,3,4,5,6\n2006/01/03,1.25,2,3,4,5,6\n')
run_case('sierra', lambda: [btfeeds.SierraChartCSVData(dataname='sc.csv')])
write('vc.csv', 'T,P,D,Tm,O,H,L,C,V,OI\nES,I,20060102,093000,1.5,2.5,0.5,2.0,100,7\nES,I,20060102,093100,1.6,2.6,0.6,2.1,101,8\n')
write('vcd.csv', 'T,P,D,Tm,O,H,L,C,V,OI\nES,D,20060102,000000,1.5,2.5,0.5,2.0,100,7\nES,D,20060103,153000,1.6,2.6,0.6,2.1,101,8\n')
run_case('vchart intraday', lambda: [btfeeds.VChartCSVData(dataname='vc.csv')])
run_case('vchart daily', lambda: [btfeeds.VChartCSVData(dataname='vcd.csv', sessionend=datetime.time(17, 30, 15, 500))])
run_case('vchart daily tz', lambda: [btfeeds.VChartCSVData(dataname='vcd.csv', tz=FixedTZ(-5))])
for kw in ({'tz': FixedTZ(-5)}, {'tzinput': FixedTZ(-5)}, {'tz': FixedTZ(9), 'tzinput': FixedTZ(-3)}):
    run_case('generic day tz %s' % sorted(kw), lambda kw=kw: [G(dataname=D + '2006-day-001.txt', dtformat='%Y-%m-%d',
             todate=datetime.date(2006, 2, 1), **kw)])
    run_case('btcsv min tz %s' % sorted(kw), lambda kw=kw: [btfeeds.BacktraderCSVData(dataname=D + '2006-min-005.txt',
             timeframe=bt.TimeFrame.Minutes, fromdate=datetime.datetime(2006, 1, 3, 10), todate=datetime.date(2006, 1, 5), **kw)])
    run_case('yahoo tz %s' % sorted(kw), lambda kw=kw: [btfeeds.YahooFinanceCSVData(dataname=D + 'orcl-2014.txt',
             todate=datetime.date(2014, 2, 1), **kw)])
write('unix.csv', 'dt,o,h,l,c,v,oi\n1136214000,1,2,3,4,5,6\n1136217600,1,2,3,4,5,6\n1136221200.5,1,2,3,4,5,6\n')
run_case('unix float', lambda: [G(dataname='unix.csv', dtformat=2, timeframe=bt.TimeFrame.Minutes)])
write('unixi.csv', 'dt,o,h,l,c,v,oi\n1136214000,1,2,3,4,5,6\n1136217600,1,2,3,4,5,6\n')
run_case('unix int', lambda: [G(dataname='unixi.csv', dtformat=1, timeframe=bt.TimeFrame.Minutes)])
run_case('unix int daily', lambda: [G(dataname='unixi.csv', dtformat=1)])
write('cb.csv', 'dt,o,h,l,c,v,oi\n02-01-2006 x,1,2,3,4,5,6\n03-01-2006 x,1,2,3,4,5,6\n')
run_case('callable', lambda: [G(dataname='cb.csv', dtformat=lambda s: datetime.datetime.strptime(s[:10], '%d-%m-%Y'))])
write('cbt.csv', 'dt,tm,o,h,l,c,v,oi\n02-01-2006,10:00,1,2,3,4,5,6\n03-01-2006,11:00,1,2,3,4,5,6\n')
run_case('callable with time col', lambda: [G(dataname='cbt.csv', time=1, open=2, high=3, low=4, close=5, volume=6, openinterest=7,
         timeframe=bt.TimeFrame.Minutes, dtformat=lambda s: datetime.datetime.strptime(s[:10], '%d-%m-%Y'))])
write('null.csv', 'dt,o,h,l,c,v,oi\n2006-01-02,1,,3,4,,6\n2006-01-03,1,2,,4,5,\n')
run_case('nullvalue nan', lambda: [G(dataname='null.csv', dtformat='%Y-%m-%d')])
run_case('nullvalue zero', lambda: [G(dataname='null.csv', dtformat='%Y-%m-%d', nullvalue=0.0)])
run_case('absent columns', lambda: [G(dataname='null.csv', dtformat='%Y-%m-%d', nullvalue=-1.0, volume=-1, openinterest=None, high=-1)])
write('semi.csv', '2006-01-02;1;2;3;4;5;6\r\n2006-01-03;1e2;+2;-3;.5;5.;nan\r\n2006-01-04; 7 ;inf;-0;1_000;0.1234567890123456789;-Infinity')
run_case('separator no header odd numbers', lambda: [G(dataname='semi.csv', dtformat='%Y-%m-%d', separator=';', headers=False)])
write('yy.csv', 'dt,o,h,l,c,v,oi\n02/01/06 13:45,1,2,3,4,5,6\n03/01/69 13:45,1,2,3,4,5,6\n04/01/68 9:5,1,2,3,4,5,6\n')
run_case('two digit years and unpadded', lambda: [G(dataname='yy.csv', dtformat='%d/%m/%y %H:%M', timeframe=bt.TimeFrame.Minutes)])
write('mix.csv', 'h\n2006-01-02,1,2,3,4,5,6\n2006-01-03,10:30:00,1,2,3,4,5,6\n2006-01-04,1,2,3,4,5,6\n')
run_case('btcsv mixed rows', lambda: [btfeeds.BacktraderCSVData(dataname='mix.csv')])
write('big.csv', 'h\n' + ''.join('2006-01-%02d,%d.%d,2,3,4,5,6\n' % (1 + i % 28, i, i % 7) for i in range(3000)))
run_case('sessionstart with date fromdate', lambda: [G(dataname=D + '2006-min-005.txt', dtformat='%Y-%m-%d', time=1,
         open=2, high=3, low=4, close=5, volume=6, openinterest=7, timeframe=bt.TimeFrame.Minutes,
         sessionstart=datetime.time(10, 0), sessionend=datetime.time(11, 0),
         fromdate=datetime.date(2006, 1, 4), todate=datetime.date(2006, 1, 5))])
run_case('unsorted repeated dates', lambda: [G(dataname='big.csv', dtformat='%Y-%m-%d', fromdate=datetime.date(2006, 1, 5),
         todate=datetime.date(2006, 1, 20))])
''',
    'sync': r'''
B = btfeeds.BacktraderCSVData
W = bt.TimeFrame.Weeks
ALL = ((True, True), (True, False), (False, True), (False, False))
run_case('day + week', lambda: [B(dataname=D + '2006-day-001.txt'), B(dataname=D + '2006-week-001.txt', timeframe=W)], ALL)
run_case('week + day', lambda: [B(dataname=D + '2006-week-001.txt', timeframe=W), B(dataname=D + '2006-day-001.txt')], ALL)
run_case('day + day-002 (gaps)', lambda: [B(dataname=D + '2006-day-001.txt'), B(dataname=D + '2006-day-002.txt')], ALL)
run_case('day + month + min', lambda: [B(dataname=D + '2006-day-001.txt', todate=datetime.date(2006, 2, 28)),
         B(dataname=D + '2006-month-001.txt', timeframe=bt.TimeFrame.Months),
         btfeeds.GenericCSVData(dataname=D + '2006-min-005.txt', dtformat='%Y-%m-%d', time=1, open=2, high=3, low=4,
                                close=5, volume=6, openinterest=7, timeframe=bt.TimeFrame.Minutes, compression=5)], ALL)
run_case('yahoo calendars', lambda: [btfeeds.YahooFinanceCSVData(dataname=D + 'yhoo-2003-2005.txt'),
         btfeeds.YahooFinanceCSVData(dataname=D + 'nvda-1999-2014.txt', fromdate=datetime.date(2004, 6, 1),
                                     todate=datetime.date(2006, 6, 1))], ALL)
''',
}

_CACHE: dict = {}


def _outputs(group, run_oracle, run_ours):
    if group not in _CACHE:
        text = script(GROUPS[group])
        _CACHE[group] = (run_oracle(text), run_ours(text))
    return _CACHE[group]


@pytest.mark.oracle
@pytest.mark.parametrize('group', sorted(GROUPS))
def test_feed_bars_match_upstream(group, run_oracle, run_ours):
    oracle, ours = _outputs(group, run_oracle, run_ours)
    expected, got = sections(oracle), sections(ours)
    assert list(got) == list(expected)
    for header, lines in expected.items():
        assert 'ERROR' not in lines, 'upstream failed in %s' % header
        assert any(re.match(r'\d+ \|', line) for line in lines), 'no bars in %s' % header
        assert got[header] == lines, header


@pytest.mark.oracle
def test_sync_groups_cover_all_run_modes(run_oracle, run_ours):
    oracle, _ = _outputs('sync', run_oracle, run_ours)
    headers = [h for h in sections(oracle) if h.startswith('== day + week')]
    assert len(headers) == 4
    # the weekly data only grows on its own bar dates: len(data1) == 52 weeks at the end
    assert oracle.count("data '2006-week-001' len=52 tf=6 comp=1") == 8
