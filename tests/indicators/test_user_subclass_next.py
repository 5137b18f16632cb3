"""A user's subclass of a library indicator that adds ``next``: upstream
composes most of its indicators in ``__init__`` (SMA, CrossOver, RSI...), so its
runonce run calls the subclass's ``next`` over the composed values, as next
mode does; the few it computes with their own ``once`` (Highest, SumN,
Average...) ignore it in runonce. This project computed every library class
with its own ``once`` and ignored such a ``next`` in runonce.

Values printed by upstream 1.9.78.123 for the same classes (black box)."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

import backtrader as bt

DATA = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas' / '2006-day-001.txt'


class MySMA(bt.ind.SMA):
    def next(self):
        self.lines.sma[0] = math.fsum(self.data.get(size=self.p.period)) / self.p.period + 1000


class MyCross(bt.ind.CrossOver):
    def nextstart(self):
        self.lines.crossover[0] = 77.0

    def next(self):
        # reads the composed value of the bar
        self.lines.crossover[0] = self.lines.crossover[0] * 10


class MyHigh(bt.ind.Highest):
    def next(self):
        self.lines.highest[0] = -1.0


class Probe(bt.Strategy):
    def __init__(self):
        self.a = MySMA(period=3)
        self.x = MyCross(self.data.close, bt.ind.SMA(period=5))
        self.h = MyHigh(period=3)
        self.sa = bt.ind.SMA(self.a, period=2)      # built on the subclass's values
        self.rows = {}

    def next(self):
        if len(self) in (6, 7, 8, 12, 255):
            self.rows[len(self)] = (self.a[0], self.sa[0], self.x[0], self.h[0])


def _rows(runonce: bool) -> dict:
    c = bt.Cerebro(runonce=runonce, stdstats=False)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATA)))
    c.addstrategy(Probe)
    return c.run()[0].rows


@pytest.mark.parametrize('runonce', [True, False])
def test_an_added_next_runs_in_every_mode_on_composed_classes(runonce):
    rows = _rows(runonce)
    assert rows[6][:3] == (4663.003333333334, 4659.783333333334, 77.0)
    assert rows[7][:3] == (4661.236666666666, 4662.12, -10.0)
    assert rows[8][2] == 10.0 and rows[12][2] == 0.0
    assert rows[255][:2] == (5128.486666666667, 5120.746666666667)


def test_classes_with_their_own_once_ignore_it_in_runonce():
    assert [r[3] for _, r in sorted(_rows(True).items())] == \
        [3671.78, 3671.78, 3671.78, 3644.41, 4134.86]
    assert {r[3] for r in _rows(False).values()} == {-1.0}


MODES = [(True, True, 0), (False, True, 0), (False, False, 0), (True, True, 1)]


def _rows_in(strategy, **modes) -> dict:
    c = bt.Cerebro(stdstats=False, **modes)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATA)))
    c.addstrategy(strategy)
    return c.run()[0].rows


class ReadsOwnSMA(bt.ind.SMA):
    def next(self):
        self.lines.sma[0] = self.lines.sma[0] + 1000      # the composed value of the bar


class ReadsOwnBands(bt.ind.BollingerBands):
    def next(self):
        self.lines.top[0] = self.lines.top[0] - self.lines.mid[0]


class OwnValues(bt.Strategy):
    def __init__(self):
        self.a = ReadsOwnSMA(period=3)
        self.b = ReadsOwnBands(period=5)
        self.rows = {}

    def next(self):
        if len(self) in (5, 6, 255):
            self.rows[len(self)] = (self.a[0], self.b.top[0], self.b.mid[0])


@pytest.mark.parametrize('runonce,preload,exactbars', MODES)
def test_an_added_next_reads_the_value_of_the_bar_in_every_mode(runonce, preload, exactbars):
    rows = _rows_in(OwnValues, runonce=runonce, preload=preload, exactbars=exactbars)
    assert rows[5] == (4656.5633333333335, 48.102023907477815, 3637.672)
    assert rows[6] == (4663.003333333334, 40.338786099589925, 3651.1620000000003)
    assert rows[255] == (5128.486666666667, 43.74118498637745, 4114.2119999999995)


class HalfEMA(bt.ind.EMA):
    def next(self):
        self.lines.ema[0] = self.lines.ema[0] * 0.5 + self.data[0] * 0.5


class HalfMACD(bt.ind.MACD):
    def next(self):
        self.lines.macd[0] = self.lines.macd[0] * 0.5 + self.data[0] * 0.5


class SeededEMA(bt.ind.EMA):
    def nextstart(self):
        self.lines.ema[0] = 5.0         # the bar's value only: the next bars are upstream's


class Recursive(bt.Strategy):
    def __init__(self):
        self.e = HalfEMA()
        self.m = HalfMACD()
        self.s = SeededEMA(period=4)
        self.rows = {}

    def prenext(self):
        self.next()

    def next(self):
        if len(self) in (4, 5, 100, 255):
            self.rows[len(self)] = (round(self.e[0], 8), round(self.m[0], 8), self.s[0])


@pytest.mark.parametrize('runonce,preload,exactbars', MODES)
def test_what_the_hooks_write_does_not_feed_the_next_bars(runonce, preload, exactbars):
    rows = _rows_in(Recursive, runonce=runonce, preload=preload, exactbars=exactbars)
    assert rows[100][:2] == (3661.21470497, 1753.88408192)
    assert rows[255][:2] == (4095.02785931, 2072.88068419)
    # upstream's runonce ignores an added nextstart (no next added); next mode shows it
    assert rows[4][2] == (3630.3424999999997 if runonce and preload and not exactbars else 5.0)
    assert rows[5][2] == 3645.0014999999994
