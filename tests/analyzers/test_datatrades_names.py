"""DataTrades over several datas of one name (the same file added twice):
upstream gives every data its own line, named after the data, and runs; a
repeated own line name keeps its own line."""
from __future__ import annotations

import math

import pytest

import backtrader as bt

from conftest import DATAS


class _TwoCadences(bt.Strategy):
    def next(self):
        for i, d in enumerate(self.datas):
            if len(self) % (10 + i) == 0:
                self.buy(data=d) if not self.getposition(d) else self.close(data=d)


@pytest.mark.parametrize('runonce', [True, False])
def test_datatrades_with_two_datas_of_one_name(runonce):
    # expected values: upstream 1.9.78.123 running this setup (the same file
    # twice, the strategy above) printed the DataTrades aliases, per line the
    # count and sum of its non-NaN values, and the final value
    cerebro = bt.Cerebro(runonce=runonce)
    for _ in range(2):
        cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(_TwoCadences)
    strat = cerebro.run()[0]
    obs = [o for o in strat.observers if type(o).__name__ == 'DataTrades'][0]
    assert obs.lines.getlinealiases() == ('2006-day-001', '2006-day-001')
    marks = []
    for line in obs.lines:
        vals = [v for v in line.get(size=len(line)) if not math.isnan(v)]
        marks.append((len(vals), round(sum(vals), 2)))
    assert marks == [(12, 77.97), (11, 335.08)]
    assert round(cerebro.broker.getvalue(), 2) == 10403.64


def test_a_repeated_own_line_name_keeps_its_line():
    class Twice(bt.Indicator):
        lines = ('a', 'a', 'b')

        def next(self):
            self.lines[0][0], self.lines[1][0], self.lines[2][0] = 1.0, 2.0, 3.0

    seen = []

    class Reader(bt.Strategy):
        def __init__(self):
            self.ind = Twice()

        def next(self):
            # (upstream prints 3 lines, 'a' reading the second: 2.0)
            seen.append((len(self.ind.lines.lines), self.ind.a[0], self.ind.b[0]))

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(Reader)
    cerebro.run()
    assert seen[-1] == (3, 2.0, 3.0)
