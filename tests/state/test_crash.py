"""A process killed (SIGKILL) while it saves leaves the previous state file
whole: the next load sees one complete save, never a mix or a broken file.

A child process saves in a loop, each save large enough to take a while;
the parent kills it at chosen moments -- at random points of a save, and
exactly between the temporary file's fsync and its rename -- then loads."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from backtrader.state import StateManager
from conftest import REPO

pytestmark = pytest.mark.skipif(not hasattr(signal, 'SIGKILL'), reason='needs SIGKILL')

CHILD = r'''
import datetime as dt, os, sys
import numpy as np
from backtrader.state import StateManager

path, pause_in_fsync = sys.argv[1], sys.argv[2] == '1'
if pause_in_fsync:
    real_fsync = os.fsync
    def fsync(fd):
        real_fsync(fd)
        print('fsync', flush=True)
        if saves_done >= 2:
            import time; time.sleep(60)       # killed here: written, not yet renamed
    os.fsync = fsync
m = StateManager(path)
saves_done = 0
for i in range(1, 100000):
    m.set('i', i)
    m.set('payload', np.full(150000, float(i)))
    for k in range(200):
        m.set_timed('t', i, dt.datetime(2020, 1, 1) + dt.timedelta(minutes=200 * i + k))
    m.save()
    saves_done = i
    print('saved', i, flush=True)
'''


def _start(path: str, pause_in_fsync: bool = False) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, '-c', CHILD, path, '1' if pause_in_fsync else '0'],
                            env=env, stdout=subprocess.PIPE, text=True)


def _saved_until(proc, count: int) -> int:
    last = 0
    while last < count:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError('child ended early')
        if line.startswith('saved'):
            last = int(line.split()[1])
    return last


def _check(path: str, at_least: int) -> int:
    m = StateManager(path)
    m.load()
    i = m.get('i')
    assert i >= at_least
    payload = m.get('payload')
    assert payload.shape == (150000,) and (payload == float(i)).all()
    history = m.history('t')
    assert len(history) == 200 * i and history[-1][1] == i
    return i


@pytest.mark.parametrize('ext', ['json', 'sqlite'])
def test_kill_at_random_moments_of_saves(tmp_path, ext):
    rng = random.Random(7)
    path = str(tmp_path / ('crash.' + ext))
    for _ in range(4):
        proc = _start(path)
        try:
            done = _saved_until(proc, 2)
            time.sleep(rng.uniform(0.0, 0.25))        # somewhere inside a later save
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
        _check(path, done)
        os.unlink(path)
    leftovers = [f for f in os.listdir(tmp_path) if f.endswith('.tmp')]
    assert len(leftovers) <= 4                       # only from killed writers


def test_kill_between_fsync_and_rename_keeps_the_previous_file(tmp_path):
    path = str(tmp_path / 'crash.json')
    proc = _start(path, pause_in_fsync=True)
    try:
        done = _saved_until(proc, 2)
        line = proc.stdout.readline()       # the third save is written and synced...
        assert line.strip() == 'fsync'
    finally:
        proc.kill()                         # ...and killed before the rename
        proc.wait()
        proc.stdout.close()
    assert _check(path, done) == 2
    # the killed writer's temporary file is cleaned by the next write
    assert any(f.endswith('.tmp') for f in os.listdir(tmp_path))
    m = StateManager(path)
    m.load()
    m.save()
    assert not any(f.endswith('.tmp') for f in os.listdir(tmp_path))
