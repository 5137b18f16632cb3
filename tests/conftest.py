"""Shared test configuration.

* Puts the repository root first on ``sys.path`` so ``import backtrader`` is this
  project, not an installed upstream.
* ``@pytest.mark.oracle``: tests that run upstream backtrader 1.9.78.123 as a black
  box from ``<repo>/.oracle``. When ``.oracle`` is missing, the test session
  installs it there first (``pip install --target .oracle``; one process does it,
  the others wait on a file lock). If that fails (no network...), or with
  ``BACKTRADER_TEST_ORACLE=0``, ``run_oracle`` skips those tests at once with the
  reason.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ORACLE = REPO / '.oracle'
ORACLE_REQUIREMENT = 'backtrader==1.9.78.123'
DATAS = REPO.parent / 'shared' / 'datas'

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# why the oracle is missing (None while it is there); set once per process
_ORACLE_MISSING: 'str | None' = None
_ORACLE_NOTE = ''


def oracle_present() -> bool:
    return (ORACLE / 'backtrader').is_dir()


def _lock(path: Path):
    """An exclusive lock on ``path`` held until the returned file is closed
    (no-op where ``fcntl`` is unavailable)."""
    handle = open(path, 'a+')
    try:
        import fcntl
    except ImportError:               # pragma: no cover (not POSIX)
        return handle
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    return handle


def _install_oracle() -> str:
    """Install upstream into ``.oracle`` unless present; '' on success, else why not.

    pip installs into a scratch folder renamed into place at the end, so a run
    interrupted half-way never leaves a broken ``.oracle`` behind."""
    if os.environ.get('BACKTRADER_TEST_ORACLE', '1').strip().lower() in ('0', 'no', 'off'):
        return 'BACKTRADER_TEST_ORACLE=0: oracle tests are off'
    with _lock(REPO / '.oracle.lock'):
        if oracle_present():
            return ''
        scratch = Path(tempfile.mkdtemp(prefix='.oracle-', dir=REPO))
        try:
            proc = subprocess.run(
                [sys.executable, '-m', 'pip', 'install', '--quiet', '--no-deps',
                 '--disable-pip-version-check', '--no-input', '--retries', '1',
                 '--timeout', '20', '--target', str(scratch), ORACLE_REQUIREMENT],
                capture_output=True, text=True, timeout=600)
            if proc.returncode != 0 or not (scratch / 'backtrader').is_dir():
                lines = (proc.stderr or proc.stdout).strip().splitlines()
                return 'could not install %s into .oracle (%s)' % (
                    ORACLE_REQUIREMENT, lines[-1] if lines else 'pip exit %d' % proc.returncode)
            if ORACLE.is_symlink() or ORACLE.exists():
                _remove(ORACLE)
            scratch.rename(ORACLE)
            return ''
        except (OSError, subprocess.SubprocessError) as exc:
            return 'could not install %s into .oracle (%s)' % (ORACLE_REQUIREMENT, exc)
        finally:
            if scratch.exists():
                _remove(scratch)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def pytest_configure(config):
    global _ORACLE_MISSING, _ORACLE_NOTE
    config.addinivalue_line(
        'markers', 'oracle: needs upstream backtrader installed in <repo>/.oracle')
    if oracle_present():
        return
    workerinput = getattr(config, 'workerinput', None)
    if workerinput is not None and 'bt_oracle_missing' in workerinput:
        # an xdist worker: the controller tried before starting the workers
        _ORACLE_MISSING = workerinput['bt_oracle_missing'] or None
        return
    # a plain run or the xdist controller (a concurrent session waits on the
    # lock and finds the oracle installed)
    start = time.monotonic()
    _ORACLE_MISSING = _install_oracle() or None
    if _ORACLE_MISSING is None:
        _ORACLE_NOTE = 'installed %s into .oracle for the oracle tests (%.0f s)' % (
            ORACLE_REQUIREMENT, time.monotonic() - start)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist: tell each worker what the controller found (no second install try)."""
    node.workerinput['bt_oracle_missing'] = _ORACLE_MISSING or ''


def pytest_terminal_summary(terminalreporter):
    if _ORACLE_MISSING is not None:
        terminalreporter.write_line('oracle tests skipped: %s' % _ORACLE_MISSING)
    elif _ORACLE_NOTE:
        terminalreporter.write_line(_ORACLE_NOTE)


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


def sections(output: str) -> dict:
    """{case header: [lines]} of a script's output (headers start '== ')."""
    out, current = {}, None
    for line in output.splitlines():
        if line.startswith('== '):
            current = out.setdefault(line, [])
        elif current is not None:
            current.append(line)
    return out


def printed_lines(script_text: str, **names) -> list:
    """The lines ``script_text`` prints, run in this process with ``names`` as
    its globals (the tests comparing a script's output with upstream's,
    recorded under ``PYTHONPATH=.oracle``)."""
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script_text, '<script>', 'exec'), dict(names))
    return out.getvalue().rstrip('\n').splitlines()


def run_oracle(script_text: str, timeout: float = 300) -> str:
    """stdout of ``script_text`` run by upstream (skips when .oracle is missing)."""
    if not oracle_present():
        pytest.skip('upstream oracle not in .oracle: %s' % (_ORACLE_MISSING or 'not installed'))
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
