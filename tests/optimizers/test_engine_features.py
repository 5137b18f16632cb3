"""Shared indicator results across trials, the progress/callback interface,
the metrics dict, and ParamOptimizer."""
from __future__ import annotations

import logging

import numpy as np
import pytest

import backtrader as bt
from backtrader.lines.oncecache import OnceCache, shared_indicators
from backtrader.optimizers import (METRIC_NAMES, GridSearchOptimizer, ParamOptimizer,
                                   ParamSpace, StrategyWorkload, compute_metrics)

from optfixtures import SmaCross, sample_data, sma_factory, target_factory

QUIET = dict(progress=False, quiet=True)


class Mixed(bt.Strategy):
    """Library indicators (shared) next to a user indicator (never shared)."""

    params = dict(fast=5, slow=20)

    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.EMA(period=self.p.fast),
                                      bt.ind.SMA(period=self.p.slow))
        self.rsi = bt.ind.RSI(period=14)
        self.mine = MyInd(period=self.p.slow)

    def next(self):
        if not self.position and self.cross > 0 and self.rsi < 70:
            self.buy(size=10)
        elif self.position and (self.cross < 0 or self.mine[0] < 0):
            self.close()


class MyInd(bt.Indicator):
    lines = ('v',)
    params = dict(period=10)

    def __init__(self):
        self.lines.v = self.data.close - bt.ind.SMA(period=self.p.period)


def mixed_factory():
    c = bt.Cerebro()
    c.adddata(sample_data())
    c.addstrategy(Mixed)
    return c


def test_shared_indicators_change_nothing_and_are_reused():
    space = ParamSpace(fast=[3, 5, 8], slow=[15, 25])
    runs = {}
    for share in (True, False):
        res = GridSearchOptimizer(mixed_factory, objective='final_value',
                                  share_indicators=share, **QUIET).optimize(space)
        runs[share] = [(r.params, r.metrics) for r in res.all_results]
    assert runs[True] == runs[False]
    wl = StrategyWorkload(mixed_factory)
    for p in space.grid():
        wl.run(p)
    # stored on their second computation: EMA(fast) and SMA(slow) (also the one
    # inside the user's indicator), RSI; a crossover of one pair of periods never
    # repeats and is never stored; the user's indicator is never shared
    assert wl._cache.hits >= 6
    classes = {k[0].__name__ for k in wl._cache._entries}
    assert classes == {'EMA', 'SMA', 'RSI'}


def test_once_cache_evicts_never_reused_entries_first():
    c = bt.Cerebro()
    data = sample_data()
    c.adddata(data)
    c.addstrategy(SmaCross)
    predata = c._runs_begin()
    assert predata
    cache = OnceCache(c.datas, max_bytes=60_000)       # room for a few arrays only
    with shared_indicators(c.datas, cache):
        for fast in (3, 3, 4, 5, 6, 7):
            c._runs_one([(SmaCross, (), dict(fast=fast, slow=20))], True)
    assert cache.nbytes <= cache.max_bytes
    assert any(k[1] == (20,) for k in cache._entries)   # SMA(20), reused every run, kept
    c._runs_end(predata)


def test_callback_progress_and_logging(caplog):
    seen = []
    opt = GridSearchOptimizer(target_factory, objective='final_value', progress=False,
                              callback=lambda params, score, metrics: seen.append(
                                  (params, score, metrics['trades'])))
    with caplog.at_level(logging.INFO, logger='backtrader.optimizers'):
        res = opt.optimize(ParamSpace(x=[1, 17], y=[8, 9]))
    # one call per trial, as each finishes (in completion order with two workers)
    assert sorted(tuple(s[0].items()) for s in seen) == sorted(
        tuple(r.params.items()) for r in res.all_results)
    assert all(s[2] == 0 for s in seen)          # one buy, never closed
    prog = opt.get_progress()
    assert prog['completed'] == prog['total'] == 4 and prog['running'] == 0
    assert prog['best_params'] == {'x': 17, 'y': 8} and prog['trials_per_sec'] > 0
    assert any('study finished: 4 trials' in r.getMessage() for r in caplog.records)


def test_callback_returning_false_stops_the_study():
    for n_jobs, most in ((1, 1), (2, 2)):       # trials already running still finish
        res = GridSearchOptimizer(target_factory, objective='final_value', n_jobs=n_jobs,
                                  callback=lambda *a: False, **QUIET).optimize(
            ParamSpace(x=[1, 2, 3], y=[1, 2]))
        assert 1 <= res.total_runs <= most and res.study.meta['status'] == 'stopped'


