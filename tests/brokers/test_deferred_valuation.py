"""Deferred valuation: in a runonce loop over one data the simulated broker
stops running its cycle while nothing is pending and at most one plain
position is held, and computes the skipped bars' figures in one pass when
they are needed (BackBroker._defer_start).

Nothing of that may be visible: the scripts below print what a strategy
reads bar by bar (broker value/cash/fund value, the Broker observer's lines
through ``self.stats``, the DrawDown analyzer's figures), state changes in the middle of a held stretch
(``add_cash``), the Broker observer's
lines and the DrawDown analyzer after the run. Each equals upstream's output
(oracle, run at test time) and equals our own next-mode output.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import backtrader as bt
from backtrader.brokers.backbroker import BackBroker

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'
DATA = str(DATAS / '2006-day-001.txt')

SCRIPT = '''\
import backtrader as bt
DATA = %(data)r

def feeds():
    return [bt.feeds.BacktraderCSVData(dataname=DATA)]

def setup(cer):
    pass

class S(bt.Strategy):
    params = dict(read=True, fund=False)

    def next(self):
        n = len(self)
        if self.p.read and n %% 7 == 0:
            dd = self.analyzers.dd.get_analysis()       # first: nothing flushed yet
            dd = (dd.drawdown, dd.moneydown, dd.max.drawdown)
            st = self.stats.broker
            print('N', n, len(st), '%%.6f' %% self.broker.getvalue(),
                  '%%.6f' %% self.broker.getcash(), '%%.6f' %% self.broker.get_fundvalue(),
                  '%%.6f' %% st.value[-1], '%%.6f' %% st.lines.cash[-1],
                  '%%.6f %%.6f %%.6f' %% dd)
        if n in (20, 90, 160):
            self.buy(size=2)
        elif n in (60, 130, 230):
            self.close()
        elif n == 40:
            self.broker.add_cash(500)
        elif n == 110:
            self.broker.add_cash(125)
        elif n == 180:
            self.broker.add_cash(-250)
'''

# what both scripts run (their feeds(), setup(cer) and strategy S first): every
# mode, then the Broker observer's lines, DrawDown's and the final figures
RUNNER = '''
def run(runonce, read, fund):
    cer = bt.Cerebro(runonce=runonce)
    for data in feeds():
        cer.adddata(data)
    cer.addstrategy(S, read=read)
    cer.broker.setcash(10000)
    cer.broker.set_fundmode(fund)
    setup(cer)
    cer.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    strat = cer.run()[0]
    obs = strat.stats.broker
    n = len(obs)
    print('V', ' '.join('%.6f' % v for v in obs.lines.value.get(size=n)))
    print('C', ' '.join('%.6f' % v for v in obs.lines.cash.get(size=n)))
    dd = strat.analyzers.dd.get_analysis()
    print('D', '%.6f %.6f %d' % (dd.max.drawdown, dd.max.moneydown, dd.max.len))
    print('E', '%.6f %.6f %.6f' % (cer.broker.getvalue(), cer.broker.getcash(),
                                 cer.broker.get_fundvalue()))

for fund in (False, True):
    for read in (True, False):
        for runonce in (True, False):
            print('RUN', runonce, read, fund)
            run(runonce, read, fund)
'''


def _script() -> str:
    return SCRIPT % {'data': DATA} + RUNNER


def _runs(text: str) -> dict:
    runs, key = {}, None
    for line in text.splitlines():
        if line.startswith('RUN'):
            key = line
            runs[key] = []
        else:
            runs[key].append(line)
    return runs


def runonce_equals_next_mode(text: str, reads: int) -> None:
    """The output of a script ending with RUNNER: each runonce run prints what
    the next-mode run prints (``reads`` lines read mid-run when reading)."""
    runs = _runs(text)
    assert len(runs) == 8
    for fund in (False, True):
        for read in (True, False):
            once = runs['RUN True %s %s' % (read, fund)]
            assert once == runs['RUN False %s %s' % (read, fund)]
            assert any(line.startswith('V ') and 'nan' not in line for line in once)
            assert len([line for line in once if line.startswith('N ')]) == (reads if read else 0)


@pytest.mark.oracle
def test_equals_upstream(run_oracle, run_ours):
    script = _script()
    ours, upstream = run_ours(script), run_oracle(script)
    assert ours.splitlines() == upstream.splitlines()


def test_runonce_equals_next_mode(run_ours):
    runonce_equals_next_mode(run_ours(_script()), 36)


class _Hold(bt.Strategy):
    def next(self):
        if len(self) == 5:
            self.buy(size=2)


def _hold_run(broker=None):
    cer = bt.Cerebro()
    if broker is not None:
        cer.setbroker(broker)
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=DATA))
    cer.addstrategy(_Hold)
    return cer, cer.run()[0]


def test_cycles_are_skipped_while_holding(monkeypatch):
    """Buy and hold: the broker's cycle runs on the first bar and the fill
    bar only; the skipped bars' figures still come out (observer line,
    final value at the last close)."""
    calls = []
    orig = BackBroker.next
    monkeypatch.setattr(BackBroker, 'next', lambda self: (calls.append(1), orig(self))[1])
    cer, strat = _hold_run()
    assert len(strat) > 200
    assert len(calls) == 2
    close = strat.data.close.array[len(strat) - 1]
    pos = cer.broker.getposition(strat.data)
    assert pos.size == 2
    assert cer.broker.getvalue() == cer.broker.getcash() + pos.size * close
    value = strat.stats.broker.lines.value.get(size=len(strat))
    assert len(value) == len(strat) and not any(v != v for v in value)


def test_broker_subclass_runs_every_cycle():
    """A BackBroker subclass with its own ``next`` is called on every bar."""
    calls = []

    class MyBroker(BackBroker):
        def next(self):
            calls.append(1)
            super().next()

    cer, strat = _hold_run(MyBroker())
    assert len(calls) == len(strat)
