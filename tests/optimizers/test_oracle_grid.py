"""Must-show 1: a grid study over the reference strategy (../shared/bench/smacross.py)
gives, for every combination, the final value and trades that upstream's
``optstrategy`` gives (run by the oracle); and ``optstrategy`` itself, now on
the study engine's process executor, prints what upstream prints."""
from __future__ import annotations

import subprocess
import sys

import pytest

import backtrader as bt
from backtrader.optimizers import GridSearchOptimizer, ParamSpace

from optfixtures import BENCH

FAST = [3, 5, 8, 10, 15, 20]
SLOW = [20, 30, 40, 50, 60]

SCRIPT = r'''
import sys
sys.path.insert(0, %(bench)r)
import backtrader as bt
from smacross import SmaCross

class FinalValue(bt.Analyzer):
    def stop(self):
        self.rets['value'] = self.strategy.broker.getvalue()

def main():
    c = bt.Cerebro(maxcpus=%(maxcpus)d)
    c.adddata(bt.feeds.GenericCSVData(dataname=%(data)r, dtformat='%%Y-%%m-%%d %%H:%%M:%%S',
        timeframe=bt.TimeFrame.Minutes, datetime=0, open=1, high=2, low=3, close=4,
        volume=5, openinterest=6))
    c.broker.setcash(100000)
    c.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    c.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    c.addanalyzer(FinalValue, _name='fv')
    c.optstrategy(SmaCross, fast=%(fast)r, slow=%(slow)r)
    for (r,) in c.run():
        ta = r.analyzers.ta.get_analysis()
        print('%%d %%d %%.6f %%s %%s %%.6f' %% (r.p.fast, r.p.slow,
              r.analyzers.fv.get_analysis()['value'], ta.get('total', {}).get('closed', 0),
              ta.get('total', {}).get('total', 0), r.analyzers.dd.get_analysis()['max']['drawdown']))

if __name__ == '__main__':
    main()
'''


@pytest.fixture(scope='module')
def bars(tmp_path_factory):
    path = tmp_path_factory.mktemp('bars') / 'bars3k.csv'
    subprocess.run([sys.executable, str(BENCH / 'gen_bars.py'), '3000', str(path)], check=True)
    return str(path)


_CACHE: dict = {}


def _oracle(run_oracle, bars) -> str:
    if 'out' not in _CACHE:
        _CACHE['out'] = run_oracle(SCRIPT % dict(bench=str(BENCH), data=bars, maxcpus=2,
                                                 fast=FAST, slow=SLOW))
    return _CACHE['out']


def _factory(path):
    def make():
        c = bt.Cerebro()
        c.adddata(bt.feeds.GenericCSVData(
            dataname=path, dtformat='%Y-%m-%d %H:%M:%S', timeframe=bt.TimeFrame.Minutes,
            datetime=0, open=1, high=2, low=3, close=4, volume=5, openinterest=6))
        c.broker.setcash(100000)
        c.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
        sys.path.insert(0, str(BENCH))
        from smacross import SmaCross
        c.addstrategy(SmaCross)
        return c
    return make


@pytest.mark.oracle
def test_grid_study_equals_upstream_optstrategy(run_oracle, bars):
    expected = {}
    for line in _oracle(run_oracle, bars).split('\n'):
        if line.strip():
            f, s, value, closed, total, maxdd = line.split()
            expected[(int(f), int(s))] = (value, int(closed), int(total), maxdd)
    assert len(expected) == len(FAST) * len(SLOW)
    res = GridSearchOptimizer(_factory(bars), objective='final_value', n_jobs=2,
                              progress=False, quiet=True).optimize(
        ParamSpace(fast=FAST, slow=SLOW))
    got = {}
    for rec in res.all_results:
        m = rec.metrics
        got[(rec.params['fast'], rec.params['slow'])] = (
            '%.6f' % m['final_value'], m['trades'], int(m['ta.total.total']),
            '%.6f' % m['max_drawdown_pct'])
        assert rec.status == 'complete'
        assert m['trades'] + m['open_trades'] == m['ta.total.total']
    assert got == expected
    best = max(expected.items(), key=lambda kv: float(kv[1][0]))
    assert (res.best_params['fast'], res.best_params['slow']) == best[0]


@pytest.mark.oracle
def test_optstrategy_output_identical_on_the_engine(run_oracle, run_ours, bars):
    upstream = _oracle(run_oracle, bars)
    for maxcpus in (2, 1):
        ours = run_ours(SCRIPT % dict(bench=str(BENCH), data=bars, maxcpus=maxcpus,
                                      fast=FAST, slow=SLOW))
        assert ours == upstream, maxcpus
