"""The per-order event path: after the broker queued a filled order's
notification, until the strategy, analyzers and observers have seen it.

* the steady step (``StrategyDriver.steady_step``) takes bars with
  notifications as ``_cycle`` does (hooks, analyzers, observer lines);
* the ledger hands the trade its bar count and datetime (``Trade._book``):
  a compensated order's trade still reads the compensating data;
* TradeAnalyzer folds closed trades in batches: any batch size and any
  read in between give the figures of folding trade by trade;
* BuySell / Trades with several fills of both sides on one bar (averaged
  prices, and ``barplot``), against upstream.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import backtrader as bt
import backtrader.analyzers.tradeanalyzer as tradeanalyzer
from backtrader.strategykit.driver import StrategyDriver

DAY1 = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas' / '2006-day-001.txt'


def _data():
    return bt.feeds.BacktraderCSVData(dataname=str(DAY1))


# -- the steady step on bars with notifications ---------------------------------------------
class Hooked(bt.Strategy):
    """Trades on an SMA cross, records every hook call in order; orders a
    second, smaller buy from notify_order (an order born in a notification)."""

    def __init__(self):
        self.sma = bt.ind.SMA(period=10)
        self.calls = []
        self.ids = {}           # refs count on from earlier runs: numbered per run

    def numbered(self, kind, ref):
        return self.ids.setdefault((kind, ref), len(self.ids))

    def next(self):
        self.calls.append(('next', len(self)))
        if not self.position and self.data.close[0] > self.sma[0]:
            self.buy(size=2)
        elif self.position and self.data.close[0] < self.sma[0]:
            self.close()

    def notify_order(self, order):
        self.calls.append(('order', len(self), self.numbered('order', order.ref), order.status,
                           order.executed.size))
        if order.status == order.Completed and order.executed.size == 2:
            self.buy(size=1, exectype=bt.Order.Close)

    def notify_trade(self, trade):
        self.calls.append(('trade', len(self), self.numbered('trade', trade.ref), trade.status, trade.size,
                           trade.pnlcomm, trade.barlen))


def _hooked_run():
    cerebro = bt.Cerebro()          # standard observers: Broker, BuySell, Trades
    cerebro.adddata(_data())
    cerebro.broker.setcommission(commission=0.001)
    cerebro.addstrategy(Hooked)
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    cerebro.addanalyzer(bt.analyzers.SQN, _name='sqn')
    strat = cerebro.run()[0]
    lines = []
    for obs in strat.observers:
        for i, line in enumerate(obs.lines):
            lines.append((type(obs).__name__, i, [repr(v) for v in line.getzero(0, len(line))]))
    return (strat.calls, lines, strat.analyzers.ta.get_analysis(),
            strat.analyzers.sqn.get_analysis(), cerebro.broker.getvalue())


def test_steady_step_takes_event_bars_as_the_cycle_does(monkeypatch):
    cycles = []
    general_cycle = StrategyDriver._cycle

    def counted(self):
        cycles.append(len(self.strategy))
        general_cycle(self)
    monkeypatch.setattr(StrategyDriver, '_cycle', counted)
    lean = _hooked_run()
    lean_cycles = len(cycles)
    event_bars = {c[1] for c in lean[0] if c[0] != 'next'}
    # the shortcut was taken: from the bar after the minimum period (10) on,
    # no bar (with or without notifications) went through the general cycle
    assert len(event_bars) > 20 and cycles == list(range(1, 12))

    monkeypatch.setattr(StrategyDriver, 'steady_step', lambda self, *a: None)
    del cycles[:]
    general = _hooked_run()
    assert len(cycles) > lean_cycles
    assert lean == general


# -- the trade reads its own data when the order's data is compensated --------------------------
class Compensated(bt.Strategy):
    def next(self):
        n = len(self)
        if n % 10 == 3:
            self.buy(data=self.data0, size=2)
        elif n % 10 == 8:
            # (close(data=data0) reads data0's position: empty, the fills are
            # booked on data1's)
            self.sell(data=self.data0, size=2)

    def notify_trade(self, trade):
        self.seen.append((trade.data._name, trade.dtopen, trade.dtclose, trade.baropen,
                          trade.barclose, trade.barlen, len(self.data1), self.data1.datetime[0],
                          self.data0.datetime[0]))

    def start(self):
        self.seen = []


def test_trade_of_a_compensated_order_reads_the_compensating_data():
    cerebro = bt.Cerebro(stdstats=False)
    d0 = bt.feeds.BacktraderCSVData(dataname=str(DAY1), name='daily')
    cerebro.adddata(d0)
    d1 = cerebro.resampledata(d0, timeframe=bt.TimeFrame.Weeks, name='weekly')
    d0.compensate(d1)
    cerebro.addstrategy(Compensated)
    seen = cerebro.run()[0].seen
    # upstream (this script's first notification, PYTHONPATH=.oracle):
    # trade of 'weekly', dtopen '%.6f' 732318.000000, baropen 1, barlen 0
    name, dtopen = seen[0][:2]
    assert (name, '%.6f' % dtopen) + seen[0][2:6] == ('weekly', '732318.000000', 0.0, 1, 0, 0)
    closed = [s for s in seen if s[2]]
    assert closed
    for name, dtopen, dtclose, baropen, barclose, barlen, wlen, wdt, ddt in seen:
        # stamped with the weekly data's datetime and bar count, not the daily one's
        stamp = dtclose if dtclose else dtopen
        assert stamp == wdt != ddt
        assert (barclose or baropen) == wlen and barlen == (barclose - baropen if dtclose else 0)


# -- TradeAnalyzer: batches fold as trade by trade ------------------------------------------------
def _scripted(actions, reads):
    class S(bt.Strategy):
        def start(self):
            self.reads = []

        def next(self):
            n = len(self)
            for act, size in actions.get(n, ()):
                if act == 'buy':
                    self.buy(size=size)
                elif act == 'sell':
                    self.sell(size=size)
                else:
                    self.close()
            if n in reads:      # a read in the middle of the run folds what waits
                self.reads.append(repr(self.analyzers.ta.get_analysis()))
    return S


def _ta_run(actions, reads):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(_data())
    cerebro.addstrategy(_scripted(actions, reads))
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    strat = cerebro.run()[0]
    return strat.reads, repr(strat.analyzers.ta.get_analysis())


_ACTION = st.tuples(st.sampled_from(['buy', 'sell', 'close', 'close']), st.integers(1, 3))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.dictionaries(st.integers(1, 250), st.lists(_ACTION, min_size=1, max_size=2),
                               min_size=5, max_size=80),
       reads=st.sets(st.integers(1, 255), max_size=4),
       batch=st.integers(2, 5))
def test_tradeanalyzer_batches_fold_as_trade_by_trade(monkeypatch, actions, reads, batch):
    monkeypatch.setattr(tradeanalyzer, '_FOLD_BATCH', 1)
    one_by_one = _ta_run(actions, reads)
    monkeypatch.setattr(tradeanalyzer, '_FOLD_BATCH', batch)
    assert _ta_run(actions, reads) == one_by_one


# -- BuySell / Trades with several fills on one bar, against upstream -----------------------------
OBSERVER_SCRIPT = '''
import backtrader as bt

class St(bt.Strategy):
    def next(self):
        n = len(self)
        if n % 7 == 1:
            self.buy(size=1); self.buy(size=2, exectype=bt.Order.Close)   # two buys, two prices
        elif n % 7 == 3:
            self.sell(size=1); self.buy(size=1, exectype=bt.Order.Close)  # a sell and a buy
        elif n % 7 == 4:
            self.sell(size=1, exectype=bt.Order.Close); self.sell(size=1)
        elif n % 7 == 5:
            self.close()

for runonce in (True, False):
    for barplot in (False, True):
        c = bt.Cerebro(stdstats=False, runonce=runonce)
        c.adddata(bt.feeds.BacktraderCSVData(dataname=DATA_FILE))
        c.addstrategy(St)
        c.addobserver(bt.observers.BuySell, barplot=barplot)
        c.addobserver(bt.observers.Trades)
        s = c.run()[0]
        bs, tr = s.observers[0], s.observers[1]
        print('runonce=%s barplot=%s' % (runonce, barplot))
        for name, line in (('buy', bs.lines.buy), ('sell', bs.lines.sell),
                           ('pnlplus', tr.lines.pnlplus), ('pnlminus', tr.lines.pnlminus)):
            print(name, [(i, repr(float(v))) for i, v in enumerate(line.getzero(0, len(line)))
                         if v == v])
'''


def test_buysell_and_trades_with_several_fills_on_a_bar(run_ours):
    out = run_ours(OBSERVER_SCRIPT.replace('DATA_FILE', repr(str(DAY1))))
    rows = dict()
    for block in out.split('runonce=')[1:]:
        head, *lines = block.strip().splitlines()
        rows[head] = {ln.split(' ', 1)[0]: eval(ln.split(' ', 1)[1]) for ln in lines}
    plain = rows['True barplot=False']
    # upstream (OBSERVER_SCRIPT, PYTHONPATH=.oracle): a Market and a Close sell on bar 4
    # average to 3658.765; the Market buy and the Close buy of bar 3 to 3650.24
    assert dict(plain['sell'])[4] == '3658.765' and dict(plain['buy'])[3] == '3650.24'
    marked = rows['True barplot=True']
    assert [i for i, _ in marked['buy']] == [i for i, _ in plain['buy']]
    assert dict(marked['buy'])[3] != '3650.24'      # below the low, whatever the prices
    assert rows['False barplot=False'] == plain


@pytest.mark.oracle
def test_buysell_and_trades_with_several_fills_on_a_bar_oracle(run_oracle, run_ours):
    script = OBSERVER_SCRIPT.replace('DATA_FILE', repr(str(DAY1)))
    assert run_ours(script) == run_oracle(script)
