"""Upstream's test_analyzer-sqn.py and test_analyzer-timereturn.py scenarios (spec §8.2)
in all 12 run modes, with upstream's expected values as literals.

The strategy is upstream's test system as described by the spec: SMA(15) / CrossOver
on the close, buy when flat and the cross is up (only ``maxtrades`` trades if set),
``close()`` when the cross is down, one pending order at a time; futures-like
commission ``setcommission(commission=2.0, mult=10.0, margin=1000.0)``.
Expected: maxtrades None -> ``str(sqn)[0:14] == '0.912550316439'``, 11 trades;
maxtrades 0 / 1 -> sqn 0 and trades 0 / 1; ``TimeReturn(timeframe=Years)`` first value
``'0.2794999999999983'`` with a final value of 12795.00 (upstream's literals; the same
numbers were printed by the oracle for every mode).
"""
from __future__ import annotations

import datetime
import itertools

import pytest

import backtrader as bt

from ancheck import DAY1

MODES = list(itertools.product((True, False), (True, False), (0, -1, -2)))


class RunStrategy(bt.Strategy):
    params = (('period', 15), ('maxtrades', None))

    def __init__(self):
        sma = bt.indicators.SMA(self.data, period=self.p.period)
        self.cross = bt.indicators.CrossOver(self.data.close, sma)

    def start(self):
        self.order = None
        self.tradecount = 0

    def notify_order(self, order):
        if order.status in (bt.Order.Submitted, bt.Order.Accepted):
            return
        self.order = None

    def notify_trade(self, trade):
        if trade.isclosed:
            self.tradecount += 1

    def next(self):
        if self.order:
            return
        if not self.position.size:
            if self.p.maxtrades is None or self.tradecount < self.p.maxtrades:
                if self.cross > 0:
                    self.order = self.buy()
        elif self.cross < 0:
            self.order = self.close()


def _run(runonce, preload, exactbars, maxtrades, analyzer, **akw):
    cer = bt.Cerebro(runonce=runonce, preload=preload, exactbars=exactbars)
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=str(DAY1),
                                           fromdate=datetime.datetime(2006, 1, 1),
                                           todate=datetime.datetime(2006, 12, 31)))
    cer.addstrategy(RunStrategy, maxtrades=maxtrades)
    cer.broker.setcommission(commission=2.0, mult=10.0, margin=1000.0)
    cer.addanalyzer(analyzer, **akw)
    return cer.run()[0]


@pytest.mark.parametrize('runonce,preload,exactbars', MODES)
@pytest.mark.parametrize('maxtrades', [None, 0, 1])
def test_analyzer_sqn(runonce, preload, exactbars, maxtrades):
    strat = _run(runonce, preload, exactbars, maxtrades, bt.analyzers.SQN)
    analysis = strat.analyzers.sqn.get_analysis()
    if maxtrades is None:
        assert str(analysis.sqn)[0:14] == '0.912550316439'
        assert analysis.trades == 11
    else:
        assert analysis.sqn == 0
        assert type(analysis.sqn) is int
        assert analysis.trades == maxtrades


@pytest.mark.parametrize('runonce,preload,exactbars', MODES)
def test_analyzer_timereturn(runonce, preload, exactbars):
    strat = _run(runonce, preload, exactbars, None, bt.analyzers.TimeReturn,
                 timeframe=bt.TimeFrame.Years)
    analysis = strat.analyzers.timereturn.get_analysis()
    assert list(analysis.keys()) == [datetime.date(2006, 12, 31)]
    assert str(list(analysis.values())[0]) == '0.2794999999999983'
    assert '%.2f' % strat.broker.getvalue() == '12795.00'
