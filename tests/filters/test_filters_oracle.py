"""Oracle-identical scripts for every filter of ``bt.filters``: each filter
applied to minute bars with gaps (a file written by the script) or the daily
file, with default and non-default parameters, preloaded (runonce and next
mode) and loaded bar by bar. Every strategy cycle must equal upstream's.

Upstream fails on some of these (``CalendarDays`` without ``fill_price``,
``DataFilter``/``DataFiller`` whose wrapped data is never started,
``DaySplitter_Close``/``Renko`` bar by bar); those cases only need to run
here. Its bar-by-bar ``SessionFiller`` and ``Renko`` skip or repeat engine
cycles (MIGRATION.md); those are left out.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'resample'))
from oraclecache import assert_same, oracle_and_ours  # noqa: E402

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'

SCRIPT = r'''
import datetime, sys
import backtrader as bt
import backtrader.feeds as btfeeds
D = %(datas)r + '/'
TF = bt.TimeFrame
F = bt.filters

with open('gaps.csv', 'w') as f:
    f.write('Date,Time,Open,High,Low,Close,Volume,OpenInterest\n' + ''.join(
        '2006-01-%%02d,%%s,%%d,%%d,%%d,%%d,%%d,0\n' %% (d, t, 100 + i, 105 + i, 95 + i, 101 + i, 10 + i)
        for i, (d, t) in enumerate([(2, '09:00:00'), (2, '09:01:00'), (2, '09:04:00'), (2, '09:05:00'),
                                    (2, '17:00:00'), (2, '17:02:00'), (3, '08:58:00'), (3, '09:02:00'),
                                    (3, '09:03:00'), (3, '12:00:00'), (5, '09:01:00'), (5, '09:03:00')])))


def mins(**kw):
    return btfeeds.GenericCSVData(dataname='gaps.csv', dtformat='%%Y-%%m-%%d', time=1, open=2, high=3,
                                  low=4, close=5, volume=6, openinterest=7, timeframe=TF.Minutes, **kw)


def days(**kw):
    return btfeeds.BacktraderCSVData(dataname=D + '2006-day-001.txt', **kw)


def vdays(**kw):
    return btfeeds.BacktraderCSVData(dataname=D + '2006-volume-day-001.txt', **kw)


class P(bt.Strategy):
    def prenext(self):
        self.next()

    def next(self):
        out = [str(len(self))]
        for d in self.datas:
            out.append('|%%d %%s %%r %%r %%r %%r %%r %%r' %% (len(d), d.datetime.datetime(0), d.open[0], d.high[0],
                                                   d.low[0], d.close[0], d.volume[0], d.openinterest[0])
                       if len(d) else '|0')
        print(' '.join(out))


def run(title, make, modes=((True, True), (True, False), (False, False)), replay=None,
        resample=None):
    for preload, runonce in modes:
        print('== %%s preload=%%s runonce=%%s' %% (title, preload, runonce))
        try:
            c = bt.Cerebro(preload=preload, runonce=runonce, stdstats=False)
            for d in make():
                if replay is not None:
                    c.replaydata(d, **replay)
                elif resample is not None:
                    c.resampledata(d, **resample)
                else:
                    c.adddata(d)
            c.addstrategy(P)
            c.run()
            for d in c.datas:
                print('data len=%%d' %% len(d))
        except Exception:
            print('ERROR')


def flt(mk, cls, simple=False, **kw):
    def make():
        d = mk()
        (d.addfilter_simple if simple else d.addfilter)(cls, **kw)
        return [d]
    return make


st, se = datetime.time(9, 0), datetime.time(17, 0)
run('sessionfilter', flt(lambda: mins(sessionstart=st, sessionend=se), F.SessionFilter))
run('sessionfilter param', lambda: [mins(sessionstart=st, sessionend=se, filters=[F.SessionFilter])])
run('sessionfiltersimple', flt(lambda: mins(sessionstart=st, sessionend=se), F.SessionFilterSimple,
                               simple=True))
run('sessionfiller', flt(lambda: mins(sessionstart=st, sessionend=se), F.SessionFiller))
run('sessionfiller args', flt(lambda: mins(sessionstart=st, sessionend=se), F.SessionFiller,
                              fill_price=50.0, fill_vol=1.0, fill_oi=2.0, skip_first_fill=False))
run('sessionfiller nosession', flt(lambda: mins(), F.SessionFiller))
run('sessionfiller late start', flt(lambda: mins(sessionstart=datetime.time(8, 59), sessionend=se),
                                    F.SessionFiller, skip_first_fill=False))
run('calendardays', flt(lambda: days(todate=datetime.date(2006, 2, 1)), F.CalendarDays))
# intraday: one bar per missing date at the time of the bar after the gap; a
# day and two minutes apart but on consecutive dates fills nothing
with open('gaps2.csv', 'w') as f:
    f.write('Date,Time,Open,High,Low,Close,Volume,OpenInterest\n' + ''.join(
        '%%s,%%s,1,2,0.5,%%s,10,0\n' %% row for row in [
            ('2006-01-02', '17:30:00', 1.6), ('2006-01-04', '09:00:00', 1.7),
            ('2006-01-04', '10:00:00', 1.8), ('2006-01-06', '17:30:00', 1.9),
            ('2006-01-07', '17:29:00', 2.0), ('2006-01-08', '17:31:00', 2.1),
            ('2006-01-12', '17:31:00', 2.2)]))
run('calendardays mins', flt(lambda: mins(), F.CalendarDays, fill_price=0))
run('calendardays mins 2', flt(lambda: btfeeds.GenericCSVData(
    dataname='gaps2.csv', dtformat='%%Y-%%m-%%d', time=1, open=2, high=3, low=4, close=5, volume=6,
    openinterest=7, timeframe=TF.Minutes), F.CalendarDays, fill_price=-1))
run('calendardays -1', flt(lambda: days(todate=datetime.date(2006, 2, 1)), F.CalendarDays,
                           fill_price=-1, fill_vol=0))
run('calendardays 5', flt(lambda: days(todate=datetime.date(2006, 2, 1)), F.CalendarDays,
                          fill_price=5.0, fill_oi=3.0))
run('calendardays 0', flt(lambda: days(todate=datetime.date(2006, 2, 1)), F.CalendarDays,
                          fill_price=0))
run('heikinashi', flt(lambda: days(todate=datetime.date(2006, 3, 1)), F.HeikinAshi))
run('heikinashi mins', flt(lambda: mins(), F.HeikinAshi))
run('daysteps', flt(lambda: days(todate=datetime.date(2006, 1, 20)), F.DayStepsFilter))
run('barreplayer open mins', flt(lambda: mins(), F.BarReplayer_Open))
# (the first bar's open tick skips the later filters: resampled, it is a week of its own)
run('barreplayer open resampled', flt(lambda: days(todate=datetime.date(2006, 3, 1)),
                                      F.BarReplayer_Open), resample=dict(timeframe=TF.Weeks))
run('barreplayer open replayed', flt(lambda: days(todate=datetime.date(2006, 3, 1)),
                                     F.BarReplayer_Open), replay=dict(timeframe=TF.Weeks))
run('daysplitter', flt(lambda: days(todate=datetime.date(2006, 1, 20)), F.DaySplitter_Close))
run('daysplitter vol', flt(lambda: vdays(todate=datetime.date(2006, 1, 20)), F.DaySplitter_Close,
                           closevol=0.3))
# (the first bar of each day is split, the closing bar passes the later filters)
run('daysplitter mins', flt(lambda: mins(sessionstart=st, sessionend=se), F.DaySplitter_Close))
run('daysplitter replayed', flt(lambda: vdays(todate=datetime.date(2006, 1, 20)),
                                F.DaySplitter_Close), replay=dict(timeframe=TF.Days))
run('daysplitter mins replayed', flt(lambda: mins(), F.DaySplitter_Close),
    replay=dict(timeframe=TF.Days))
run('daysplitter then heikinashi', lambda: [days(todate=datetime.date(2006, 1, 20),
                                                 filters=[F.DaySplitter_Close, F.HeikinAshi])])
run('renko', flt(lambda: days(todate=datetime.date(2006, 4, 1)), F.Renko))
run('renko size', flt(lambda: days(todate=datetime.date(2006, 4, 1)), F.Renko, size=20.0))
run('renko hilo', flt(lambda: days(todate=datetime.date(2006, 4, 1)), F.Renko, hilo=True, size=25.0))
run('renko dynamic', flt(lambda: days(todate=datetime.date(2006, 4, 1)), F.Renko, dynamic=True,
                         autosize=50.0))
for align in (1.0, 10.0, 7.0, 0.5):
    for rs in (True, False):
        run('renko align %%s %%s' %% (align, rs), flt(lambda: days(todate=datetime.date(2006, 3, 1)),
                                                 F.Renko, align=align, roundstart=rs, autosize=30.0),
            modes=((True, True),))
run('renko then heikinashi', lambda: [days(todate=datetime.date(2006, 4, 1),
                                          filters=[F.Renko, F.HeikinAshi])])
run('datafiller', lambda: [F.DataFiller(dataname=mins(sessionstart=st, sessionend=se))])
run('datafilter', lambda: [F.DataFilter(dataname=days(todate=datetime.date(2006, 2, 1)),
                                        funcfilter=lambda d: d.close[0] > 3650)])
'''

SKIP = ('sessionfiller preload=False', 'sessionfiller args preload=False',
        'sessionfiller nosession preload=False', 'sessionfiller late start preload=False',
        'renko size preload=False', 'renko hilo preload=False', 'renko preload=False',
        'renko dynamic preload=False', 'renko then heikinashi preload=False')

_CACHE: dict = {}


@pytest.mark.oracle
def test_filters_match_upstream():
    if not _CACHE:
        _CACHE['out'] = oracle_and_ours(SCRIPT % {'datas': str(DATAS)})
    oracle, ours = _CACHE['out']
    compared = assert_same(oracle, ours, SKIP)
    assert compared >= 40
