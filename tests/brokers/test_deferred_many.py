"""Deferred valuation over several positions (records.py): in runonce over
datas on one timeline, a broker cycle whose open positions are all plain
stock-like leaves a mark instead of valuing them, the engine skips the
broker on bars where nothing is pending, and bars are valued when read or
written into the records (many bars, many positions, one array pass).

Nothing of that may be visible: the scripts below trade three datas (a long,
a short, a futures-like scheme on one of them, positions closed while
others stay, a fill every bar for a while, cash added) and print what a
strategy reads mid-run (value, cash, share value, a data's value, the
Broker observer and DrawDown through the strategy), then the Broker
observer's lines bar by bar and DrawDown's figures. Each equals upstream's
output (oracle, at test time), and the figures bar by bar equal those of a
broker valuing everything every cycle.
"""
from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import backtrader as bt
from backtrader.brokers.backbroker import BackBroker

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_deferred_valuation import RUNNER, runonce_equals_next_mode  # noqa: E402

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'
FILES = [str(DATAS / n) for n in ('nvda-2014.txt', 'orcl-2014.txt', 'yhoo-2014.txt')]


def place(strategy, orders):
    """Orders of ``strategy``: per (data index, size), a buy (size > 0), a
    sell (< 0) or a close (0)."""
    for i, size in orders:
        d = strategy.datas[i]
        if size > 0:
            strategy.buy(data=d, size=size)
        elif size < 0:
            strategy.sell(data=d, size=-size)
        else:
            strategy.close(data=d)


SCRIPT = '''\
import backtrader as bt
FILES = %(files)r

def feeds():
    return [bt.feeds.YahooFinanceCSVData(dataname=f) for f in FILES]

def setup(cer):
    # the third data trades futures-like (marked to market: not deferred)
    cer.broker.setcommission(commission=1.0, margin=50.0, mult=2.0, name=cer.datas[2]._name)

# bar -> orders (see place) or 'cash' (add_cash)
EVENTS = {10: [(0, 10)], 15: [(1, 20)], 22: [(2, -3)], 30: 'cash', 41: [(1, 0)],
          50: [(1, 3), (2, 0)], 61: [(0, -4)], 75: [(2, 2)], 90: [(2, 0)],
          140: [(1, 0), (0, 0)], 150: [(0, 5)], 200: [(2, -1)], 230: [(0, 0), (2, 0)]}
for n in range(100, 112):
    EVENTS[n] = [(n %% 2, 1)]

%(place)s

class S(bt.Strategy):
    params = dict(read=True)

    def next(self):
        n = len(self)
        if self.p.read and n %% 6 == 0:
            dd = self.analyzers.dd.get_analysis()
            st = self.stats.broker
            print('N', n, '%%.6f' %% self.broker.getvalue(), '%%.6f' %% self.broker.getcash(),
                  '%%.6f' %% self.broker.get_fundvalue(),
                  '%%.6f' %% self.broker.getvalue(datas=[self.datas[1]]),
                  '%%.6f' %% st.value[-1], '%%.6f' %% st.lines.cash[-1],
                  '%%.6f %%.6f' %% (dd.drawdown, dd.max.drawdown))
        ev = EVENTS.get(n)
        if ev == 'cash':
            self.broker.add_cash(1000)
        elif ev:
            place(self, ev)
'''


def _script() -> str:
    return SCRIPT % {'files': FILES, 'place': inspect.getsource(place)} + RUNNER


@pytest.mark.oracle
def test_many_positions_equal_upstream(run_oracle, run_ours):
    script = _script()
    ours, upstream = run_ours(script), run_oracle(script)
    assert ours.splitlines() == upstream.splitlines()


def test_many_positions_runonce_equals_next_mode(run_ours):
    runonce_equals_next_mode(run_ours(_script()), 42)


class _FullBroker(BackBroker):
    """Values every position on every cycle: a subclass with its own
    ``_get_value`` gets no shortcut (no idle cycle, no deferral)."""

    def _get_value(self, datas=None, lever=False):
        return super()._get_value(datas=datas, lever=lever)


