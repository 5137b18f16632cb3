"""The fill log of a memory-saving run is written without its orders when the
broker's spilled orders hold them (strategykit.memory._FillsOfSpilledOrders):
each entry reads back as (order, fill, when) with the fill one of the order's."""
from conftest import REPO

import backtrader as bt
from backtrader.core import spill
from backtrader.strategykit import memory

DATA = REPO.parent / 'shared' / 'datas' / '2006-day-001.txt'


class St(bt.Strategy):
    """Buys every fifth bar, closes two bars later."""

    def next(self):
        step = len(self) % 5
        if step == 0:
            self.buy()
        elif step == 2:
            self.close()


def _run(exactbars):
    c = bt.Cerebro(exactbars=exactbars)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATA)))
    c.addstrategy(St)
    strat = c.run()[0]
    log = strat._fill_log
    first = log[0][0].ref
    rows = [(o.ref - first, o.status, f.size, f.price, when) for o, f, when in log]
    return strat, rows


def test_fill_log_points_into_the_spilled_orders(monkeypatch):
    monkeypatch.setattr(spill, 'DEFAULT_BLOCK', 8)
    stored = []
    to_stored = memory._FillsOfSpilledOrders.to_stored

    def spy(self, entries):
        out = to_stored(self, entries)
        stored.extend(out)
        return out

    monkeypatch.setattr(memory._FillsOfSpilledOrders, 'to_stored', spy)
    strat, rows = _run(1)
    assert isinstance(strat._fill_log, spill.SpillList) and strat._fill_log._nspilled > 0
    by_index = [s for s in stored if s[1] is None]
    assert by_index and len(by_index) > len(stored) // 2        # most without a copy
    for order, fill, _ in strat._fill_log:
        assert any(fill is bit for bit in order.executed.exbits)
    _, plain_rows = _run(0)
    assert rows == plain_rows and len(rows) > 10


def test_finished_orders_are_held_weakly_by_the_broker():
    orders = memory._WeakOrders({})

    class O:
        def __init__(self, ref, alive):
            self.ref, self._alive = ref, alive

        def alive(self):
            return self._alive

    kept = [O(i, i % 3 == 0) for i in range(3 * memory._WeakOrders.DEMOTE_EVERY)]
    for o in kept:
        orders[o.ref] = o
    assert all(orders.get(o.ref) is o for o in kept)
    gone = kept[1::3]
    del kept[1::3]
    del o
    assert all(orders.get(g.ref) is g for g in gone)
    refs = [g.ref for g in gone]
    del gone
    assert len(orders._live) < len(kept)              # finished ones moved to weak refs
    # those moved before the last insertions are gone with their last holder
    still = sum(orders.get(r) is not None for r in refs)
    assert still < len(refs) // 2
    assert all(orders.get(o.ref) is o for o in kept) and len(orders) == len(kept) + still
