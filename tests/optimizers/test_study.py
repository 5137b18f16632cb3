"""The SQLite study: rows, returns, export, resume and its checks, and
must-show 2: a seeded study killed with SIGKILL midway and resumed ends with
every trial exactly once and the same trials and best as an uninterrupted one."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from backtrader.core.errors import StudyExistsError, StudyMismatchError
from backtrader.optimizers import (GridSearchOptimizer, ParamSpace, RandomSearchOptimizer,
                                   Study)

from optfixtures import REPO, sma_factory, target_factory

HERE = Path(__file__).resolve().parent
QUIET = dict(progress=False, quiet=True)


def test_rows_returns_and_exports(tmp_path):
    path = tmp_path / 's.db'
    res = GridSearchOptimizer(sma_factory, objective='total_return', study=path, n_jobs=2,
                              **QUIET).optimize(ParamSpace(fast=[3, 5], slow=[15, 25]))
    study = Study.load(str(path))
    recs = list(study.trials())
    assert [r.number for r in recs] == [0, 1, 2, 3]
    for r in recs:
        assert r.status == 'complete' and r.worker and r.finished >= r.started
        rets = study.returns(r.number)
        # the stored per-bar returns compound to the trial's total return
        assert np.prod(1.0 + rets) - 1.0 == pytest.approx(r.metrics['total_return'], abs=1e-12)
    dates = study.bar_dates()
    assert len(dates) == len(study.returns(0)) and np.all(np.diff(dates) > 0)
    meta = study.meta
    assert meta['strategy'].endswith('SmaCross') and meta['searcher']['searcher'] == 'grid'
    assert meta['space']['params']['fast'] == {'kind': 'choice', 'choices': [3, 5]}
    assert meta['status'] == 'complete' and meta['objective']['metric'] == 'total_return'
    df = res.all_results_df
    assert list(df['number']) == [0, 1, 2, 3] and 'sharpe_ratio' in df.columns
    res.to_csv(str(tmp_path / 's.csv'))
    assert (tmp_path / 's.csv').read_text().splitlines()[0].startswith('number,fast,slow,status')
    doc = json.loads(res.to_json(str(tmp_path / 's.json')))     # strict JSON (no NaN)
    assert len(doc['trials']) == 4 and doc['meta']['method'] == 'grid'
    assert res.get_best(2)[0].params == res.best_params
    with sqlite3.connect(str(path)) as conn:
        assert conn.execute('PRAGMA journal_mode').fetchone()[0] == 'wal'


def test_in_memory_study_and_all_results():
    res = GridSearchOptimizer(target_factory, objective='final_value', **QUIET).optimize(
        ParamSpace(x=[1, 17], y=[8]))
    assert res.study.path is None
    assert len(res.all_results) == 2 and res.all_results[1].params == {'x': 17, 'y': 8}
    assert res.best_metric == res.best_score == res.all_results[1].score
    assert res.metric_name == 'final_value' and res.optimization_time > 0


def test_existing_study_needs_resume_or_overwrite(tmp_path):
    path = tmp_path / 's.db'
    space = ParamSpace(x=[1, 2])
    GridSearchOptimizer(target_factory, objective='final_value', study=path,
                        **QUIET).optimize(space)
    with pytest.raises(StudyExistsError, match='resume=True'):
        GridSearchOptimizer(target_factory, objective='final_value', study=path,
                            **QUIET).optimize(space)
    res = GridSearchOptimizer(target_factory, objective='final_value', study=path,
                              overwrite=True, **QUIET).optimize(ParamSpace(x=[3]))
    assert res.total_runs == 1


@pytest.mark.parametrize('change, what', [
    (dict(space=ParamSpace(x=[1, 2, 3])), 'parameter space'),
    (dict(objective='total_return'), 'objective'),
    (dict(seed=8), 'seed'),
])
def test_resume_with_a_different_setup_is_an_error(tmp_path, change, what):
    path = tmp_path / 's.db'
    base = dict(space=ParamSpace(x=[1, 2]), objective='final_value', seed=7)
    GridSearchOptimizer(target_factory, objective=base['objective'], seed=base['seed'],
                        study=path, **QUIET).optimize(base['space'])
    base.update(change)
    with pytest.raises(StudyMismatchError, match='cannot resume .* different %s' % what):
        GridSearchOptimizer(target_factory, objective=base['objective'], seed=base['seed'],
                            study=path, resume=True, **QUIET).optimize(base['space'])


def test_resume_with_a_different_strategy_is_an_error(tmp_path):
    path = tmp_path / 's.db'
    GridSearchOptimizer(target_factory, objective='final_value', study=path,
                        **QUIET).optimize(ParamSpace(delay=[0.0]))
    with pytest.raises(StudyMismatchError, match='different strategy'):
        GridSearchOptimizer(sma_factory, objective='final_value', study=path, resume=True,
                            **QUIET).optimize(ParamSpace(fast=[3]))


def test_resume_of_a_finished_study_runs_nothing(tmp_path):
    path = tmp_path / 's.db'
    kw = dict(objective='final_value', study=path, seed=3, n_trials=6, **QUIET)
    space = ParamSpace(x=(1, 30), y=(1, 30))
    first = RandomSearchOptimizer(target_factory, **kw).optimize(space)
    calls = []
    again = RandomSearchOptimizer(target_factory, resume=True,
                                  callback=lambda *a: calls.append(a), **kw).optimize(space)
    assert calls == [] and again.total_runs == 6
    assert again.best_params == first.best_params


RUNNER = r'''
import sys
sys.path.insert(0, %(here)r)
from backtrader.optimizers import GeneticOptimizer, ParamSpace
from optfixtures import target_factory
space = ParamSpace(x=(1, 30), y=(1, 30), delay=[%(delay)r])
res = GeneticOptimizer(target_factory, objective='final_value', population_size=8,
                       generations=5, seed=11, n_jobs=2, study=%(path)r, resume=%(resume)r,
                       progress=False, quiet=True).optimize(space)
print(res.total_runs, res.best_params, res.best_score)
'''


def _runner(path: str, resume: bool, delay: float) -> list:
    script = RUNNER % dict(here=str(HERE), path=path, resume=resume, delay=delay)
    return [sys.executable, '-c', script]


def _rows(path: str) -> list:
    with sqlite3.connect(path) as conn:
        return conn.execute('SELECT number, params, status, score FROM trials ORDER BY number'
                            ).fetchall()


def test_sigkill_midway_then_resume_equals_uninterrupted(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    whole = str(tmp_path / 'whole.db')
    subprocess.run(_runner(whole, False, 0.1), env=env, check=True, timeout=300)
    expected = _rows(whole)
    assert len(expected) >= 30

    killed = str(tmp_path / 'killed.db')
    proc = subprocess.Popen(_runner(killed, False, 0.1), env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if os.path.exists(killed):
            try:
                stored = len(_rows(killed))
            except sqlite3.OperationalError:
                continue
            if stored >= 12:
                break
    os.killpg(proc.pid, signal.SIGKILL)       # the study and its workers
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    partial = _rows(killed)
    assert 12 <= len(partial) < len(expected), 'not killed midway'
    # what was stored before the kill is exactly what the uninterrupted study did
    assert partial == [row for row in expected if row[0] in {p[0] for p in partial}]

    out = subprocess.run(_runner(killed, True, 0.1), env=env, check=True, timeout=300,
                         capture_output=True, text=True).stdout
    resumed = _rows(killed)
    assert [r[0] for r in resumed] == list(range(len(expected)))     # each exactly once
    assert resumed == expected
    best = max(expected, key=lambda r: (r[3], -r[0]))
    assert out.split()[0] == str(len(expected))
    assert json.loads(best[1]) == eval(out[out.index('{'):out.index('}') + 1])
