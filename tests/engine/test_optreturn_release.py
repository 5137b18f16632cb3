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
