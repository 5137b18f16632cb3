"""``position.datetime`` as upstream's: while the simulated broker holds a
position open it is the bar of the position's data (upstream's broker stamps
it every cycle), flat it stays the bar of the fill that closed it; with credit
interest the same (the interest counts the days since the last cycle).

EXPECTED is upstream's output (1.9.78.123) of ``Printer`` run as below under
``PYTHONPATH=.oracle``, the same in both modes, with and without interest (the
first three bars left out: upstream has no ``datetime`` before the first fill,
an AttributeError; here it is None).
"""
from __future__ import annotations

import datetime

import pytest

import backtrader as bt
from conftest import DATAS

EXPECTED = '''4 2006-01-05 2 2006-01-05 23:59:59.999989
5 2006-01-06 2 2006-01-06 23:59:59.999989
6 2006-01-09 2 2006-01-09 23:59:59.999989
7 2006-01-10 2 2006-01-10 23:59:59.999989
8 2006-01-11 2 2006-01-11 23:59:59.999989
9 2006-01-12 0 2006-01-12 23:59:59.999989
10 2006-01-13 0 2006-01-12 23:59:59.999989
11 2006-01-16 0 2006-01-12 23:59:59.999989
12 2006-01-17 0 2006-01-12 23:59:59.999989
13 2006-01-18 -1 2006-01-18 23:59:59.999989
14 2006-01-19 -1 2006-01-19 23:59:59.999989
15 2006-01-20 -1 2006-01-20 23:59:59.999989
16 2006-01-23 -1 2006-01-23 23:59:59.999989
17 2006-01-24 0 2006-01-24 23:59:59.999989
18 2006-01-25 0 2006-01-24 23:59:59.999989
19 2006-01-26 0 2006-01-24 23:59:59.999989
20 2006-01-27 0 2006-01-24 23:59:59.999989
21 2006-01-30 0 2006-01-24 23:59:59.999989
22 2006-01-31 0 2006-01-24 23:59:59.999989'''


class Printer(bt.Strategy):
    def __init__(self):
        self.out = []

    def next(self):
        n = len(self)
        if n == 3:
            self.buy(size=2)
        if n == 8:
            self.close()
        if n == 12:
            self.sell(size=1)
        if n == 16:
            self.buy(size=1)
        pos = self.position
        self.out.append('%d %s %s %s' % (n, self.data.datetime.date(0), pos.size, pos.datetime))


@pytest.mark.parametrize('runonce', [True, False])
@pytest.mark.parametrize('interest', [False, True])
def test_open_position_stamped_with_its_bar(runonce, interest):
    c = bt.Cerebro(stdstats=False, runonce=runonce)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'),
                                         todate=datetime.datetime(2006, 2, 1)))
    c.addstrategy(Printer)
    if interest:
        c.broker.setcommission(commission=0.001, interest=0.05)
    out = c.run()[0].out
    assert out[:3] == ['1 2006-01-02 0 None', '2 2006-01-03 0 None', '3 2006-01-04 0 None']
    assert out[3:] == EXPECTED.splitlines()
