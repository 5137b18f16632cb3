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

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import backtrader as bt
from backtrader.brokers.backbroker import BackBroker

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'
FILES = [str(DATAS / n) for n in ('nvda-2014.txt', 'orcl-2014.txt', 'yhoo-2014.txt')]

SCRIPT = '''\
import backtrader as bt
FILES = %(files)r

# bar -> (data index, size: >0 buy, <0 sell, 0 close) ; 'cash' -> add_cash
EVENTS = {10: [(0, 10)], 15: [(1, 20)], 22: [(2, -3)], 30: 'cash', 41: [(1, 0)],
          50: [(1, 3), (2, 0)], 61: [(0, -4)], 75: [(2, 2)], 90: [(2, 0)],
          140: [(1, 0), (0, 0)], 150: [(0, 5)], 200: [(2, -1)], 230: [(0, 0), (2, 0)]}
for n in range(100, 112):
    EVENTS[n] = [(n %% 2, 1)]


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
            for i, size in ev:
                d = self.datas[i]
                if size > 0:
                    self.buy(data=d, size=size)
                elif size < 0:
                    self.sell(data=d, size=-size)
                else:
                    self.close(data=d)


def run(runonce, read, fund):
    cer = bt.Cerebro(runonce=runonce)
    for f in FILES:
        cer.adddata(bt.feeds.YahooFinanceCSVData(dataname=f))
    cer.addstrategy(S, read=read)
    cer.broker.setcash(10000)
    cer.broker.set_fundmode(fund)
    # the third data trades futures-like (marked to market, not deferred)
    cer.broker.setcommission(commission=1.0, margin=50.0, mult=2.0, name=cer.datas[2]._name)
    cer.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    strat = cer.run()[0]
    obs = strat.stats.broker
    n = len(obs)
    print('V', ' '.join('%%.6f' %% v for v in obs.lines.value.get(size=n)))
    print('C', ' '.join('%%.6f' %% v for v in obs.lines.cash.get(size=n)))
    dd = strat.analyzers.dd.get_analysis()
    print('D', '%%.6f %%.6f %%d' %% (dd.max.drawdown, dd.max.moneydown, dd.max.len))
    print('E', '%%.6f %%.6f %%.6f' %% (cer.broker.getvalue(), cer.broker.getcash(),
                                 cer.broker.get_fundvalue()))

for fund in (False, True):
    for read in (True, False):
        for runonce in (True, False):
            print('RUN', runonce, read, fund)
            run(runonce, read, fund)
'''


def _script() -> str:
    return SCRIPT % {'files': FILES}


def _runs(text: str) -> dict:
    runs, key = {}, None
    for line in text.splitlines():
        if line.startswith('RUN'):
            key = line
            runs[key] = []
        else:
            runs[key].append(line)
    return runs


@pytest.mark.oracle
def test_many_positions_equal_upstream(run_oracle, run_ours):
    script = _script()
    ours, upstream = run_ours(script), run_oracle(script)
    assert ours.splitlines() == upstream.splitlines()


def test_many_positions_runonce_equals_next_mode(run_ours):
    runs = _runs(run_ours(_script()))
    assert len(runs) == 8
    for fund in (False, True):
        for read in (True, False):
            once = runs['RUN True %s %s' % (read, fund)]
            assert once == runs['RUN False %s %s' % (read, fund)]
            assert any(line.startswith('V ') and 'nan' not in line for line in once)
            assert len([line for line in once if line.startswith('N ')]) == (42 if read else 0)


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
        for i, size in self.p.events.get(n, ()):
            d = self.datas[i]
            if size > 0:
                self.buy(data=d, size=size)
            elif size < 0:
                self.sell(data=d, size=-size)
            else:
                self.close(data=d)


def _traded(events, reads, broker=None, leverage=1.0):
    cer = bt.Cerebro()
    cer.addstrategy(_Trader, events=events, reads=frozenset(reads))
    if broker is not None:
        cer.setbroker(broker)
    for f in FILES:
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
