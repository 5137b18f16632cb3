"""The Dask executor (same trials as the process pool; a killed worker is
survived; resume) and the Optuna adapter (TPE, NSGA-II, CMA-ES studies in
our storage; pruned trials recorded as pruned). Skipped without the extras."""
from __future__ import annotations

import os
import signal

import pytest

from backtrader.optimizers import (GeneticOptimizer, GridSearchOptimizer, OptunaOptimizer,
                                   ParamSpace, Study)

import optfixtures as fx

SPACE = ParamSpace(fast=(3, 15, 3), slow=(20, 40, 10), constraints=['fast < slow'])


def _trials(result):
    return [(r.number, r.params, r.status, r.score) for r in result.all_results]


GENETIC = dict(objective='sharpe_ratio', population_size=4, generations=3, seed=11, quiet=True)


# ------------------------------------------------------------------------------------------
@pytest.fixture(scope='module')
def pool_result():
    # before any Dask client exists: forking a process that runs Dask's threads is unsafe
    pytest.importorskip('distributed')
    return GeneticOptimizer(fx.sma_factory, n_jobs=2, **GENETIC).optimize(SPACE)


@pytest.fixture(scope='module')
def dask_client(pool_result):
    pytest.importorskip('distributed')
    from distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster, set_as_default=False)
    yield client
    client.close()
    cluster.close()


def test_dask_gives_the_process_pools_trials(pool_result, dask_client, tmp_path):
    from backtrader.optimizers import DaskExecutor
    pool = pool_result
    dask = GeneticOptimizer(fx.sma_factory, executor=DaskExecutor(client=dask_client),
                            study=str(tmp_path / 'd.db'), **GENETIC).optimize(SPACE)
    assert _trials(dask) == _trials(pool)
    assert dask.best_params == pool.best_params
    workers = {r.worker for r in dask.all_results}
    assert all(w.startswith('dask-') for w in workers)


def test_dask_local_cluster_by_default():
    pytest.importorskip('distributed')
    res = GridSearchOptimizer(fx.sma_factory, executor='dask', n_jobs=2,
                              quiet=True).optimize(SPACE)
    serial = GridSearchOptimizer(fx.sma_factory, n_jobs=1, quiet=True).optimize(SPACE)
    assert _trials(res) == _trials(serial)


def test_dask_survives_a_killed_worker(dask_client, tmp_path):
    from backtrader.optimizers import DaskExecutor
    pids = dask_client.run(os.getpid)
    killed = []

    def kill_one(params, score, metrics):
        if not killed:        # SIGKILL a worker process of our cluster while trials run
            pid = sorted(pids.values())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    opt = GridSearchOptimizer(fx.target_factory, objective='final_value', quiet=True,
                              executor=DaskExecutor(client=dask_client), callback=kill_one,
                              study=str(tmp_path / 'k.db'))
    space = ParamSpace(x=[15, 16, 17, 18, 19], y=[7, 8], delay=[0.3])
    res = opt.optimize(space)
    assert killed
    assert res.counts == {'complete': 10, 'feasible': 10}
    assert res.best_params == {'x': fx.X0, 'y': fx.Y0, 'delay': 0.3}
    dask_client.wait_for_workers(2, timeout=60)       # the nanny replaced it


def test_dask_storage_and_resume(dask_client, tmp_path):
    from backtrader.optimizers import DaskExecutor
    path = str(tmp_path / 'r.db')
    done = []

    def stop_after_three(params, score, metrics):
        done.append(params)
        return len(done) < 3

    kw = dict(objective='sharpe_ratio', population_size=4, generations=3, seed=5, quiet=True)
    first = GeneticOptimizer(fx.sma_factory, executor=DaskExecutor(client=dask_client),
                             study=path, callback=stop_after_three, **kw).optimize(SPACE)
    assert first.interrupted and 3 <= first.total_runs < 12
    stored = Study.load(path).n_trials
    rest = GeneticOptimizer(fx.sma_factory, executor=DaskExecutor(client=dask_client),
                            study=path, resume=True, **kw).optimize(SPACE)
    whole = GeneticOptimizer(fx.sma_factory, n_jobs=1, **kw).optimize(SPACE)
    assert _trials(rest) == _trials(whole)
    assert rest.total_runs > stored


