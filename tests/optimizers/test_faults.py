"""Must-show 3: a trial that raises, exceeds its timeout or kills its worker
(os._exit, SIGKILL) is recorded with its error, retried as configured, and
the study completes; analyzers with n_jobs=2 complete; spawn works."""
from __future__ import annotations

import time

import pytest

import backtrader as bt
from backtrader.optimizers import GridSearchOptimizer, ParamSpace

from optfixtures import faulty_factory, sma_factory, target_factory

QUIET = dict(progress=False, quiet=True, objective='final_value')


def _by_mode(res) -> dict:
    return {r.params['mode']: r for r in res.all_results}


@pytest.mark.parametrize('n_jobs', [1, 2])
def test_raising_trial_is_recorded_and_study_completes(n_jobs):
    res = GridSearchOptimizer(faulty_factory, n_jobs=n_jobs, **QUIET).optimize(
        ParamSpace(mode=['ok', 'raise'], size=[1, 2]))
    assert res.total_runs == 4
    recs = list(res.all_results)
    assert [r.status for r in recs] == ['complete', 'complete', 'failed', 'failed']
    for r in recs[2:]:
        assert 'ValueError: deliberate failure' in r.error and r.attempts == 1
        assert r.score is None and not r.feasible
    assert res.best_params == {'mode': 'ok', 'size': 2}
    assert res.counts['failed'] == 2


def test_retries_are_configurable(tmp_path):
    marker = str(tmp_path / 'marker')
    res = GridSearchOptimizer(faulty_factory, n_jobs=2, retries=1, **QUIET).optimize(
        ParamSpace(mode=['once', 'raise'], marker=[marker]))
    once, always = _by_mode(res)['once'], _by_mode(res)['raise']
    assert once.status == 'complete' and once.attempts == 2
    assert always.status == 'failed' and always.attempts == 2
    attempts = res.study.attempts()
    assert [(a['trial'], a['attempt'], a['status']) for a in attempts] == \
        [(0, 1, 'error'), (1, 1, 'error'), (1, 2, 'error')]
    assert 'first attempt fails' in attempts[0]['error']


def test_trial_timeout_stops_the_trial():
    t0 = time.monotonic()
    res = GridSearchOptimizer(faulty_factory, n_jobs=2, trial_timeout=1.5, retries=1,
                              **QUIET).optimize(ParamSpace(mode=['hang', 'ok', 'ok2']))
    assert time.monotonic() - t0 < 30
    recs = _by_mode(res)
    assert recs['hang'].status == 'timeout' and recs['hang'].attempts == 2
    assert 'TrialTimeout' in recs['hang'].error and '1.5s' in recs['hang'].error
    assert recs['ok'].status == 'complete' and recs['ok2'].status == 'complete'
    assert [a['status'] for a in res.study.attempts()] == ['timeout', 'timeout']


def test_trial_timeout_in_process():
    res = GridSearchOptimizer(faulty_factory, n_jobs=1, trial_timeout=1.0,
                              **QUIET).optimize(ParamSpace(mode=['hang', 'ok']))
    recs = _by_mode(res)
    assert recs['hang'].status == 'timeout' and recs['ok'].status == 'complete'


@pytest.mark.parametrize('mode, why', [('kill', 'SIGKILL'), ('exit', 'exited with code 3')])
def test_worker_killed_is_recorded_and_replaced(mode, why):
    res = GridSearchOptimizer(faulty_factory, n_jobs=2, retries=1, **QUIET).optimize(
        ParamSpace(mode=['ok', mode, 'ok2', 'ok3'], size=[1, 2]))
    assert res.total_runs == 8
    for r in res.all_results:
        if r.params['mode'] == mode:
            assert r.status == 'crashed' and r.attempts == 2
            assert why in r.error and 'worker running this trial died' in r.error
        else:
            assert r.status == 'complete' and r.feasible
    assert len(res.study.attempts()) == 4


def test_analyzers_with_two_jobs_complete():
    def factory():
        c = sma_factory()
        c.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
        c.addanalyzer(bt.analyzers.SharpeRatio, _name='sharpe')
        c.addanalyzer(bt.analyzers.DrawDown, _name='dd')
        c.addanalyzer(bt.analyzers.TimeReturn, _name='tr')
        c.addanalyzer(bt.analyzers.SQN, _name='sqn')
        return c
    res = GridSearchOptimizer(factory, n_jobs=2, trial_timeout=120, **QUIET).optimize(
        ParamSpace(fast=[3, 5, 8], slow=[15, 25]))
    recs = list(res.all_results)
    assert len(recs) == 6 and all(r.status == 'complete' for r in recs)
    for r in recs:
        assert r.metrics['dd.max.drawdown'] == pytest.approx(r.metrics['max_drawdown_pct'])
        assert r.metrics['sqn.trades'] == r.metrics['trades']
        assert set(r.analyzers) == {'ta', 'sharpe', 'dd', 'tr', 'sqn'}
        assert len(r.analyzers['tr']) > 100       # every bar's return, as plain data


def test_spawn_start_method():
    serial = GridSearchOptimizer(target_factory, n_jobs=1, **QUIET).optimize(
        ParamSpace(x=[1, 9, 17], y=[8, 9]))
    spawned = GridSearchOptimizer(target_factory, n_jobs=2, start_method='spawn',
                                  **QUIET).optimize(ParamSpace(x=[1, 9, 17], y=[8, 9]))
    assert [(r.params, r.score) for r in spawned.all_results] == \
        [(r.params, r.score) for r in serial.all_results]
    assert spawned.best_params == {'x': 17, 'y': 8}


def test_spawn_needs_a_picklable_setup():
    from backtrader.core.errors import OptimizationError
    with pytest.raises(OptimizationError, match='cannot be pickled'):
        GridSearchOptimizer(lambda: target_factory(), n_jobs=2, start_method='spawn',
                            **QUIET).optimize(ParamSpace(x=[1, 2]))
