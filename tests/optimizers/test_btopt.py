"""``btopt`` end to end on the bundled data, JSON and YAML configurations,
the report, errors, and ``--resume`` after the process is killed."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backtrader.optimizers import Study
from backtrader.sampledata import sample_path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def btopt(*args, **kw):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(HERE)]))
    return subprocess.run([sys.executable, '-m', 'backtrader.optimizers.cli', *map(str, args)],
                          env=env, capture_output=True, text=True, timeout=300, **kw)


def _config(tmp_path, doc, name='study.json'):
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_btopt_runs_a_study_end_to_end(tmp_path):
    cfg = _config(tmp_path, {
        'space': {'fast': {'low': 5, 'high': 15, 'step': 5}, 'slow': [30, 50]},
        'constraints': ['fast < slow'],
        'objective': {'maximize': 'sharpe_ratio',
                      'constraints': [{'metric': 'trades', 'op': '>=', 'value': 1}]},
        'cash': 100000})
    proc = btopt('optfixtures:SmaCross', '--data', sample_path(), '--config', cfg,
                 '--study', tmp_path / 's.db', '--report', tmp_path / 'r.html', '--n-jobs', 1)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    study = Study.load(str(tmp_path / 's.db'))
    assert study.n_trials == 6
    best = study.best('maximize')[0]
    assert 'best parameters: %s' % json.dumps(best.params) in out
    assert 'Deflated Sharpe Ratio' in out and 'Probability of Backtest Overfitting' in out
    assert (tmp_path / 'r.html').stat().st_size > 3_000_000
    doc = json.loads((tmp_path / 'r.json').read_text())
    assert doc['summary']['best']['params'] == best.params
    assert 'optimizing' in proc.stderr          # the progress bar


def test_yaml_and_options(tmp_path):
    pytest.importorskip('yaml')
    cfg = tmp_path / 'study.yaml'
    cfg.write_text('space:\n  fast: [5, 10]\n  slow: {low: 20, high: 40, step: 20}\n'
                   'objective: total_return\nmethod: random\nn_trials: 3\nseed: 1\n')
    proc = btopt('optfixtures:SmaCross', '--data', sample_path(), '-c', cfg, '-q',
                 '--json', tmp_path / 'r.json', '--n-jobs', 1)
    assert proc.returncode == 0, proc.stderr
    assert '3 trials' in proc.stdout and proc.stderr == ''
    assert json.loads((tmp_path / 'r.json').read_text())['summary']['method'] == 'random'


def test_errors_name_what_is_wrong(tmp_path):
    bad = btopt('optfixtures:Nope', '--data', sample_path(), '--space', '{"fast": [5]}')
    assert bad.returncode == 2 and "has no 'Nope'" in bad.stderr
    bad = btopt('optfixtures:SmaCross', '--data', tmp_path / 'missing.csv', '--space',
                '{"fast": [5]}')
    assert bad.returncode == 2 and 'missing.csv' in bad.stderr
    cfg = tmp_path / 'broken.json'
    cfg.write_text('{"space": ')
    bad = btopt('optfixtures:SmaCross', '--data', sample_path(), '-c', cfg)
    assert bad.returncode == 2 and 'broken.json' in bad.stderr and 'JSON' in bad.stderr
    bad = btopt('optfixtures:SmaCross', '--data', sample_path(), '--space', '{"fats": [5]}')
    assert bad.returncode == 2 and 'fats' in bad.stderr


def test_resume_after_a_kill(tmp_path):
    study = tmp_path / 'k.db'
    cfg = _config(tmp_path, {'space': {'x': [14, 15, 16, 17, 18, 19], 'y': [7, 8],
                                       'delay': 0.25}, 'objective': 'final_value',
                          'cash': 1e6})
    args = ['optfixtures:TargetStrategy', '--data', sample_path(), '-c', cfg, '--study',
            study, '--n-jobs', 1, '-q']
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(HERE)]))
    proc = subprocess.Popen([sys.executable, '-m', 'backtrader.optimizers.cli', *map(str, args)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline:
            if study.exists():
                try:
                    stored = Study.load(str(study)).n_trials
                except Exception:
                    stored = 0
            if stored >= 3 or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert proc.poll() is None, 'the study finished before it could be killed'
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    kept = Study.load(str(study)).n_trials
    assert 3 <= kept < 12
    done = btopt(*args, '--resume')
    assert done.returncode == 0, done.stderr
    final = Study.load(str(study))
    assert final.n_trials == 12 and final.counts()['complete'] == 12
    best = final.best('maximize')[0]
    assert 'best parameters: %s' % json.dumps(best.params) in done.stdout
