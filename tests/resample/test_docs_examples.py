"""Every ```python block of docs/resampling.md and docs/filters.md is a
complete script: each runs (with the shared data files as ``datas/``) and
prints something."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATAS, REPO

PAGES = ('resampling.md', 'filters.md')


def _blocks():
    out = []
    for page in PAGES:
        text = (REPO / 'docs' / page).read_text()
        for i, code in enumerate(re.findall(r'```python\n(.*?)```', text, re.S)):
            out.append(pytest.param(code, id='%s-%d' % (page, i)))
    return out


@pytest.mark.parametrize('code', _blocks())
def test_doc_example_runs(code, tmp_path):
    (tmp_path / 'datas').symlink_to(DATAS)
    (tmp_path / 'example.py').write_text(code)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, 'example.py'], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