class _Trader(bt.Strategy):
    params = dict(events=None, reads=())

    def __init__(self):
        self.seen = []

    def next(self):
        n = len(self)
        if n in self.p.reads:
            self.seen.append((self.broker.getvalue(), self.broker.get_fundvalue()))
        place(self, self.p.events.get(n, ()))


def _traded(events, reads, broker=None, leverage=1.0, files=FILES):
    cer = bt.Cerebro()
    cer.addstrategy(_Trader, events=events, reads=frozenset(reads))
    if broker is not None:
        cer.setbroker(broker)
    for f in files:
        cer.adddata(bt.feeds.YahooFinanceCSVData(dataname=f))
    cer.broker.setcash(50000)
    cer.broker.setcommission(commission=0.001, leverage=leverage)
    cer.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    strat = cer.run()[0]
    obs = strat.stats.broker
    n = len(obs)
    dd = strat.analyzers.dd.get_analysis()
    return (list(obs.lines.value.get(size=n)), list(obs.lines.cash.get(size=n)),
            strat.seen, (dd.max.drawdown, dd.max.moneydown, dd.max.len),
            cer.broker.getvalue(), cer.broker.get_fundvalue())


_event = st.tuples(st.integers(0, 2), st.integers(-6, 6))


@settings(max_examples=12, deadline=None)
@given(st.dictionaries(st.integers(1, 250), st.lists(_event, min_size=1, max_size=3),
                       max_size=40),
       st.sets(st.integers(1, 252), max_size=20),
       st.sampled_from([1.0, 2.0]))
def test_deferred_figures_equal_a_full_valuation_bar_by_bar(events, reads, leverage):
    """Any schedule of buys, sells and closes on three datas (longs, shorts,
    several open at once, values read mid-run): the Broker observer's cash
    and value bar by bar, the values read, DrawDown and the final figures
    equal those of a broker valuing every position every cycle -- exactly."""
    deferred = _traded(events, reads, leverage=leverage)
    full = _traded(events, reads, broker=_FullBroker(), leverage=leverage)
    assert deferred == full


def test_broker_is_skipped_while_positions_are_held(monkeypatch):
    """Three positions bought at once and held: the broker's cycle runs on
    the first bar and the fill bar only, and the held bars are valued (the
    final value is cash plus the three positions at the last closes)."""
    calls = []
    orig = BackBroker.next
    monkeypatch.setattr(BackBroker, 'next', lambda self: (calls.append(1), orig(self))[1])

    class Hold(bt.Strategy):
        def next(self):
            if len(self) == 5:
                for i, d in enumerate(self.datas):
                    self.buy(data=d, size=i + 1)

    cer = bt.Cerebro()
    for f in FILES:
        cer.adddata(bt.feeds.YahooFinanceCSVData(dataname=f))
    cer.addstrategy(Hold)
    strat = cer.run()[0]
    assert len(strat) == 252 and len(calls) == 2
    broker = cer.broker
    expect = broker.getcash()
    for i, d in enumerate(strat.datas):
        assert broker.getposition(d).size == i + 1
        expect += (i + 1) * d.close.array[len(strat) - 1]
    assert broker.getvalue() == pytest.approx(expect, rel=1e-12)
    value = strat.stats.broker.lines.value.get(size=len(strat))
    assert len(value) == len(strat) and not any(v != v for v in value)
    assert value[-1] == broker.getvalue()


@settings(max_examples=12, deadline=None)
@given(st.dictionaries(st.integers(1, 250), st.lists(st.tuples(st.just(0), st.integers(-6, 6)),
                                                      min_size=1, max_size=2),
                       max_size=40),
       st.sets(st.integers(1, 252), max_size=20),
       st.sampled_from([1.0, 2.0, 3.0]))
def test_one_data_deferred_figures_equal_a_full_valuation(events, reads, leverage):
    """The same over one data (the array pass's shortcut for one position at
    most, always the same): long and short positions, levered or not."""
    deferred = _traded(events, reads, leverage=leverage, files=FILES[:1])
    full = _traded(events, reads, broker=_FullBroker(), leverage=leverage, files=FILES[:1])
    assert deferred == full
