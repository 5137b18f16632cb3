"""``data.compensate(other)``: orders on ``data`` are booked on ``other``'s
position (and trades), so ``getposition(data)`` stays flat, the position is
valued at ``other``'s close and ``close(data=data)`` finds nothing to close.

Expected values: upstream's output of the scripts below (``PYTHONPATH=.oracle``).
"""
from __future__ import annotations

from pathlib import Path

import pytest

import backtrader as bt

DAY1 = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas' / '2006-day-001.txt'


class Probe(bt.Strategy):
    params = dict(closer='close')

    def start(self):
        self.rows = []

    def next(self):
        n = len(self)
        if n in (3, 13):
            self.buy(data=self.data0, size=2)
        if n in (15, 16, 18):
            b = self.broker
            self.rows.append((n, self.getposition(self.data0).size,
                              self.getposition(self.data1).size, self.position.size,
                              '%.2f' % b.getvalue(), '%.2f' % b.getcash()))
        if n == 18:
            if self.p.closer == 'close':
                self.rows.append(('close', self.close(data=self.data0)))
            else:
                self.sell(data=self.data0, size=4)


def _run(runonce: bool, closer: str = 'close'):
    cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
    d0 = bt.feeds.BacktraderCSVData(dataname=str(DAY1), name='daily')
    cerebro.adddata(d0)
    d1 = cerebro.resampledata(d0, timeframe=bt.TimeFrame.Weeks, name='weekly')
    d0.compensate(d1)
    cerebro.addstrategy(Probe, closer=closer)
    strat = cerebro.run()[0]
    return strat.rows, '%.2f' % cerebro.broker.getvalue(), cerebro.broker


@pytest.mark.parametrize('runonce', [True, False])
def test_position_is_booked_on_the_compensated_data(runonce):
    rows, final, _ = _run(runonce)
    # upstream: bar 15: pos d0 0, pos d1 2, position 0, value 10114.12 (the weekly close),
    # cash 2855.62; close(data=data0) returns None; final value 11095.50
    assert rows == [(15, 0, 2, 0, '10114.12', '2855.62'), (16, 0, 2, 0, '9957.22', '2855.62'),
                    (18, 0, 2, 0, '9957.22', '2855.62'), ('close', None)]
    assert final == '11095.50'


def test_a_sell_on_the_compensating_data_reduces_the_other_position():
    rows, final, broker = _run(True, closer='sell')
    assert rows[-1] == (18, 0, 2, 0, '9957.22', '2855.62')
    # upstream: the sell of 4 on data0 leaves {'daily': 0, 'weekly': -2}, value 8931.42
    sizes = {d._name: p.size for d, p in broker.positions.items()}
    assert sizes == {'daily': 0, 'weekly': -2}
    assert final == '8931.42'
