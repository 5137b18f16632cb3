"""Oracle outputs cached on disk (under ``.pytest_cache``), keyed by the
script text: a heavy differential module pays for the upstream run once per
checkout, later runs only run this project. Delete the folder to refresh."""
from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import _run, sections

REPO = Path(__file__).resolve().parents[2]
ORACLE = REPO / '.oracle'
CACHE = REPO / '.pytest_cache' / 'oracle-outputs'


def oracle_and_ours(script_text: str, timeout: float = 600) -> tuple:
    """(upstream's stdout, ours) for one script; upstream's comes from the
    disk cache when present. The two runs go in parallel."""
    if not (ORACLE / 'backtrader').is_dir():
        pytest.skip('upstream oracle not installed in %s' % ORACLE)
    key = hashlib.sha256(script_text.encode()).hexdigest()[:24]
    cached = CACHE / (key + '.txt')
    with ThreadPoolExecutor(2) as pool:
        ours = pool.submit(_run, script_text, REPO, timeout)
        if cached.is_file():
            oracle = cached.read_text()
        else:
            oracle = pool.submit(_run, script_text, ORACLE, timeout).result()
            CACHE.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix('.tmp')
            tmp.write_text(oracle)
            tmp.replace(cached)
        return oracle, ours.result()


def outputs_of(scripts: dict, timeout: float = 900) -> dict:
    """``{name: (upstream, ours)}`` for several scripts, all run at once."""
    with ThreadPoolExecutor(len(scripts) or 1) as pool:
        futures = {name: pool.submit(oracle_and_ours, text, timeout)
                   for name, text in scripts.items()}
        return {name: f.result() for name, f in futures.items()}


def assert_same(oracle: str, ours: str, skip=()) -> int:
    """Every case of upstream's output equals ours line for line (cases
    upstream fails on only need to fail or run in ours; ``skip`` lists
    header substrings of documented divergences). Returns the cases
    compared."""
    expected, got = sections(oracle), sections(ours)
    assert list(got) == list(expected)
    compared = 0
    for header, lines in expected.items():
        if any(s in header for s in skip):
            continue
        if any(line.startswith('ERROR') for line in lines):
            continue
        mine = got[header]
        for i, (a, b) in enumerate(zip(lines, mine)):
            assert a == b, '%s, line %d:\n upstream: %s\n ours:     %s' % (header, i, a, b)
        assert len(lines) == len(mine), '%s: %d lines upstream, %d ours' % (
            header, len(lines), len(mine))
        compared += 1
    return compared
