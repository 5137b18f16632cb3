"""Every fenced ``python`` block of the plotting and results pages is a complete
script: each runs in a fresh process without a display and exits cleanly
(``py`` blocks are fragments and are not run)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAGES = ['plotting.md', 'results.md']
FENCE = re.compile(r'^```python\n(.*?)^```', re.S | re.M)


def _blocks():
    for page in PAGES:
        text = (REPO / 'docs' / page).read_text()
        for k, match in enumerate(FENCE.finditer(text)):
            yield pytest.param(match.group(1), id='%s-%d' % (page, k + 1))


@pytest.mark.parametrize('code', list(_blocks()))
def test_doc_example_runs(code, tmp_path):
    pytest.importorskip('matplotlib')
    if 'plotly' in code:
        pytest.importorskip('plotly')
    script = tmp_path / 'example.py'
    script.write_text(code)
    env = {k: v for k, v in os.environ.items() if k not in ('DISPLAY', 'MPLBACKEND')}
    env['PYTHONPATH'] = str(REPO)
    env['TMPDIR'] = str(tmp_path)       # the examples write to the temporary folder
    proc = subprocess.run([sys.executable, str(script)], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()


def test_pages_have_examples_and_pictures():
    plotting = (REPO / 'docs' / 'plotting.md').read_text()
    assert len(FENCE.findall(plotting)) >= 2
    images = re.findall(r'\]\((images/[^)]+)\)', plotting)
    assert len(images) >= 12
    for image in images:
        assert (REPO / 'docs' / image).is_file(), image
