"""A user strategy may store attributes under any name upstream lets it use.

User code stores its own objects on the strategy (``self.env = gym.make(...)``,
``self.dnames = [...]``). The engine, observers and analyzers must not read
public-looking names of the strategy that a user attribute can shadow.

The names checked are found, not listed by hand: every public attribute name a
running strategy has, here and upstream (``dir()`` plus the instance dict). For
each name, a script stores a foreign object under that name -- at the end of
``__init__`` or in ``next`` -- in a strategy that trades (through
``bt.Strategy.buy``/``sell``, which a user attribute cannot shadow), with the
standard observers, or with analyzers and more observers, in runonce and next
mode. Where upstream runs a case, ours must run it with the same results.
"""
from __future__ import annotations

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest

import backtrader as bt
from conftest import DATAS

DATA = str(DATAS / '2006-day-001.txt')

PRELUDE = r'''
import contextlib, datetime, io, sys
import backtrader as bt

DATA = %r


class UserValue:
    """What a user stores: an object the engine knows nothing about."""


def strategy_names():
    found = set()

    class Probe(bt.Strategy):
        def next(self):
            if len(self) == 2:
                found.update(vars(self))
                found.update(dir(self))

    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DATA,
                                               todate=datetime.datetime(2006, 1, 10)))
    cerebro.addstrategy(Probe)
    cerebro.run()
    return sorted(n for n in found if not n.startswith('_'))
'''

CASES = r'''

def user_strategy(name, phase):
    class UserStrategy(bt.Strategy):
        def __init__(self):
            self.sma = bt.ind.SMA(period=5)
            if phase == 'init':
                setattr(self, name, UserValue())

        def next(self):
            if phase == 'next' and len(self) == 6:
                setattr(self, name, UserValue())
            n = len(self)
            if n % 10 == 3:
                bt.Strategy.buy(self, size=10)
            elif n % 10 == 8:
                bt.Strategy.sell(self, size=10)
    return UserStrategy


def run(name, phase, runonce, full):
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DATA,
                                               todate=datetime.datetime(2006, 4, 1)))
    cerebro.addstrategy(user_strategy(name, phase))
    if not full:
        strat = cerebro.run(runonce=runonce)[0]
        return '%.4f %d' % (cerebro.broker.getvalue(), len(strat))
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    cerebro.addanalyzer(bt.analyzers.Returns, _name='ret')
    cerebro.addanalyzer(bt.analyzers.Transactions, _name='tx')
    cerebro.addanalyzer(bt.analyzers.SQN, _name='sqn')
    cerebro.addobserver(bt.observers.DrawDown)
    cerebro.addobserver(bt.observers.TimeReturn)
    with contextlib.redirect_stdout(io.StringIO()):
        strat = cerebro.run(runonce=runonce)[0]
    an = strat.analyzers
    return '%.4f %d %s %.4f %.6f %d %s' % (
        cerebro.broker.getvalue(), len(strat), an.ta.get_analysis().total.total,
        an.dd.get_analysis().max.drawdown, an.ret.get_analysis()['rtot'],
        len(an.tx.get_analysis()), an.sqn.get_analysis().trades)


CONFIGS = (('init', True, False), ('init', True, True),
           ('next', False, True), ('next', True, True))
for name in NAMES:
    for phase, runonce, full in CONFIGS:
        try:
            result = 'ok ' + run(name, phase, runonce, full)
        except Exception as exc:
            result = 'error %s' % type(exc).__name__
        print('%s %s runonce=%s full=%s: %s' % (name, phase, runonce, full, result))
'''

NAMES_SCRIPT = (PRELUDE % DATA) + '\nprint(" ".join(strategy_names()))\n'

_OUTPUTS: dict = {}


def _outputs(run_oracle, run_ours) -> tuple:
    """(names, upstream results, our results): one run per side for the module."""
    if not _OUTPUTS:
        try:
            names = sorted(set(run_oracle(NAMES_SCRIPT).split())
                           | set(run_ours(NAMES_SCRIPT).split()))
            script = (PRELUDE % DATA) + 'NAMES = %r\n' % (names,) + CASES
            with ThreadPoolExecutor(max_workers=2) as pool:
                oracle = pool.submit(run_oracle, script)
                ours = pool.submit(run_ours, script)
                _OUTPUTS['result'] = (names, _results(oracle.result()), _results(ours.result()))
        except (Exception, pytest.skip.Exception) as exc:   # noqa: BLE001 (re-raised)
            _OUTPUTS['error'] = exc
    if 'error' in _OUTPUTS:
        raise _OUTPUTS['error']
    return _OUTPUTS['result']


def _results(output: str) -> dict:
    return dict(line.split(': ', 1) for line in output.splitlines())


@pytest.mark.oracle
def test_every_name_upstream_allows_runs_the_same(run_oracle, run_ours):
    names, oracle, ours = _outputs(run_oracle, run_ours)
    assert list(ours) == list(oracle)
    broken = ['%s -> ours %s, upstream %s' % (case, ours[case], result)
              for case, result in oracle.items()
              if result.startswith('ok') and ours[case] != result]
    assert not broken, '\n'.join(broken)


@pytest.mark.oracle
def test_the_names_checked_cover_the_strategy_api(run_oracle, run_ours):
    names, oracle, _ = _outputs(run_oracle, run_ours)
    assert {'env', 'cerebro', 'broker', 'dnames', 'setsizer', 'datas', 'stats',
            'analyzers', 'position', 'next'} <= set(names)
    assert len(names) > 100
    # both outcomes occur upstream: the check separates allowed names from fatal ones
    verdicts = {result.split()[0] for result in oracle.values()}
    assert verdicts == {'ok', 'error'}


class _Trader(bt.Strategy):
    """Stores ``user_names`` in __init__, trades through the base class."""

    user_names: tuple = ()

    def __init__(self):
        for name in self.user_names:
            setattr(self, name, object())

    def next(self):
        if len(self) % 10 == 3:
            bt.Strategy.buy(self, size=10)
        elif len(self) % 10 == 8:
            bt.Strategy.sell(self, size=10)


def _final_value(user_names: tuple, runonce: bool) -> float:
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DATA,
                                               todate=datetime.datetime(2006, 4, 1)))
    cerebro.addstrategy(type('UserTrader', (_Trader,), {'user_names': user_names}))
    cerebro.run(runonce=runonce)
    return cerebro.broker.getvalue()


@pytest.mark.parametrize('runonce', [True, False])
def test_env_dnames_setsizer_are_user_names(runonce):
    # each crashed the run (observers/broker.py read ``env``; ``dnames`` had no
    # setter; the engine called ``setsizer`` without addsizer); upstream runs them
    expected = _final_value((), runonce)
    assert _final_value(('env', 'cerebro', 'dnames', 'setsizer'), runonce) == expected


def test_default_sizer_is_there_during_init():
    seen = []

    class Probe(bt.Strategy):
        def __init__(self):
            seen.append(type(self.getsizer()).__name__)

    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DATA,
                                               todate=datetime.datetime(2006, 1, 10)))
    cerebro.addstrategy(Probe)
    cerebro.run()
    assert seen == ['FixedSize']
