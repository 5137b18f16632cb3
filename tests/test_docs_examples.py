"""Every ```python block of the user documentation runs as written.

Pages: every Markdown file under ``docs/`` (found, not listed) and the
top-level ``README.md``, ``MIGRATION.md``, ``CONTRIBUTING.md`` and
``CHANGELOG.md``. A block fenced ```python is a complete script: it runs in a
fresh process (``PYTHONPATH`` = the repository) in an empty working folder,
where ``datas/`` holds upstream's sample data files (as beside upstream's own
samples), and must exit with status 0. Fragments that are not complete scripts
are fenced ```py and are not run.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATAS, REPO

TOP_PAGES = ('README.md', 'MIGRATION.md', 'CONTRIBUTING.md', 'CHANGELOG.md')
_OPEN = re.compile(r'^```python[ \t]*$')
_CLOSE = re.compile(r'^```[ \t]*$')
_TIMEOUT = 120


def pages() -> list:
    found = sorted((REPO / 'docs').rglob('*.md'))
    found += [REPO / name for name in TOP_PAGES if (REPO / name).is_file()]
    return found


def python_blocks(text: str) -> list:
    """(first line number, code) of every ```python block of a Markdown text."""
    blocks, start, body = [], None, []
    for number, line in enumerate(text.splitlines(), 1):
        if start is None:
            if _OPEN.match(line):
                start, body = number, []
        elif _CLOSE.match(line):
            blocks.append((start, '\n'.join(body) + '\n'))
            start = None
        else:
            body.append(line)
    if start is not None:
        raise ValueError('```python block opened at line %d is never closed' % start)
    return blocks


def _examples() -> list:
    out = []
    for page in pages():
        for line, code in python_blocks(page.read_text(encoding='utf-8')):
            out.append(pytest.param(code, id='%s:%d' % (page.relative_to(REPO), line)))
    return out


EXAMPLES = _examples()


def test_block_parser():
    text = 'x\n```python\nprint(1)\n```\n```py\nnot run\n```\n```python\na = 2\nb = 3\n```\n'
    assert python_blocks(text) == [(2, 'print(1)\n'), (8, 'a = 2\nb = 3\n')]
    with pytest.raises(ValueError):
        python_blocks('```python\nprint(1)\n')


def test_the_docs_have_examples():
    assert len(EXAMPLES) >= 5
    assert any('docs' in p.parts for p in pages())


@pytest.mark.parametrize('code', EXAMPLES)
def test_example_runs(code, tmp_path):
    script = tmp_path / 'example.py'
    script.write_text(code, encoding='utf-8')
    if DATAS.is_dir():
        (tmp_path / 'datas').symlink_to(DATAS, target_is_directory=True)
    # examples write their files (charts, reports) to the working folder or TMPDIR
    env = dict(os.environ, PYTHONPATH=str(REPO), MPLBACKEND='Agg', TMPDIR=str(tmp_path))
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=_TIMEOUT)
    assert proc.returncode == 0, 'the example failed:\n%s\n%s' % (code, proc.stderr[-3000:])
