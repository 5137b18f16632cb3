"""A run killed with SIGKILL resumes from its last complete checkpoint and
ends exactly as the uninterrupted run: killed after its third checkpoint,
and killed in the middle of writing one (the previous one is used)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backtrader.state import checkpoint_info
from conftest import REPO

pytestmark = pytest.mark.skipif(not hasattr(signal, 'SIGKILL'), reason='needs SIGKILL')
HERE = Path(__file__).resolve().parent
EVERY = 30

CHILD = r'''
import datetime as dt, sys, time
sys.path.insert(0, %(here)r)
import backtrader as bt
import trader
from backtrader.state import checkpointfile

mode, path, slow, pause_at = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])


class Slow(trader.RandomTrader):
    def next(self):
        super().next()
        if slow:
            time.sleep(slow)


if pause_at:
    class PausingConnection:
        """Delegates to a connection; sleeps before the COMMIT of the first
        write holding checkpoint ``pause_at`` or a later one, once a write is
        committed (a busy writer merges checkpoints into one write)."""
        def __init__(self, con, store):
            self.con, self.store = con, store
            self.writing = None
        def executemany(self, sql, rows):
            rows = list(rows)
            if 'INTO meta' in sql:
                self.writing = int(dict(rows)['checkpoints'])
            return self.con.executemany(sql, rows)
        def execute(self, sql, *args):
            if sql == 'COMMIT' and self.writing >= pause_at and self.store.written:
                sys.stderr.write('in-save %%d\n' %% self.writing)
                sys.stderr.flush()
                time.sleep(120)
            return self.con.execute(sql, *args)
        def __getattr__(self, name):
            return getattr(self.con, name)

    real_connect = checkpointfile.CheckpointStore._connect
    def connect(self):
        con = real_connect(self)
        return con if isinstance(con, PausingConnection) else PausingConnection(con, self)
    checkpointfile.CheckpointStore._connect = connect

cerebro = trader.build(21, todate=dt.datetime(2010, 12, 31), strategy=Slow)
if mode == 'full':
    strat = cerebro.run()[0]
elif mode == 'run':
    strat = cerebro.run(checkpoint=path, checkpoint_every=%(every)d)[0]
else:
    strat = cerebro.resume(path)[0]
print('\n'.join(trader.results(cerebro, strat)))
''' % {'here': str(HERE), 'every': EVERY}


def _child(*args, stdout=subprocess.PIPE) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, '-u', '-c', CHILD] + [str(a) for a in args],
                            env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)


def _output(*args) -> list:
    proc = _child(*args)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out.splitlines()


def _bar_of(line: str):
    head = line.split(' ', 1)[0]
    return int(head) if head.isdigit() else None


def _prefix(lines: list, bar: int) -> list:
    """The bar lines printed up to ``bar`` (what the checkpoint has seen)."""
    out = []
    for line in lines:
        n = _bar_of(line)
        if n is None or n > bar:
            break
        out.append(line)
    return out


def test_killed_after_the_third_checkpoint_resumes_exactly(tmp_path):
    path = tmp_path / 'kill.ckpt'
    expected = _output('full', path, 0, 0)
    proc = _child('run', path, 0.004, 0)
    lines = []
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            if path.exists():
                try:
                    if checkpoint_info(str(path))['checkpoints'] >= 3:
                        break
                except Exception:       # noqa: BLE001 (being created)
                    pass
            time.sleep(0.005)
    finally:
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        lines = out.splitlines()
    info = checkpoint_info(str(path))
    assert info['checkpoints'] >= 3 and not info['final']
    assert info['bar'] % EVERY == 0 and info['bar'] >= 3 * EVERY
    resumed = _output('resume', path, 0, 0)
    assert _prefix(lines, info['bar']) + resumed == expected


def test_killed_while_writing_a_checkpoint_resumes_from_the_previous_one(tmp_path):
    path = tmp_path / 'torn.ckpt'
    expected = _output('full', path, 0, 0)
    printed = tmp_path / 'printed.txt'          # a file: a full pipe would block the child
    writing = None
    with open(printed, 'w') as sink:
        proc = _child('run', path, 0, 4, stdout=sink)   # the write of the 4th checkpoint stops
        try:
            for line in proc.stderr:
                if line.startswith('in-save'):
                    writing = int(line.split()[1])      # the checkpoint being written
                    break
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
    lines = printed.read_text().splitlines()
    info = checkpoint_info(str(path))           # the interrupted write rolled back
    assert writing is not None and writing >= 4 and 1 <= info['checkpoints'] < writing
    assert info['bar'] == info['checkpoints'] * EVERY
    resumed = _output('resume', path, 0, 0)
    assert _prefix(lines, info['bar']) + resumed == expected
