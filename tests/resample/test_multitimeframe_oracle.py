"""Several timeframes in one strategy, against upstream: a daily data and a
weekly one (``resampledata`` clone, ``replaydata`` clone, a separately
resampled feed, the weekly file), indicators on each, the slower data read in
``next`` (``data1.close[-1]``), a coupler (``sma_weekly()``) used in a
crossover and an operation, and orders -- in runonce and next mode, preloaded
or not, with every ``exactbars`` level. Mixing timeframes without a coupler
fails upstream in several of these (IndexError); those only need to run or
fail here too."""
from __future__ import annotations

from pathlib import Path

import pytest

from oraclecache import assert_same, oracle_and_ours

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'

SCRIPT = r'''
import datetime, sys
import backtrader as bt
D = %(datas)r + '/'
TF = bt.TimeFrame


class MultiTF(bt.Strategy):
    params = (('coupled', True), ('trade', True))

    def __init__(self):
        self.sma_d = bt.ind.SMA(self.data0, period=5)
        self.sma_w = bt.ind.SMA(self.data1, period=3)
        self.rsi_w = bt.ind.RSI(self.data1, period=4)
        if self.p.coupled:
            self.sma_wc = self.sma_w()
            self.cross = bt.ind.CrossOver(self.data0.close, self.sma_wc)
            self.diff = self.data0.close - self.sma_w()

    def prenext(self):
        self.log('pre')

    def next(self):
        self.log('nxt')
        if self.p.trade and self.p.coupled:
            if not self.position and self.cross[0] > 0:
                self.buy()
            elif self.position and self.cross[0] < 0:
                self.close()

    def log(self, tag):
        d0, d1 = self.data0, self.data1
        parts = [tag, str(len(self)), '%%d' %% len(d0), d0.datetime.date(0).isoformat() if len(d0) else '-',
                 '%%d' %% len(d1), d1.datetime.date(0).isoformat() if len(d1) else '-']
        for x in (self.sma_d, self.sma_w, self.rsi_w):
            parts.append('%%f' %% x[0] if len(x) else '-')
        if len(d1) > 1:
            parts.append('w[-1]=%%f' %% d1.close[-1])
        if self.p.coupled:
            parts.append('c=%%f x=%%f df=%%f' %% (self.sma_wc[0], self.cross[0], self.diff[0]))
        parts.append('v=%%.2f' %% self.broker.getvalue())
        print(' '.join(parts))

    def notify_order(self, o):
        if o.status == o.Completed:
            print('EXEC', o.isbuy(), '%%.2f' %% o.executed.price, bt.num2date(o.executed.dt).date())


def run(how, runonce, preload, exactbars, coupled=True):
    print('== %%s runonce=%%s preload=%%s exactbars=%%s coupled=%%s' %% (how, runonce, preload, exactbars,
                                                                coupled))
    try:
        c = bt.Cerebro(runonce=runonce, preload=preload, exactbars=exactbars, stdstats=False)
        d = bt.feeds.BacktraderCSVData(dataname=D + '2006-day-001.txt')
        c.adddata(d)
        if how == 'resampledata':
            c.resampledata(d, timeframe=TF.Weeks)
        elif how == 'replaydata':
            c.replaydata(d, timeframe=TF.Weeks)
        elif how == 'resample':
            d2 = bt.feeds.BacktraderCSVData(dataname=D + '2006-day-001.txt')
            d2.resample(timeframe=TF.Weeks)
            c.adddata(d2)
        else:
            c.adddata(bt.feeds.BacktraderCSVData(dataname=D + '2006-week-001.txt', timeframe=TF.Weeks))
        c.addstrategy(MultiTF, coupled=coupled)
        c.run()
        print('final %%.2f' %% c.broker.getvalue())
    except Exception:
        print('ERROR')


for how in ('resampledata', 'replaydata', 'resample', 'weeklyfile'):
    for runonce, preload in ((True, True), (False, True), (False, False)):
        for eb in (0, 1, -1, -2):
            run(how, runonce, preload, eb)
    run(how, True, True, 0, coupled=False)
    run(how, False, False, 0, coupled=False)
'''

_CACHE: dict = {}


@pytest.mark.oracle
def test_multi_timeframe_strategies_match_upstream():
    if not _CACHE:
        _CACHE['out'] = oracle_and_ours(SCRIPT % {'datas': str(DATAS)})
    oracle, ours = _CACHE['out']
    # resampledata/replaydata clones: every mode and exactbars level runs upstream
    assert assert_same(oracle, ours) >= 30
