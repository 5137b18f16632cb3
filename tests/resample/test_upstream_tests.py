"""Upstream's own resample/replay/multiframe tests (spec section 8.2): a weekly
SMA(30) on the daily file, resampled or replayed, and a daily + weekly pair,
over upstream's 12 mode combinations (the same feed objects reused)."""
from __future__ import annotations

import datetime

import pytest

import backtrader as bt
from conftest import DATAS

# expected values of upstream's test_data_resample.py / test_data_replay.py
WEEKLY_SMA = ['3836.453333', '3703.962333', '3741.802000']


class Checker(bt.Strategy):
    params = (('datas_for_ind', (0,)),)

    def __init__(self):
        self.ind = bt.ind.SMA(self.datas[self.p.datas_for_ind[0]], period=30)
        self.nexts = 0
        self.chkmin = None

    def nextstart(self):
        self.chkmin = len(self)
        super().nextstart()

    def next(self):
        self.nexts += 1

    def values(self):
        n, mp = len(self.ind), self.chkmin
        return ['%f' % self.ind[pt] for pt in (0, -n + mp, (-n + mp) // 2)]


def _data(name='2006-day-001.txt', **kw):
    return bt.feeds.BacktraderCSVData(dataname=str(DATAS / name),
                                      fromdate=datetime.datetime(2006, 1, 1),
                                      todate=datetime.datetime(2006, 12, 31), **kw)


MODES = [(p, r, e) for p in (True, False) for r in (True, False) for e in (-2, -1, False)]


def test_resample_weekly_sma():
    data = _data()
    data.resample(timeframe=bt.TimeFrame.Weeks)
    for preload, runonce, exactbars in MODES:
        cerebro = bt.Cerebro(preload=preload, runonce=runonce, exactbars=exactbars)
        cerebro.adddata(data)
        cerebro.addstrategy(Checker)
        strat = cerebro.run()[0]
        assert strat.chkmin == 30
        assert strat.values() == WEEKLY_SMA, (preload, runonce, exactbars)


@pytest.mark.parametrize('exactbars', [False, -1, -2])
def test_replay_weekly_sma(exactbars):
    data = _data()
    data.replay(timeframe=bt.TimeFrame.Weeks)
    cerebro = bt.Cerebro(preload=False, runonce=False, exactbars=exactbars)
    cerebro.adddata(data)
    cerebro.addstrategy(Checker)
    strat = cerebro.run()[0]
    assert strat.chkmin == 30
    assert strat.nexts == 113
    assert strat.values() == WEEKLY_SMA


def test_daily_and_weekly_file_minperiod():
    # test_data_multiframe.py: SMA(30) on each -> strategy minperiod 151
    class Two(bt.Strategy):
        def __init__(self):
            bt.ind.SMA(self.data0, period=30)
            bt.ind.SMA(self.data1, period=30)

        def nextstart(self):
            self.chkmin = len(self)

    d0, d1 = _data(), _data('2006-week-001.txt', timeframe=bt.TimeFrame.Weeks)
    for preload, runonce, exactbars in MODES:
        cerebro = bt.Cerebro(preload=preload, runonce=runonce, exactbars=exactbars)
        cerebro.adddata(d0)
        cerebro.adddata(d1)
        cerebro.addstrategy(Two)
        assert cerebro.run()[0].chkmin == 151
