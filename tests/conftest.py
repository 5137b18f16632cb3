"""Shared test configuration.

* Puts the repository root first on ``sys.path`` so ``import backtrader`` is this
  project, not an installed upstream.
* ``@pytest.mark.oracle``: tests that run upstream (installed in ``<repo>/.oracle``)
  as a black box; ``run_oracle``/``run_ours`` skip the test when it is absent.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ORACLE = REPO / '.oracle'
DATAS = REPO.parent / 'shared' / 'datas'

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'oracle: needs upstream backtrader installed in <repo>/.oracle')


def _run(script_text: str, pythonpath: Path, timeout: float) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / 'script.py'
        script.write_text(script_text)
        # entries of the caller's PYTHONPATH (optional packages kept outside
        # site-packages) come after the project or oracle under test
        path = os.pathsep.join(p for p in (str(pythonpath), os.environ.get('PYTHONPATH'))
                               if p)
        env = dict(os.environ, PYTHONPATH=path, PYTHONHASHSEED='0')
        proc = subprocess.run([sys.executable, str(script)], cwd=tmp, env=env,
                              capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError('script failed (PYTHONPATH=%s):\n%s' % (pythonpath, proc.stderr))
    return proc.stdout


def run_oracle(script_text: str, timeout: float = 300) -> str:
    """stdout of ``script_text`` run by upstream (skips when .oracle is missing)."""
    if not (ORACLE / 'backtrader').is_dir():
        pytest.skip('upstream oracle not installed in %s' % ORACLE)
    return _run(script_text, ORACLE, timeout)


def run_ours(script_text: str, timeout: float = 300) -> str:
    """stdout of ``script_text`` run in a fresh process against this project."""
    return _run(script_text, REPO, timeout)


@pytest.fixture(name='run_oracle')
def _run_oracle_fixture():
    return run_oracle


@pytest.fixture(name='run_ours')
def _run_ours_fixture():
    return run_ours
