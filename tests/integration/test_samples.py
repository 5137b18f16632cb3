"""Every script in samples/ runs and prints its result."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / 'samples').glob('*.py'))


@pytest.mark.parametrize('script', SAMPLES, ids=lambda p: p.name)
def test_sample_runs(script):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, str(script)], env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert 'final value' in proc.stdout or 'log-return' in proc.stdout
