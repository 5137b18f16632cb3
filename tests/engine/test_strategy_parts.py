"""Strategy built from its parts (backtrader/strategykit): names kept, the
driver's per-bar step and its shortcuts equal to the general step."""
from __future__ import annotations

from pathlib import Path

import pytest

import backtrader as bt
import backtrader.strategy as strategy_module
from backtrader.strategykit.driver import StrategyDriver

DATA = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas' / '2006-day-001.txt'


def _cerebro(**kw):
    cerebro = bt.Cerebro(**kw)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=str(DATA), dtformat='%Y-%m-%d',
                                            openinterest=-1, timeframe=bt.TimeFrame.Days))
    return cerebro


def test_legacy_names_stay_importable_from_backtrader_strategy():
    for name in ('Strategy', 'MetaStrategy', 'ItemCollection', 'set_state_factory',
                 'with_metaclass', 'Order', 'BuyOrder', 'SellOrder', 'Trade', 'LineIterator',
                 'AutoOrderedDict', 'AutoDictList'):
        assert hasattr(strategy_module, name), name
    for method in ('buy', 'sell', 'close', 'cancel', 'buy_bracket', 'sell_bracket',
                   'order_target_size', 'order_target_value', 'order_target_percent',
                   'notify_order', 'notify_trade', 'notify_cashvalue', 'notify_fund',
                   'notify_timer', 'next_open', 'getwriterheaders', 'getwritervalues',
                   'getwriterinfo', 'getsizer', 'setsizer', 'getposition', 'qbuffer',
                   'add_timer', 'set_tradehistory', 'clear'):
        assert callable(getattr(bt.Strategy, method)), method


class Trader(bt.Strategy):
    params = (('period', 15),)

    def __init__(self):
        self.sma = bt.ind.SMA(period=self.p.period)
        self.log = []

    def next(self):
        if not self.position and self.data.close[0] > self.sma[0]:
            self.buy()
        elif self.position and self.data.close[0] < self.sma[0]:
            self.close()

    def notify_trade(self, trade):
        if trade.isclosed:
            self.log.append((len(self), round(trade.pnlcomm, 6)))


def _trades(monkeypatch=None, **kw):
    cerebro = _cerebro(**kw)
    cerebro.addstrategy(Trader)
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    strat = cerebro.run()[0]
    return strat.log, strat.analyzers.ta.get_analysis().total.closed, strat.broker.getvalue()


def test_the_steady_step_does_what_the_cycle_does(monkeypatch):
    lean = _trades()
    monkeypatch.setattr(StrategyDriver, 'steady_step', lambda self, *a: None)
    general = _trades()
    assert lean == general and lean[1] > 0


@pytest.mark.parametrize('kw', [dict(runonce=False), dict(quicknotify=True), dict(exactbars=1)])
def test_other_loops_give_the_lean_loops_results(kw):
    # the lean loop (runonce, one data, one strategy) and the general loops
    # close the same trades and end with the same value (under quicknotify
    # the trade hook runs within the broker step: a bar earlier by len)
    assert _trades(**kw)[1:] == _trades()[1:]


def test_qbuffer_and_exactbars_share_one_implementation(monkeypatch):
    calls = []
    import backtrader.strategy as st
    monkeypatch.setattr(st, 'apply_memory_mode', lambda *a: calls.append(a[1:]))

    class S(bt.Strategy):
        pass
    cerebro = _cerebro()
    cerebro.addstrategy(S)
    strat = cerebro.run()[0]
    strat.qbuffer(1)
    assert calls == [(1, False)]
