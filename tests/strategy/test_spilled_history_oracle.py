"""exactbars=1 keeps finished orders, fills and trades in a temporary file
(strategykit.memory.spill_history): what a user reads back from broker.orders and
the strategy's trades in stop() is what upstream prints (run by the oracle)."""
import pytest

from conftest import REPO, oracle_present

DATA = REPO.parent / 'shared' / 'datas' / '2006-day-001.txt'

SCRIPT = r'''
import backtrader as bt

class St(bt.Strategy):
    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=5), bt.ind.SMA(period=15))
    def next(self):
        if not self.position:
            if self.cross > 0:
                self.buy(size=3)
            elif self.cross < 0:
                self.sell(size=2, exectype=bt.Order.Limit, price=self.data.close[0] * 1.01,
                          valid=self.data.datetime.date(0) + __import__('datetime').timedelta(days=3))
        elif self.cross != 0:
            self.close()
    def stop(self):
        orders = self.broker.orders
        print('orders', len(orders))
        for o in orders:
            print(o.ref, o.ordtype, o.status, o.created.size, o.executed.size,
                  round(o.executed.price or 0, 4), round(o.executed.comm, 4))
        print('first/last', orders[0].ref, orders[-1].ref, orders[len(orders) // 2].ref)
        for data, byid in self._trades.items():
            for tid, trades in byid.items():
                print('trades', tid, len(trades))
                for t in trades:
                    print(t.ref, t.status, t.size, round(t.pnl, 4), round(t.pnlcomm, 4),
                          t.barlen)

c = bt.Cerebro(exactbars=%(exactbars)d)
c.adddata(bt.feeds.BacktraderCSVData(dataname=%(data)r))
c.broker.setcommission(commission=0.001)
c.addstrategy(St)
c.run()
print('value', round(c.broker.getvalue(), 4))
'''


@pytest.mark.oracle
@pytest.mark.skipif(not oracle_present(), reason='needs the oracle (.oracle)')
@pytest.mark.parametrize('exactbars', [0, 1])
def test_history_read_after_a_memory_saving_run_matches_upstream(exactbars, run_oracle,
                                                                 run_ours):
    script = SCRIPT % {'exactbars': exactbars, 'data': str(DATA)}
    ours = run_ours(script)
    assert 'orders' in ours and 'trades' in ours
    assert ours == run_oracle(script)


def test_a_memory_saving_run_spills_its_history(monkeypatch):
    """Small spill blocks: the history leaves memory, and reads back whole."""
    import backtrader as bt
    from backtrader.core import spill

    class St(bt.Strategy):
        def __init__(self):
            self.cross = bt.ind.CrossOver(bt.ind.SMA(period=3), bt.ind.SMA(period=8))

        def next(self):
            if not self.position and self.cross > 0:
                self.buy()
            elif self.position and self.cross < 0:
                self.close()

    monkeypatch.setattr(spill, 'DEFAULT_BLOCK', 4)

    def run(exactbars):
        c = bt.Cerebro(exactbars=exactbars)
        c.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATA)))
        c.addstrategy(St)
        strat = c.run()[0]
        orders = c.broker.orders
        # refs count on across runs of one process: compare them from the first one
        rows = [(o.ref - orders[0].ref, o.status, o.executed.size, o.executed.price)
                for o in orders]
        trades = [(t.ref, t.pnl, t.barlen) for byid in strat._trades.values()
                  for ts in byid.values() for t in ts]
        trades = [(ref - trades[0][0], *rest) for ref, *rest in trades]
        return orders, rows, trades

    orders, rows, trades = run(1)
    assert isinstance(orders, spill.SpillList) and orders._nspilled > 0
    assert len(orders._mem) < len(rows)
    plain_orders, plain_rows, plain_trades = run(0)
    assert type(plain_orders) is list
    assert rows == plain_rows and trades == plain_trades and len(rows) > 10


OPT_SCRIPT = r'''
import sys
import backtrader as bt
from backtrader.core import spill
spill.DEFAULT_BLOCK = 4

class St(bt.Strategy):
    params = dict(p1=3)
    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=self.p.p1), bt.ind.SMA(period=8))
    def next(self):
        if not self.position and self.cross > 0: self.buy()
        elif self.position and self.cross < 0: self.close()

if __name__ == '__main__':
    c = bt.Cerebro(exactbars=1, optreturn=False, maxcpus=2)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=%(data)r))
    c.optstrategy(St, p1=[2, 3, 4])
    for r in c.run():
        s = r[0]
        print(s.p.p1, len(s._trades[s.data][0]), s.broker.getvalue())
'''


def test_spilled_strategies_come_back_from_worker_processes(run_ours):
    """optreturn=False over two processes sends whole strategies back: their
    spilled history pickles as plain lists. Expected lines: the oracle's print of
    this script (same history lengths and each worker's broker value)."""
    out = run_ours(OPT_SCRIPT % {'data': str(DATA)})
    assert out.splitlines()[-3:] == ['2 20 10385.039999999994', '3 20 10315.86',
                                   '4 18 10276.18']


def test_a_spill_list_pickles_as_the_list_it_reads_as(monkeypatch):
    import pickle
    from backtrader.core import spill
    s = spill.SpillList(range(10), is_final=lambda x: True, block=4)
    for i in range(10, 20):
        s.append(i)
    assert s._nspilled > 0
    back = pickle.loads(pickle.dumps(s))
    assert type(back) is list and back == list(range(20))
