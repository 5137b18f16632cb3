"""Drop-in behaviours checked without the oracle (their upstream comparison is in
test_dropin_oracle.py): results pickle, quicknotify delivers each notification
once, next_open sees indicators one bar behind the data."""
from __future__ import annotations

import datetime
import pickle

import backtrader as bt
from conftest import DATAS

DAY = str(DATAS / '2006-day-001.txt')


def _cerebro(**kwargs):
    cer = bt.Cerebro(**kwargs)
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=DAY, todate=datetime.datetime(2006, 3, 1)))
    return cer


class Trader(bt.Strategy):
    params = (('period', 5),)

    def __init__(self):
        self.sma = bt.ind.SMA(period=self.p.period)
        self.seen = []
        self.opens = []

    def notify_order(self, order):
        self.seen.append(('order', order.ref, order.status, len(self), len(self.data)))

    def notify_trade(self, trade):
        self.seen.append(('trade', trade.ref, trade.status, len(self), len(self.data)))

    def next_open(self):
        self.opens.append((len(self.data), len(self.sma), self.sma[0]))

    def next(self):
        if len(self) % 7 == 0:
            self.buy(size=1) if not self.position else self.close()


def test_strategy_pickles_with_its_lines_and_analyzers():
    cer = _cerebro()
    cer.addstrategy(Trader)
    cer.addanalyzer(bt.analyzers.SharpeRatio)
    strat = cer.run()[0]
    clone = pickle.loads(pickle.dumps(strat))
    assert type(clone.lines) is type(strat.lines)      # the generated Lines class
    assert len(clone.sma) == len(strat.sma) > 30
    assert clone.sma[0] == strat.sma[0] and clone.sma[-3] == strat.sma[-3]
    assert clone.analyzers.sharperatio.get_analysis() == \
        strat.analyzers.sharperatio.get_analysis()


def test_optimisation_results_cross_processes():
    for optreturn in (True, False):
        cer = _cerebro(maxcpus=2, optreturn=optreturn)
        cer.optstrategy(Trader, period=[3, 8])
        cer.addanalyzer(bt.analyzers.TradeAnalyzer)
        runs = cer.run()
        assert sorted(r[0].p.period for r in runs) == [3, 8]
        for run in runs:
            assert run[0].analyzers.tradeanalyzer.get_analysis().total.total > 0


def test_quicknotify_delivers_each_notification_once_in_the_broker_step():
    seen = {}
    for quick in (False, True):
        for runonce in (True, False):
            cer = _cerebro(quicknotify=quick, runonce=runonce)
            cer.addstrategy(Trader)
            seen[quick, runonce] = cer.run()[0].seen
    for runonce in (True, False):
        normal, quick = seen[False, runonce], seen[True, runonce]
        orders = [(s[1] - normal[0][1], s[2]) for s in normal if s[0] == 'order']
        assert len(orders) > 10
        # each once, in the same order (references relative to the first order)
        assert [(s[1] - quick[0][1], s[2]) for s in quick if s[0] == 'order'] == orders
        assert any(s[0] == 'trade' for s in quick)
        # normally delivered with the strategy at the data's bar; quick: the
        # strategy still at the previous bar
        assert all(s[3] == s[4] for s in normal)
        assert all(s[3] == s[4] - 1 for s in quick)


def test_next_open_sees_indicators_one_bar_behind():
    lens = {}
    for runonce in (True, False):
        cer = _cerebro(cheat_on_open=True, runonce=runonce, stdstats=False)
        cer.addstrategy(Trader)
        strat = cer.run()[0]
        lens[runonce] = strat.opens
        # from the bar after the first next(): data at bar n, the SMA at n - 1
        first = strat.opens[0][0]
        assert first == 6
        assert [o[:2] for o in strat.opens] == [(n, n - 1) for n in range(first, first +
                                                                       len(strat.opens))]
        sma = list(strat.sma.lines[0].array[:len(strat.sma)])
        assert [o[2] for o in strat.opens] == sma[first - 2:first - 2 + len(strat.opens)]
    assert lens[True] == lens[False]
