"""The test tree has no packages (no ``__init__.py``), so pytest imports each
test file under its bare name: two files with one basename make collection fail
on a clean checkout ("import file mismatch")."""
from __future__ import annotations

import collections
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_test_file_basenames_are_unique():
    seen = collections.defaultdict(list)
    for path in TESTS.rglob('*.py'):
        if '__pycache__' not in path.parts:
            seen[path.name].append(str(path.relative_to(TESTS)))
    clashes = {name: paths for name, paths in seen.items()
               if len(paths) > 1 and name != 'conftest.py'}
    assert not clashes, clashes
