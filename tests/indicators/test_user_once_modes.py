"""A user's indicator with its own ``once`` and ``next`` (here deliberately
different) runs its ``once`` only in a runonce run over preloaded data, as
upstream's; every bar-by-bar mode (``preload=False``, ``runonce=False``,
``exactbars``) calls ``prenext``/``nextstart``/``next``. Streamed runs (the
memory-saving modes computed a block at a time) computed it with its ``once``.
Values printed by upstream 1.9.78.123 for the same script (black box)."""
from __future__ import annotations

from pathlib import Path

import pytest

import backtrader as bt

DATA = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas' / '2006-day-001.txt'


class PreInd(bt.Indicator):
    lines = ('c',)

    def __init__(self):
        self.addminperiod(2)

    def prenext(self):
        self.lines.c[0] = -1.0

    def nextstart(self):
        self.lines.c[0] = 100.0

    def next(self):
        self.lines.c[0] = self.lines.c[-1] + 1

    def preonce(self, start, end):
        for i in range(start, end):
            self.lines.c.array[i] = -2.0

    def oncestart(self, start, end):
        for i in range(start, end):
            self.lines.c.array[i] = 200.0

    def once(self, start, end):
        arr = self.lines.c.array
        for i in range(start, end):
            arr[i] = arr[i - 1] + 1


class Probe(bt.Strategy):
    def __init__(self):
        self.ind = PreInd()
        self.seen = {}

    def prenext(self):
        self.next()

    def next(self):
        if len(self) in (1, 2, 3, 255):
            self.seen[len(self)] = self.ind.c[0]


ONCE = {1: -2.0, 2: 200.0, 3: 201.0, 255: 453.0}
NEXT = {1: -1.0, 2: 100.0, 3: 101.0, 255: 353.0}


@pytest.mark.parametrize('runonce,preload,exactbars,expected', [
    (True, True, 0, ONCE), (True, False, 0, NEXT), (False, True, 0, NEXT),
    (False, False, 0, NEXT), (True, True, 1, NEXT), (False, True, -1, NEXT)])
def test_once_only_in_a_preloaded_runonce_run(runonce, preload, exactbars, expected):
    c = bt.Cerebro(runonce=runonce, preload=preload, exactbars=exactbars, stdstats=False)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATA)))
    c.addstrategy(Probe)
    strat = c.run()[0]
    assert strat.seen == expected
