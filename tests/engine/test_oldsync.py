"""``Cerebro(oldsync=True)``: upstream's legacy synchronisation. data0 leads:
the strategy runs one cycle per bar of data0 (its length is data0's), every
other data moves at most one bar a cycle, when its next bar is not later than
data0's (a data behind stays behind, one ahead waits); when data0 ends, the
partial bars of resampled datas are flushed in one more cycle and the run
ends. The same in every mode (upstream runs its legacy loops alike).

The literal values are upstream's (1.9.78.123), printed by the script below
(``PRINTER``) under ``PYTHONPATH=.oracle``; the oracle test compares whole
outputs, trading included, when the oracle is installed.
"""
from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest

import backtrader as bt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'resample'))
from oraclecache import assert_same, oracle_and_ours  # noqa: E402

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'
MODES = [(True, True), (False, True), (False, False)]      # (runonce, preload)

PRINTER = r'''
import datetime, sys
import backtrader as bt
D = %(datas)r + '/'
TF = bt.TimeFrame


def csv(name, **kw):
    return bt.feeds.BacktraderCSVData(dataname=D + name, **kw)


class P(bt.Strategy):
    def __init__(self):
        self.s0 = bt.ind.SMA(self.data0, period=3)
        self.s1 = bt.ind.SMA(self.data1, period=3)

    def prenext(self):
        self.next('pre')

    def nextstart(self):
        self.next('start')

    def next(self, tag=''):
        d0, d1 = self.data0, self.data1
        print(tag, len(self), len(d0), d0.datetime.date(0), d0.close[0], '|', len(d1),
              d1.datetime.date(0) if len(d1) else None, d1.close[0] if len(d1) else None, '|',
              len(self.s0), round(self.s0[0], 3) if len(self.s0) else None,
              len(self.s1), round(self.s1[0], 3) if len(self.s1) else None)


def build(c, case):
    day = datetime.datetime
    if case == 'later':
        c.adddata(csv('2006-day-001.txt', todate=day(2006, 2, 15)))
        c.adddata(csv('2006-day-001.txt', fromdate=day(2006, 1, 20), todate=day(2006, 2, 28)))
    elif case == 'earlier':
        c.adddata(csv('2006-day-001.txt', fromdate=day(2006, 1, 20), todate=day(2006, 2, 15)))
        c.adddata(csv('2006-day-001.txt', todate=day(2006, 2, 28)))
    elif case == 'gaps':
        c.adddata(csv('2006-day-001.txt', todate=day(2006, 2, 15)))
        c.adddata(csv('2006-day-002.txt', todate=day(2006, 2, 15)))
    elif case == 'gaps_rev':
        c.adddata(csv('2006-day-002.txt', todate=day(2006, 2, 15)))
        c.adddata(csv('2006-day-001.txt', todate=day(2006, 2, 15)))
    elif case == 'resample':
        d = csv('2006-day-001.txt', todate=day(2006, 3, 15))
        c.adddata(d)
        c.resampledata(d, timeframe=TF.Weeks)
    elif case == 'replay':
        c.adddata(csv('2006-day-001.txt', todate=day(2006, 3, 15)))
        c.replaydata(csv('2006-day-001.txt', todate=day(2006, 3, 15)), timeframe=TF.Weeks)


class Trader(bt.Strategy):
    def __init__(self):
        self.x = [bt.ind.CrossOver(bt.ind.SMA(d, period=5), bt.ind.SMA(d, period=15))
                  for d in self.datas]

    def notify_order(self, o):
        if o.status in (o.Submitted, o.Accepted, o.Completed):
            print('order', len(self), o.getstatusname(), o.data._name, o.executed.price)

    def notify_trade(self, t):
        print('trade', len(self), t.data._name, t.status, round(t.pnl, 4))

    def next(self):
        for d, x in zip(self.datas, self.x):
            if x[0] > 0:
                self.buy(data=d, size=1)
            elif x[0] < 0 and self.getposition(d).size:
                self.close(data=d)

    def stop(self):
        for o in self.observers:
            print('obs', type(o).__name__, len(o), [round(v[0], 4) for v in o.lines])


def run(title, setup, strat, **kw):
    for runonce, preload in ((True, True), (False, True), (False, False)):
        print('== %%s runonce=%%s preload=%%s' %% (title, runonce, preload))
        try:
            c = bt.Cerebro(oldsync=True, runonce=runonce, preload=preload, **kw)
            setup(c)
            c.addstrategy(strat)
            c.run()
        except Exception:
            print('ERROR')


for case in sys.argv[1:] or ('later', 'earlier', 'gaps', 'gaps_rev', 'resample', 'replay'):
    run(case, lambda c: build(c, case), P, stdstats=False)


def trading(c):
    c.adddata(csv('2006-day-002.txt'), name='B')
    c.adddata(csv('2006-day-001.txt', fromdate=datetime.datetime(2006, 3, 1)), name='A')


if not sys.argv[1:]:
    run('trading', trading, Trader)
'''


