"""A strategy's position access by name, as upstream's: ``positionbyname`` (a
property: data0's position), ``getpositionbyname(name)``, ``positionsbyname``.

Upstream (backtrader 1.9.78.123) printed data0's position, size 2 at 3652.19,
for the same buy on 2006-day-001.txt (``/tmp/probe/p37.py`` of the session that
wrote this file).
"""
from __future__ import annotations

import pytest

import backtrader as bt
from conftest import DATAS

DATA = DATAS / '2006-day-001.txt'

pytestmark = pytest.mark.skipif(not DATA.is_file(), reason='shared data files missing')


def test_positions_by_name():
    seen = {}

    class S(bt.Strategy):
        def next(self):
            if len(self) == 3:
                self.buy(size=2)
            if len(self) == 6:
                seen['prop'] = self.positionbyname
                seen['named'] = self.getpositionbyname('d0')
                seen['all'] = dict(self.positionsbyname)

    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATA)), name='d0')
    cerebro.addstrategy(S)
    cerebro.run()
    assert seen['prop'] is seen['named'] is seen['all']['d0']
    assert (seen['prop'].size, seen['prop'].price) == (2, 3652.19)
