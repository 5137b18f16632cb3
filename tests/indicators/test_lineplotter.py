"""``LinePlotterIndicator``: its line counts its data's minimum period twice, as
upstream's, so the indicator, what reads it and the strategy holding it start
later than the line it plots.

Literals printed by upstream (backtrader 1.9.78.123) for the same strategy on
2006-day-001.txt (``/tmp/probe/p18.py`` and ``p19.py`` of the session that
wrote this file).
"""
from __future__ import annotations

import pytest

import backtrader as bt
from conftest import DATAS

DATA = DATAS / '2006-day-001.txt'

pytestmark = pytest.mark.skipif(not DATA.is_file(), reason='shared data files missing')


def _run(strategy, runonce: bool = True):
    cerebro = bt.Cerebro(runonce=runonce)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATA)))
    cerebro.addstrategy(strategy)
    return cerebro.run()[0]


@pytest.mark.parametrize('period, source, expected', [
    (3, 'close - sma', 5), (10, 'close - sma', 19), (3, '(close - sma) * ema', 9),
    (4, 'close(-4) * 1.0', 9)])
def test_the_strategy_starts_at_twice_the_plotted_line_minimum_period(period, source, expected):
    seen = {}

    class S(bt.Strategy):
        def __init__(self):
            close = self.data.close
            src = {'close - sma': lambda: close - bt.ind.SMA(period=period),
                   '(close - sma) * ema': lambda: (close - bt.ind.SMA(period=period)) *
                   bt.ind.EMA(period=period + 2),
                   'close(-4) * 1.0': lambda: close(-period) * 1.0}[source]()
            self.lp = bt.LinePlotterIndicator(src, name='x')
            seen['mp'] = self.lp._minperiod

        def nextstart(self):
            seen['first'] = len(self)

    _run(S)
    assert seen == {'mp': expected, 'first': expected}


@pytest.mark.parametrize('runonce', [True, False])
def test_what_reads_the_plotter_starts_from_its_minimum_period(runonce):
    rows = []

    class S(bt.Strategy):
        def __init__(self):
            self.lp = bt.LinePlotterIndicator(self.data.close - bt.ind.SMA(period=3), name='x')
            self.s2 = bt.ind.SMA(self.lp, period=2)
            self.o2 = self.lp * 2

        def prenext(self):
            rows.append((len(self), self.lp[0], self.s2[0], self.o2[0]))

        def next(self):
            if len(self) < 8:
                rows.append((len(self), self.lp[0], self.s2[0], self.o2[0]))

    s = _run(S, runonce)
    assert (s.lp._minperiod, s.lp.lines[0]._minperiod, s.s2._minperiod, s.o2._minperiod) == \
        (5, 5, 6, 5)
    nan = float('nan')
    expected = [(1, nan, nan, nan), (2, nan, nan, nan), (3, 28.75, nan, nan),
                (4, 11.2267, nan, nan), (5, 10.4267, nan, 20.8533),
                (6, 8.7767, 9.6017, 17.5533), (7, -16.2967, -3.76, -32.5933)]
    assert [r[0] for r in rows] == [e[0] for e in expected]
    for got, want in zip(rows, expected):
        assert got[1:] == pytest.approx(want[1:], abs=1e-4, nan_ok=True), got[0]
