"""TradeAnalyzer (and SQN on the same runs): exact tree (keys, key order, value types)
against upstream.

* Literal trees of scripted scenarios (no trades, only an open trade, wins/losses,
  long/short, streaks, a reversal, zero-length trades, commission, two datas):
  ``tradeanalyzer_expected.py``, recorded from upstream (see its docstring).
* Differential tests against the oracle on seeded random order sequences (also
  checking Transactions, PositionsValue and GrossLeverage on the same fills).
"""
from __future__ import annotations

import pytest

import backtrader as bt

from ancheck import TRADE_LITERAL_RUNS, TRADE_SCENARIOS, flatten, run_trades, trade_literals
from tradeanalyzer_expected import EXPECTED


@pytest.fixture(scope='module')
def ours():
    return trade_literals(bt)


@pytest.mark.parametrize('name', list(TRADE_LITERAL_RUNS))
def test_tree_literal(ours, name):
    tree, sqn = ours[name]
    exp_tree, exp_sqn = EXPECTED[name]
    assert [k for k, _, _ in tree] == [k for k, _, _ in exp_tree], 'key set / order'
    assert tree == exp_tree
    assert sqn == exp_sqn


def test_no_trades_only_total():
    strat = run_trades(bt, [])
    ta = strat.analyzers.tradeanalyzer.get_analysis()
    assert isinstance(ta, bt.AutoOrderedDict)
    assert ta == {'total': {'total': 0}}
    # frozen at stop: missing keys raise instead of growing the tree
    with pytest.raises(KeyError):
        ta.won
    with pytest.raises(KeyError):
        ta.total.open


def test_quirks_of_length_minimums(ours):
    tree = dict((k, v) for k, v, _ in ours['one_win'][0])
    # no loser: len.lost has no 'min' while the per-side minimums start at MAXINT
    assert 'len.lost.min' not in tree
    assert tree['len.long.lost.min'] == repr(bt.MAXINT)
    zero = dict((k, v) for k, v, _ in ours['zero_only'][0])
    # a single zero-length (won) trade: len.min 0, len.won.min absent, long min MAXINT
    assert zero['len.min'] == '0'
    assert 'len.won.min' not in zero
    assert zero['len.long.min'] == repr(bt.MAXINT)


@pytest.mark.parametrize('runonce', [True, False])
def test_modes_agree(runonce):
    ref = flatten(run_trades(bt, TRADE_SCENARIOS['mix'], runonce=True)
                  .analyzers.tradeanalyzer.get_analysis())
    got = flatten(run_trades(bt, TRADE_SCENARIOS['mix'], runonce=runonce)
                  .analyzers.tradeanalyzer.get_analysis())
    assert got == ref


# -- differential against the oracle -----------------------------------------------------------
FUZZ_SCRIPT = '''
import random
import backtrader as bt
seed, tradeids = {seed}, {tradeids!r}
rng = random.Random(seed)
ndatas = rng.choice([1, 2])
comm = rng.choice([0.0, 0.001, 'fut'])
prob = rng.choice([0.05, 0.15, 0.4])
acts = {{}}
for bar in range(1, 256):
    for di in range(ndatas):
        if rng.random() < prob:
            acts.setdefault(bar, []).append((rng.choice(['buy', 'sell', 'close', 'close', 'buysell']),
                                             rng.randint(1, 3), rng.choice(tradeids), di))

class St(bt.Strategy):
    def next(self):
        for act, size, tid, di in acts.get(len(self), []):
            d = self.datas[di]
            if act == 'buy': self.buy(data=d, size=size, tradeid=tid)
            elif act == 'sell': self.sell(data=d, size=size, tradeid=tid)
            elif act == 'buysell':
                self.buy(data=d, size=size, tradeid=tid); self.sell(data=d, size=size, tradeid=tid)
            else: self.close(data=d, tradeid=tid)
        if len(self) in (60, 130, 200):
            # mid-run view of the analysis
            print('bar', len(self), dump(self.analyzers.tradeanalyzer.get_analysis()))

def dump(o):
    return repr([(k, dump(v) if isinstance(v, dict) else (repr(v), type(v).__name__))
                 for k, v in o.items()])

for runonce in (True, False):
    cer = bt.Cerebro(stdstats=False, runonce=runonce)
    for f in ['2006-day-001.txt', '2006-day-002.txt'][:ndatas]:
        cer.adddata(bt.feeds.BacktraderCSVData(dataname={datas!r} + '/' + f))
    cer.broker.setcash(1e6)
    if comm == 'fut': cer.broker.setcommission(commission=2.0, mult=10.0, margin=1000.0)
    elif comm: cer.broker.setcommission(commission=comm)
    cer.addstrategy(St)
    cer.addanalyzer(bt.analyzers.TradeAnalyzer)
    cer.addanalyzer(bt.analyzers.SQN)
    # order-driven analyzers see the same random fills
    cer.addanalyzer(bt.analyzers.Transactions)
    cer.addanalyzer(bt.analyzers.PositionsValue, cash=True)
    cer.addanalyzer(bt.analyzers.GrossLeverage)
    r = cer.run()[0]
    print('===== runonce', runonce)
    print(type(r.analyzers.tradeanalyzer.get_analysis()).__name__)
    print(dump(r.analyzers.tradeanalyzer.get_analysis()))
    print(repr(r.analyzers.sqn.get_analysis()))
    print(repr(r.analyzers.transactions.get_analysis()))
    print(repr(r.analyzers.positionsvalue.get_analysis()))
    print(repr(r.analyzers.grossleverage.get_analysis()))
'''


def _fuzz(seed, tradeids):
    from ancheck import DATAS
    return FUZZ_SCRIPT.format(seed=seed, tradeids=tradeids, datas=str(DATAS))


@pytest.mark.oracle
@pytest.mark.parametrize('seed', range(1, 13))
def test_random_orders_match_upstream(seed, run_oracle, run_ours):
    script = _fuzz(seed, [0])
    upstream = run_oracle(script)
    assert run_ours(script) == upstream
    assert '=====' in upstream


@pytest.mark.oracle
@pytest.mark.parametrize('seed', [1, 3, 5])
def test_trade_opened_by_closing_part(seed, run_oracle, run_ours):
    # several tradeids on one data: a trade of one tradeid is opened by the part of an
    # execution that closes the position (a case the engine once failed to notify)
    script = _fuzz(seed, [0, 0, 1, 2])
    upstream = run_oracle(script)
    assert run_ours(script) == upstream
    assert '=====' in upstream


_MIDRUN_SCRIPT = '''
import backtrader as bt

class S(bt.Strategy):
    def next(self):
        n = len(self)
        if n in (3, 9):
            self.buy(size=2)
        elif n in (6, 12):
            self.close()
        ta = self.analyzers.ta.get_analysis()
        print(n, sorted(ta.keys()), dict(ta.total), ta.get('pnl', {}).get('net', {}).get('total'))

c = bt.Cerebro(stdstats=False)
c.adddata(bt.feeds.BacktraderCSVData(dataname=%r, todate=__import__('datetime').datetime(2006, 1, 25)))
c.addstrategy(S)
c.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
c.run()
'''


@pytest.mark.oracle
def test_tree_read_while_trades_open_and_close(run_oracle, run_ours):
    # the counts of opened trades are written into the tree when it is read:
    # a read on every bar shows what upstream's tree holds at that bar
    from conftest import DATAS
    data = str(DATAS / '2006-day-001.txt')
    script = _MIDRUN_SCRIPT % data
    upstream = run_oracle(script)
    assert "'open': 1" in upstream and "'closed': 2" in upstream
    assert run_ours(script) == upstream
