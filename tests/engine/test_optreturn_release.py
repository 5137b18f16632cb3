"""An optimisation run (``optreturn=True``) returns its analyzers alone; the
run's orders, fills and trades are released with the strategy's history, so
reference counting frees them as soon as the broker starts the next run --
the cyclic collector does not have to scan them (most of its work after a run
that traded)."""
from __future__ import annotations

import gc
import weakref

import backtrader as bt

from conftest import DATAS


class _Trader(bt.Strategy):
    params = dict(period=10)

    def __init__(self):
        self.sma = bt.ind.SMA(period=self.p.period)

    def next(self):
        if not self.position:
            if self.data.close[0] > self.sma[0]:
                self.buy()
        elif self.data.close[0] < self.sma[0]:
            self.close()


class _OrderWatch(bt.Analyzer):
    """At the end of a run: weak references to the broker's orders and the
    strategy's trades."""

    def stop(self):
        strat = self.strategy
        self.refs = [weakref.ref(o) for o in strat.broker.orders]
        self.refs += [weakref.ref(t) for d in strat._trades.values() for ts in d.values()
                      for t in ts]

    def get_analysis(self):
        return {'seen': len(self.refs)}


def _optimise(optreturn: bool):
    cerebro = bt.Cerebro(maxcpus=1, optreturn=optreturn, stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.optstrategy(_Trader, period=[10, 20])
    cerebro.addanalyzer(_OrderWatch, _name='watch')
    return cerebro, cerebro.run()


def test_a_finished_optimisation_run_frees_its_orders_without_the_collector(monkeypatch):
    # no collection at all: neither automatic nor the one after each run
    monkeypatch.setattr(gc, 'collect', lambda *args: 0)
    gc.disable()
    try:
        cerebro, results = _optimise(optreturn=True)
        first = results[0][0].analyzers.watch
        # the first run traded; its analyzer saw orders and trades
        assert first.get_analysis()['seen'] > 20
        # by the end of the second run, none of the first run's orders or
        # trades is alive, though no collection has run
        alive = [r() for r in first.refs if r() is not None]
        assert alive == []
    finally:
        gc.enable()


def test_strategies_returned_whole_keep_their_history():
    cerebro, results = _optimise(optreturn=False)
    for (strat,) in results:
        assert strat._fill_log and strat._closed_trades
        assert all(order.status == order.Completed for order, _, _ in strat._fill_log)


def test_repeated_runs_release_the_brokers_orders_before_collecting(monkeypatch):
    # a study's runs (_runs_one) collect before every long run; the broker
    # still holds the last run's orders then (until it starts again): they are
    # let go first, so that collection does not scan them. The last run's
    # orders stay readable after the study, as after any run.
    from backtrader.engine.gctuning import RunsCollector
    monkeypatch.setattr(RunsCollector, 'per_collect', 0)      # collect before every run
    seen = []
    real_collect = gc.collect

    def collect(*args):
        seen.append(len(cerebro.broker.orders))
        return real_collect(*args)
    monkeypatch.setattr(gc, 'collect', collect)
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(_Trader)
    predata = cerebro._runs_begin()
    try:
        cerebro._runs_one([(_Trader, (), dict(period=10))], predata)
        first = list(cerebro.broker.orders)
        seen.clear()
        cerebro._runs_one([(_Trader, (), dict(period=20))], predata)
    finally:
        cerebro._runs_end(predata)
    # at the collection before the second run the broker held no order
    assert len(first) > 20 and seen[:1] == [0]
    second = cerebro.broker.orders
    assert len(second) > 20 and not {id(o) for o in first} & {id(o) for o in second}