# ------------------------------------------------------------------------------------------
def test_optuna_tpe_lands_in_our_storage(tmp_path):
    pytest.importorskip('optuna')
    path = str(tmp_path / 'tpe.db')
    opt = OptunaOptimizer(fx.sma_factory, sampler='tpe', n_trials=10, seed=2, n_jobs=1,
                          quiet=True, study=path)
    res = opt.optimize(ParamSpace(fast=(3, 20), slow=(20, 60), constraints=['fast < slow']))
    study = Study.load(path)
    assert study.n_trials == 10 == res.total_runs
    assert study.get_meta('method') == 'optuna'
    assert study.get_meta('searcher')['sampler'] == 'tpe'
    recs = list(study.trials())
    assert all(r.status == 'complete' and r.params['fast'] < r.params['slow'] for r in recs)
    assert len({(r.params['fast'], r.params['slow']) for r in recs}) == 10
    assert res.best_score == max(r.score for r in recs if r.feasible)
    assert len(study.returns(res.best_trial.number)) == res.best_metrics['bars']
    # seeded: the same proposals again; and a resumed study runs nothing new
    again = OptunaOptimizer(fx.sma_factory, sampler='tpe', n_trials=10, seed=2, n_jobs=1,
                            quiet=True).optimize(
        ParamSpace(fast=(3, 20), slow=(20, 60), constraints=['fast < slow']))
    assert _trials(again) == _trials(res)
    resumed = OptunaOptimizer(fx.sma_factory, sampler='tpe', n_trials=10, seed=2, n_jobs=1,
                              quiet=True, study=path, resume=True).optimize(
        ParamSpace(fast=(3, 20), slow=(20, 60), constraints=['fast < slow']))
    assert _trials(resumed) == _trials(res)


def test_optuna_nsga2_multi_objective(tmp_path):
    pytest.importorskip('optuna')
    path = str(tmp_path / 'nsga.db')
    opt = OptunaOptimizer(fx.sma_factory, sampler='nsga2', n_trials=12, seed=3, n_jobs=2,
                          objectives=['sharpe_ratio', 'max_drawdown_pct'],
                          sampler_kwargs=dict(population_size=4), quiet=True, study=path)
    res = opt.optimize(SPACE)
    study = Study.load(path)
    assert study.n_trials == 12
    assert study.get_meta('objective')['type'] == 'multi'
    assert all(len(r.values) == 2 for r in study.trials())
    assert res.pareto_front
    front = {r.number for r in res.pareto_front}
    for r in study.trials():
        if r.number in front or not r.feasible:
            continue
        assert any(f.values[0] >= r.values[0] and f.values[1] <= r.values[1]
                   for f in res.pareto_front)


def test_optuna_cmaes_runs():
    pytest.importorskip('optuna')
    pytest.importorskip('cmaes')
    res = OptunaOptimizer(fx.sma_factory, sampler='cmaes', n_trials=6, seed=1, n_jobs=1,
                          quiet=True).optimize(ParamSpace(fast=(3, 20), slow=(25, 60)))
    assert res.total_runs == 6 and res.best_params is not None


def test_optuna_pruned_trials_are_recorded_as_pruned(tmp_path):
    pytest.importorskip('optuna')
    import backtrader as bt
    from backtrader.sampledata import sample_path
    path = str(tmp_path / 'prune.db')
    space = ParamSpace(fast=(3, 20), slow=(20, 80), constraints=['fast < slow'])
    kw = dict(strategy=fx.SmaCross, data=bt.feeds.BacktraderCSVData(dataname=sample_path()),
              cash=100000, sampler='tpe', n_trials=14, seed=3, n_jobs=1, quiet=True,
              pruner='median', prune_every='year')
    res = OptunaOptimizer(study=path, **kw).optimize(space)
    study = Study.load(path)
    counts = study.counts()
    assert counts.get('pruned', 0) >= 3 and counts['complete'] >= 3
    assert counts['pruned'] + counts['complete'] == 14
    for r in study.trials('pruned'):
        assert not r.feasible and r.score is None
        step = r.metrics['pruned_at_step']
        assert [k for k in r.metrics if k.startswith('intermediate.')] == [
            'intermediate.%d' % i for i in range(int(step) + 1)]
        assert r.metrics['bars'] < 2520                  # stopped before the full data
    for r in study.trials('complete'):
        assert r.metrics['bars'] == 2520 and r.metrics['intermediate.0'] is not None
    # a complete trial scores as in an unpruned study
    best = res.best_trial
    plain = GridSearchOptimizer(strategy=fx.SmaCross, data=kw['data'], cash=100000, n_jobs=1,
                                quiet=True).optimize(ParamSpace(**{k: [v] for k, v in
                                                                  best.params.items()}))
    assert plain.best_score == pytest.approx(best.score)
    assert 'pruned' in res.summary() or res.counts.get('pruned')
    # resuming replays the pruned trials into optuna and proposes the same again
    resumed = OptunaOptimizer(study=path, resume=True, **kw).optimize(space)
    assert _trials(resumed) == _trials(res)