def _lines(case: str, runonce: bool, preload: bool, capsys) -> list:
    ns: dict = {}
    text = PRINTER % {'datas': str(DATAS)}
    head, _, _ = text.partition('\nfor case in')
    exec(compile(head, 'printer', 'exec'), ns)
    c = bt.Cerebro(oldsync=True, runonce=runonce, preload=preload, stdstats=False)
    ns['build'](c, case)
    c.addstrategy(ns['P'])
    capsys.readouterr()
    c.run()
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize('runonce,preload', MODES)
def test_a_data_behind_data0_moves_one_bar_a_cycle(runonce, preload, capsys):
    # data0 trades every other day, data1 every day: data1 falls behind
    lines = _lines('gaps_rev', runonce, preload, capsys)
    assert lines[:4] == [
        'pre 1 1 2006-01-03 3614.34 | 1 2006-01-02 3604.33 | 1 nan 1 nan',
        'pre 2 2 2006-01-05 3650.24 | 2 2006-01-03 3614.34 | 2 nan 2 nan',
        'start 3 3 2006-01-09 3671.78 | 3 2006-01-04 3652.46 | 3 3645.453 3 3623.71',
        ' 4 4 2006-01-11 3668.61 | 4 2006-01-05 3650.24 | 4 3663.543 4 3639.013']
    assert len(lines) == 16                     # data0's bars, not the union of dates


@pytest.mark.parametrize('runonce,preload', MODES)
def test_a_data_ahead_of_data0_waits_and_the_run_ends_with_data0(runonce, preload, capsys):
    lines = _lines('later', runonce, preload, capsys)
    assert lines[13:16] == [
        'pre 14 14 2006-01-19 3593.22 | 0 None None | 14 3591.153 0 None',
        'pre 15 15 2006-01-20 3550.8 | 1 2006-01-20 3550.8 | 15 3571.397 1 nan',
        'pre 16 16 2006-01-23 3544.31 | 2 2006-01-23 3544.31 | 16 3562.777 2 nan']
    assert len(lines) == 32                     # data1 goes on to 2006-02-28: not run


@pytest.mark.parametrize('runonce,preload', MODES)
def test_the_flushed_partial_bar_keeps_the_strategy_length(runonce, preload, capsys):
    # the last partial week comes in one more cycle; len(self) stays data0's
    lines = _lines('resample', runonce, preload, capsys)
    assert lines[-2:] == [
        ' 52 52 2006-03-14 3833.48 | 10 2006-03-10 3798.46 | 52 3818.97 10 3786.137',
        ' 52 52 2006-03-14 3833.48 | 11 2006-03-14 3833.48 | 52 3818.97 11 3788.63']


@pytest.mark.oracle
def test_oldsync_matches_upstream():
    oracle, ours = oracle_and_ours(PRINTER % {'datas': str(DATAS)})
    assert assert_same(oracle, ours) >= 18
