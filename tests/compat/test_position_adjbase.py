"""A stock-like position's ``adjbase`` (printed by ``print(self.position)``) as
upstream's broker leaves it: the close of the last bar the position was held
over, None before any, kept once flat.

Expected values: what upstream 1.9.78.123 prints (``PYTHONPATH=.oracle python
adj.py 1`` and ``adj.py 0``, identical: on 2006-day-001.txt, buy 1 on bar 2,
close on bar 5, sell 2 on bar 8, buy 1 on bar 10; each bar's position size and
adjbase from ``next``, the adjbase seen in ``notify_order`` of each fill;
``adj2.py``: buy 1 on bar 2, a limit sell at 1.0095 x bar 4's close pending over
bar 5, filled on bar 6).
"""
from __future__ import annotations

import pytest

import backtrader as bt
from conftest import DATAS

# (bar, size, adjbase) in next
EXPECTED_BARS = [
    (1, 0, None), (2, 0, None), (3, 1, 3652.46), (4, 1, 3650.24), (5, 1, 3666.99),
    (6, 0, 3666.99), (7, 0, 3666.99), (8, 0, 3666.99), (9, -2, 3670.2), (10, -2, 3629.25),
    (11, -1, 3644.41), (12, -1, 3610.07), (13, -1, 3570.17)]
# (bar of the fill, adjbase in notify_order)
EXPECTED_FILLS = [(3, 3652.46), (6, 3666.99), (9, 3670.2), (11, 3644.41)]


class _Adj(bt.Strategy):
    def __init__(self):
        self.n = 0
        self.bars, self.fills = [], []

    def notify_order(self, order):
        if order.status == order.Completed:
            self.fills.append((self.n + 1, self.position.adjbase))

    def next(self):
        self.n += 1
        self.bars.append((self.n, self.position.size, self.position.adjbase))
        if self.n == 2:
            self.buy(size=1)
        elif self.n == 5:
            self.close()
        elif self.n == 8:
            self.sell(size=2)
        elif self.n == 10:
            self.buy(size=1)
        elif self.n == 13:
            self.env.runstop()


@pytest.mark.parametrize('runonce,preload,exactbars', [
    (True, True, 0), (False, True, 0), (False, False, 0), (True, True, 1), (True, True, -1)])
def test_stock_position_adjbase_follows_the_close_while_held(runonce, preload, exactbars):
    cerebro = bt.Cerebro(stdstats=False, runonce=runonce, preload=preload, exactbars=exactbars)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(_Adj)
    strat = cerebro.run()[0]
    assert strat.bars == [(n, size, pytest.approx(v) if v else v)
                          for n, size, v in EXPECTED_BARS]
    assert strat.fills == [(n, pytest.approx(v)) for n, v in EXPECTED_FILLS]
    # print(position) shows it
    assert '- Adjbase: 3570.17' in str(strat.position)


class _Pending(bt.Strategy):
    def __init__(self):
        self.n = 0
        self.bars = []

    def next(self):
        self.n += 1
        self.bars.append((self.n, self.position.size, self.position.adjbase))
        if self.n == 2:
            self.buy(size=1)
        elif self.n == 4:
            self.sell(size=1, exectype=bt.Order.Limit, price=self.data.close[0] * 1.0095)
        elif self.n == 9:
            self.env.runstop()


@pytest.mark.parametrize('runonce,exactbars', [(True, 0), (False, 1), (True, 1), (True, -1)])
def test_flat_after_cycles_with_an_order_pending_keeps_the_last_close_held(runonce, exactbars):
    # the broker runs every cycle while the limit order waits (bars 5 and 6): a data
    # kept as a one-bar ring must have noted bar 5's close, not bar 4's
    cerebro = bt.Cerebro(stdstats=False, runonce=runonce, exactbars=exactbars)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(_Pending)
    bars = cerebro.run()[0].bars
    assert bars == [(1, 0, None), (2, 0, None), (3, 1, pytest.approx(3652.46)),
                    (4, 1, pytest.approx(3650.24)), (5, 1, pytest.approx(3666.99))] + [
        (n, 0, pytest.approx(3666.99)) for n in range(6, 10)]


def test_a_position_opened_and_closed_on_one_bar_keeps_its_earlier_base():
    from backtrader.position import Position
    pos = Position()
    assert pos.adjbase is None
    pos.adjbase = 12.5                  # (as the broker sets it at an opening fill)
    pos.size = 1
    pos._adjsince = 100.0               # (followed since the bar dated 100, no data)
    assert pos.adjbase == 12.5
    pos._leave_close(100.0)
    pos.size = 0
    assert pos.adjbase == 12.5
