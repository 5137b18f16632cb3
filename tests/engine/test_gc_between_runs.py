"""Runs one after another in one process (a notebook, a loop over runs):
what an earlier run left unreachable is collected when the next run starts,
instead of being frozen with the objects alive (``tuned_gc``), where it
stayed through every later run (memory grew by a run's worth each time)."""
from __future__ import annotations

import gc
import weakref

import backtrader as bt
from backtrader.engine import gctuning

from conftest import DATAS
from test_optreturn_release import _Trader


class _Probe(bt.Strategy):
    """Records, when the run starts, which of ``targets`` (weak references)
    still point at something."""
    targets = ()
    alive = None

    def start(self):
        type(self).alive = [ref() is not None for ref in type(self).targets]


def _run(stratcls):
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(stratcls)
    return cerebro.run()


def test_earlier_runs_garbage_is_collected_before_a_later_run(monkeypatch):
    # short runs (255 bars) count one each: collected every few runs
    monkeypatch.setattr(gctuning._AFTER_RUNS, 'weight', 0)
    per = gctuning.RunsCollector.per_collect
    enabled = gc.isenabled()
    gc.disable()                # no automatic collection in between
    try:
        refs = []
        for _ in range(per + 2):
            strat = _run(_Trader)[0]
            # the strategy tree is cyclic (lines, indicators, owners): once
            # dropped, it is the cyclic collector's
            assert strat.broker.orders
            refs.append(weakref.ref(strat))
            del strat
        _Probe.targets = refs
        _run(_Probe)
    finally:
        if enabled:
            gc.enable()
    # the first runs' trees were collected when a later run started; only the
    # runs since then wait for the next collection
    assert _Probe.alive[:per + 1] == [False] * (per + 1)
    assert _Probe.alive[per + 1] is True


def test_a_long_run_has_its_garbage_collected_before_the_next_run(monkeypatch):
    monkeypatch.setattr(gctuning._AFTER_RUNS, 'weight', 0)
    gctuning._AFTER_RUNS.add(200_000)       # what a run over 200k bars counts
    target = type('Target', (), {})()
    target.cycle = target
    _Probe.targets = [weakref.ref(target)]
    del target
    enabled = gc.isenabled()
    gc.disable()
    try:
        _run(_Probe)
    finally:
        if enabled:
            gc.enable()
    assert _Probe.alive == [False]


def test_counting_a_failed_run_never_masks_its_error():
    # the bars are counted on the way out; a run that raised may leave datas
    # whose count raises too: the run's own error is the one that surfaces
    def bars_run():
        raise RuntimeError('datas in a broken state')

    try:
        with gctuning.tuned_gc(bars_run=bars_run):
            raise KeyError('the run failed')
    except KeyError as exc:
        assert exc.args == ('the run failed',)
    else:
        raise AssertionError('the error of the run was lost')
