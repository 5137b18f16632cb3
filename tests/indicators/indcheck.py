"""Shared driver of the indicator tests (the role of upstream's testcommon).

A strategy creates the indicator under test in ``__init__``, records the
minimum period (``len(self)`` at ``nextstart``) and, at ``stop``, the
``'%f'`` values of every line at the check points ``[0, -l + mp, (-l + mp) // 2]``
(``l = len(indicator)``). The tests then compare that report with values
recorded from upstream.

Only the public backtrader API is used, so the same module also runs
against the oracle (``PYTHONPATH=<repo>/.oracle``) to produce the expected values.
"""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Callable, Optional

import backtrader as bt

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'
DAILY = DATAS / '2006-day-001.txt'

# runonce x preload x exactbars, as upstream's test driver runs every indicator
MODES = [(runonce, preload, exactbars)
         for runonce in (True, False) for preload in (True, False) for exactbars in (0, -1, -2)]


def mode_id(mode) -> str:
    return 'ro%d-pl%d-eb%d' % (mode[0], mode[1], mode[2])


def daily_data():
    """The 255 daily bars of 2006 used by upstream's indicator tests."""
    return bt.feeds.BacktraderCSVData(dataname=str(DAILY),
                                      fromdate=datetime.datetime(2006, 1, 1),
                                      todate=datetime.datetime(2006, 12, 31))


class IndicatorCheck(bt.Strategy):
    """Creates ``make(data)`` (an indicator, or a list whose first element is
    checked) and reports minimum period, lengths and check-point values."""

    params = (('make', None),)

    def __init__(self):
        made = self.p.make(self.data)
        self.ind = made[0] if isinstance(made, (list, tuple)) else made
        self.chkmin = None
        self.nextcalls = 0
        self.nonzero = [0] * self.ind.lines.size()

    def nextstart(self):
        self.chkmin = len(self)
        super().nextstart()

    def next(self):
        self.nextcalls += 1
        for i, line in enumerate(self.ind.lines):
            v = line[0]
            if v == v and v != 0.0:
                self.nonzero[i] += 1

    def stop(self):
        ind = self.ind
        length = len(ind)
        mp = self.chkmin
        values = None
        if mp is not None:
            chkpts = [0, -length + mp, (-length + mp) // 2]
            values = [['%f' % line[pt] for pt in chkpts] for line in ind.lines]
        self.report = dict(len_ind=length, len_strat=len(self), chkmin=mp,
                           nextcalls=self.nextcalls, nonzero=self.nonzero, values=values)


def run_check(make: Callable, mode=(True, True, 0), data=None) -> dict:
    """Run ``IndicatorCheck`` in one mode; returns the strategy's report."""
    runonce, preload, exactbars = mode
    cerebro = bt.Cerebro(runonce=runonce, preload=preload, exactbars=exactbars, stdstats=False)
    cerebro.adddata(data if data is not None else daily_data())
    cerebro.addstrategy(IndicatorCheck, make=make)
    return cerebro.run()[0].report


def strategy_minperiod(make: Callable, mode=(True, True, 0)) -> Optional[int]:
    """``len(strategy)`` at ``nextstart`` with the objects built by ``make``."""
    return run_check(make, mode)['chkmin']
