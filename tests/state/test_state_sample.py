"""samples/checkpoint_resume.py stops a run midway, resumes it, and ends
as the uninterrupted run (it compares the three runs itself; here we check
it ran each leg and that the checkpoint it left is the finished run's)."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from backtrader.state import checkpoint_info
from conftest import REPO

SAMPLE = REPO / 'samples' / 'checkpoint_resume.py'


@pytest.mark.parametrize('stop', [None, 1, 2000])
def test_sample_pauses_and_resumes_to_the_same_end(tmp_path, stop):
    path = tmp_path / 'sample.ckpt'
    args = [sys.executable, str(SAMPLE), '--checkpoint', str(path)]
    if stop is not None:
        args += ['--stop', str(stop)]
    proc = subprocess.run(args, env=dict(os.environ, PYTHONPATH=str(REPO)),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    out = proc.stdout
    total = int(re.search(r'uninterrupted run: (\d+) bars, (\d+) trades', out).group(1))
    paused_at = int(re.search(r'paused: True after (\d+) bars', out).group(1))
    assert paused_at == (stop if stop is not None else total // 2)
    assert 'paused + resumed == uninterrupted (trades and final value): True' in out
    before, _, after = out.partition('resumed run:')
    whole = re.search(r'uninterrupted run: .*?(final value .*)', out).group(1)
    assert whole in after and whole not in before.split('paused run:')[1]
    info = checkpoint_info(str(path))           # the resumed run checkpointed its end
    assert info['final'] and info['bar'] == total
