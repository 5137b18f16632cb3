"""Legacy scripts must not tell us from upstream: behaviours compared section by
section with the oracle (``dropin_script.py`` run once per side per module).

* quicknotify (runonce and next, with cheat-on-open): each order notification
  once, in the broker step (the strategy still at the previous bar), its trades
  right after it, analyzers too; observers still see them.
* exactbars 0/1/-1/-2 with Close orders filled from the previous bar's close
  (intraday data around the session end, and daily data with orders from
  next_open under cheat-on-open), with a filler that prints what it is shown.
* cheat-on-open: in next_open, indicators and line operations still hold the
  previous bar's values (runonce, next, with and without preload, exactbars).
* indicators created in Analyzer.start() are computed; the writer lists them.
* optstrategy with analyzers, maxcpus 1 and 2, optreturn True and False: per-run
  results (including the broker's value in stop()) and the returned objects.
"""
from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATAS, ORACLE, REPO

SCRIPT = Path(__file__).resolve().parent / 'dropin_script.py'
SECTIONS = ('quicknotify', 'exactbars_close', 'cheat_on_open', 'analyzer_start',
            'optimisation')


@functools.lru_cache(maxsize=None)
def _sections(pythonpath: Path) -> dict:
    """``{section: output lines}`` of one run of the script."""
    env = dict(os.environ, PYTHONPATH=str(pythonpath), PYTHONHASHSEED='0')
    proc = subprocess.run([sys.executable, str(SCRIPT), str(DATAS)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    out: dict = {}
    current = None
    for line in proc.stdout.splitlines():
        if line.startswith('@@ '):
            current = out.setdefault(line[3:], [])
        elif current is not None:
            current.append(line)
    return out


@pytest.mark.oracle
@pytest.mark.parametrize('section', SECTIONS)
def test_behaviour_matches_upstream(section):
    if not (ORACLE / 'backtrader').is_dir():
        pytest.skip('upstream oracle not installed in %s' % ORACLE)
    upstream = _sections(ORACLE)[section]
    ours = _sections(REPO)[section]
    assert len(upstream) > 10 and not any(line.startswith('EXC') for line in upstream)
    for i, (a, b) in enumerate(zip(upstream, ours)):
        assert a == b, 'line %d of %s:\nupstream: %s\nours:     %s' % (i, section, a, b)
    assert len(upstream) == len(ours)
