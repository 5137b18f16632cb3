"""Every ```python block of docs/optimizers.md and of the optimisation section of
MIGRATION.md runs as a script (```py blocks are fragments and are not run)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _blocks(path: Path, section: str = None) -> list:
    text = path.read_text()
    if section is not None:
        start = text.index(section)
        nxt = re.search(r'^## ', text[start + len(section):], re.M)
        text = text[start:start + len(section) + (nxt.start() if nxt else len(text))]
    return re.findall(r'^```python\n(.*?)^```', text, re.S | re.M)


BLOCKS = [('optimizers.md', i, b) for i, b in enumerate(_blocks(REPO / 'docs' / 'optimizers.md'))]
BLOCKS += [('MIGRATION.md', i, b) for i, b in enumerate(
    _blocks(REPO / 'MIGRATION.md', '### `backtrader.optimizers`'))]


def test_there_are_runnable_examples():
    assert sum(1 for f, _, _ in BLOCKS if f == 'optimizers.md') >= 3
    assert any(f == 'MIGRATION.md' for f, _, _ in BLOCKS)


@pytest.mark.parametrize('name, index, code', BLOCKS, ids=['%s-%d' % b[:2] for b in BLOCKS])
def test_example_runs(tmp_path, name, index, code):
    script = tmp_path / 'example.py'
    script.write_text(code)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip(), 'the example printed nothing'
