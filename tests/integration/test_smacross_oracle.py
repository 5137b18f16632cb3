"""Must-show: ../shared/bench/smacross.py prints byte-identical stdout to upstream
in five configurations (default, next mode, next mode + exactbars=1, no preload,
optimisation over 2 processes), on a small file made by ../shared/bench/gen_bars.py."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / 'shared'
ORACLE = REPO / '.oracle'
BENCH = SHARED / 'bench'

RUNS = [
    [],
    ['--runonce', '0'],
    ['--runonce', '0', '--exactbars', '1'],
    ['--preload', '0'],
    ['--opt', '1', '--maxcpus', '2'],
]


@pytest.fixture(scope='module')
def bars_file(tmp_path_factory):
    path = tmp_path_factory.mktemp('bars') / 'bars3k.csv'
    subprocess.run([sys.executable, str(BENCH / 'gen_bars.py'), '3000', str(path)], check=True)
    return path


def _stdout(pythonpath: Path, args, datafile: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    proc = subprocess.run([sys.executable, str(BENCH / 'smacross.py'), '--data', str(datafile),
                           *args], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.oracle
@pytest.mark.parametrize('args', RUNS, ids=lambda a: ' '.join(a) or 'default')
def test_smacross_stdout_identical(args, bars_file):
    if not (ORACLE / 'backtrader').is_dir():
        pytest.skip('upstream oracle not installed')
    ours = _stdout(REPO, args, bars_file)
    upstream = _stdout(ORACLE, args, bars_file)
    assert ours == upstream
    assert ours.strip(), 'no output'


def test_smacross_modes_agree_without_oracle(bars_file):
    """Independent of the oracle: the four single-run modes print the same."""
    outs = {tuple(a): _stdout(REPO, a, bars_file) for a in RUNS[:4]}
    assert len(set(outs.values())) == 1, outs
