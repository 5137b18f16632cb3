"""``cerebro.run(progress=True)``: a tqdm bar on stderr, stdout unchanged.

Each case runs a script in a fresh process (so tqdm's import and the
watcher thread are observed as they are in a user's run).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import DATAS, REPO

SCRIPT = r'''
import sys, threading
import backtrader as bt

progress, runonce, preload, optimise, maxcpus = %r

class Printer(bt.Strategy):
    params = dict(period=10)

    def __init__(self):
        self.sma = bt.ind.SMA(period=self.p.period)

    def next(self):
        if not optimise:     # (worker processes would print in any order)
            print(len(self), '%%.4f' %% self.sma[0])
        if len(self) %% 20 == 0:
            self.buy() if not self.position else self.close()

cerebro = bt.Cerebro(maxcpus=maxcpus)
cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=%r))
if optimise:
    cerebro.optstrategy(Printer, period=range(5, 11))
else:
    cerebro.addstrategy(Printer)
kwargs = dict(runonce=runonce, preload=preload)
if progress is not None:
    kwargs['progress'] = progress
results = cerebro.run(**kwargs)
if optimise:
    print('periods', [run[0].params.period for run in results])
print('value %%.2f' %% cerebro.broker.getvalue())
print('tqdm imported:', 'tqdm' in sys.modules)
print('threads:', sorted(t.name for t in threading.enumerate()))
'''

DATA = str(DATAS / '2006-day-001.txt')       # 255 bars


def _run(progress, runonce=True, preload=True, optimise=False, maxcpus=1):
    text = SCRIPT % ((progress, runonce, preload, optimise, maxcpus), DATA)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, '-c', text], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, proc.stderr


def _body(stdout: str) -> str:
    """stdout without the two introspection lines."""
    return '\n'.join(line for line in stdout.splitlines()
                     if not line.startswith(('tqdm imported', 'threads')))


@pytest.mark.parametrize('runonce,preload', [(True, True), (False, True), (False, False)])
def test_stdout_is_the_same_with_and_without_the_bar(runonce, preload):
    plain_out, plain_err = _run(None, runonce, preload)
    bar_out, bar_err = _run(True, runonce, preload)
    assert _body(bar_out) == _body(plain_out)
    assert len(_body(plain_out).splitlines()) > 200          # the strategy printed its bars
    assert plain_err == ''
    # the last state of the bar: all 255 bars, of 255 when the total is known
    final = bar_err.replace('\r', '\n').strip().splitlines()[-1]
    if preload:
        assert re.search(r'\b255/255\b', final), final
    else:
        assert re.search(r'\b255bar\b', final), final
    assert 'backtest' in final


def test_off_by_default_imports_nothing_and_starts_no_thread():
    out, err = _run(None)
    assert 'tqdm imported: False' in out
    assert 'backtrader-progress' not in out
    out, err = _run(False)
    assert 'tqdm imported: False' in out and err == ''


def test_the_watcher_thread_ends_with_the_run():
    out, _ = _run(True)
    assert 'tqdm imported: True' in out
    assert 'backtrader-progress' not in out


@pytest.mark.parametrize('maxcpus', [1, 2])
def test_optimisation_counts_combinations(maxcpus):
    plain_out, _ = _run(None, optimise=True, maxcpus=maxcpus)
    bar_out, bar_err = _run(True, optimise=True, maxcpus=maxcpus)
    assert _body(bar_out) == _body(plain_out)
    assert 'periods [5, 6, 7, 8, 9, 10]' in bar_out
    states = bar_err.replace('\r', '\n').strip().splitlines()
    assert re.search(r'\b6/6\b', states[-1]) and 'optimisation' in states[-1], states[-1]
    assert not any('backtest' in s for s in states)      # no bar per run
