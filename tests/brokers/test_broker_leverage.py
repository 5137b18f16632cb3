"""``broker.get_leverage()``: positions value over their unlevered value, 0.0
while no position is held (before the first and between two), as upstream's.
Values printed by upstream 1.9.78.123 for this strategy (black box)."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import backtrader as bt

DATA = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas' / '2006-day-001.txt'


class Probe(bt.Strategy):
    def __init__(self):
        self.seen = []

    def next(self):
        if len(self) == 5:
            self.buy(size=1)
        if len(self) == 8:
            self.close()
        if len(self) == 12:
            self.sell(size=1)
        self.seen.append(self.broker.get_leverage())


@pytest.mark.parametrize('runonce', [True, False])
@pytest.mark.parametrize('leverage,held', [(None, 1.0), (2.0, None)])
def test_leverage_is_zero_without_positions(runonce, leverage, held):
    c = bt.Cerebro(runonce=runonce)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATA),
                                         todate=datetime.datetime(2006, 1, 25)))
    if leverage:
        c.broker.setcommission(leverage=leverage)
    c.addstrategy(Probe)
    seen = c.run()[0].seen
    flat = seen[:5] + seen[8:12]
    assert flat == [0.0] * 9
    if held is not None:
        assert seen[5:8] == [1.0] * 3 and seen[12:] == [1.0] * 5
    else:
        assert seen[5] == 1.9974540726677292       # upstream's figure on bar 6