def test_progress_bar_writes_to_stderr(capsys):
    GridSearchOptimizer(target_factory, objective='final_value').optimize(
        ParamSpace(x=[1, 17], y=[8]))
    err = capsys.readouterr().err
    assert '2/2' in err and 'best final_value=' in err and 'trial/s' in err


def test_metrics_dict_is_complete_and_consistent():
    c = sma_factory()
    c.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    c.addanalyzer(bt.analyzers.SQN, _name='sqn')
    wl = StrategyWorkload(lambda: c)
    m = wl.run({'fast': 3, 'slow': 15})['metrics']
    for name in METRIC_NAMES + ('sharpe',):
        assert name in m
    assert m['trades'] == m['ta.total.closed'] == m['wins'] + m['losses']
    assert m['wins'] == m['ta.won.total']
    assert m['gross_profit'] == pytest.approx(m['ta.won.pnl.total'])
    assert m['gross_loss'] == pytest.approx(-m['ta.lost.pnl.total'])
    assert m['sqn'] == pytest.approx(m['sqn.sqn'])
    assert m['final_value'] == pytest.approx(m['initial_value'] * (1 + m['total_return']))
    assert 0 < m['exposure'] < 1 and m['sharpe'] == m['sharpe_ratio']


def test_compute_metrics_by_hand():
    values = np.array([100.0, 110.0, 99.0, 121.0])
    m = compute_metrics(values, 100.0, np.array([10.0, -5.0, 20.0]), 2, 0, 365.25)
    assert m['total_return'] == pytest.approx(0.21) and m['cagr'] == pytest.approx(0.21)
    assert m['max_drawdown_pct'] == pytest.approx(10.0) and m['max_drawdown_len'] == 1
    assert m['profit_factor'] == pytest.approx(6.0) and m['win_rate'] == pytest.approx(2 / 3)
    assert m['avg_trade'] == pytest.approx(25 / 3) and m['exposure'] == 0.5
    rets = np.array([0.0, 0.1, -0.1, 121.0 / 99.0 - 1])
    assert m['sharpe_ratio'] == pytest.approx(rets.mean() / rets.std(ddof=1) * 2.0)
    assert m['calmar'] == pytest.approx(0.21 / 0.10)
    assert m['expectancy'] == pytest.approx((2 / 3 * 15 - 1 / 3 * 5) / 5)


def test_param_optimizer_run_cache_and_sequential():
    calls = []
    po = ParamOptimizer(sma_factory, {'fast': [3, 5], 'slow': [15, 25]}, metric='sharpe',
                        max_workers=2)
    res = po.run(progress_callback=lambda done, total, params, score: calls.append(
        (done, total)))
    assert res.total_runs == 4 and calls[-1] == (4, 4)
    assert res.metric_name == 'sharpe_ratio' and res.best_metric == res.best_score
    assert res.get_best().params == res.best_params
    seq = ParamOptimizer(sma_factory, {'fast': [3, 5], 'slow': [15, 25]},
                         metric='sharpe').run_sequential()
    assert [(r.params, r.score) for r in seq.results] == \
        [(r.params, r.score) for r in res.results]
    # cache: widening the grid runs only the new combinations
    po.param_space = ParamSpace(fast=[3, 5, 8], slow=[15, 25])
    calls.clear()
    res2 = po.run(progress_callback=lambda *a: calls.append(a))
    assert res2.total_runs == 6 and len(calls) == 2


def test_once_cache_stores_on_the_second_computation():
    # a result is stored when computed a second time, then restored: the SMA(3)
    # and SMA(20) of a first run are only remembered (a grid never repeating a
    # pair costs no memory), the second run stores SMA(20), the third restores it
    c = bt.Cerebro()
    c.adddata(sample_data())
    c.addstrategy(SmaCross)
    predata = c._runs_begin()
    cache = OnceCache(c.datas)

    def sma_periods():
        return {k[1] for k in cache._entries if k[0].__name__ == 'SMA'}
    with shared_indicators(c.datas, cache):
        c._runs_one([(SmaCross, (), dict(fast=3, slow=20))], True)
        assert sma_periods() == set() and cache.hits == 0
        c._runs_one([(SmaCross, (), dict(fast=4, slow=20))], True)
        assert sma_periods() == {(20,)} and cache.hits == 0
        c._runs_one([(SmaCross, (), dict(fast=5, slow=20))], True)
        assert sma_periods() == {(20,)} and cache.hits == 1
    c._runs_end(predata)
