"""``print(order)`` in ``notify_order``, the usual way to log orders, prints what
upstream prints; the simulated broker keeps no reference on its orders
(``order.broker`` is None, as upstream's: its ``Broker:`` line says None).

Expected text: what upstream 1.9.78.123 prints (``PYTHONPATH=.oracle python
strs.py``, refs 1 and 2: a buy of 1 on the second bar of 2006-day-001.txt and its close on
the fifth, ``str(order)`` of the Submitted and Completed notifications;
addresses masked here).
"""
from __future__ import annotations

import re

import pytest

import backtrader as bt
from conftest import DATAS

_COMMON = """OrdType: {t}
OrdType: {side}
Status: {s}
Status: {status}
Size: {size}
Price: None
Price Limit: None
TrailAmount: None
TrailPercent: None
ExecType: 0
ExecType: Market
CommInfo: {comminfo}
End of Session: {eos}
Info: AutoOrderedDict()
Broker: None
Alive: {alive}"""


def _expected(ref, t, side, size, eos) -> list:
    return ['Ref: %d\n' % ref + _COMMON.format(
        t=t, side=side, s=s, status=status, size=size, comminfo=comminfo, eos=eos,
        alive=alive)
        for s, status, comminfo, alive in ((1, 'Submitted', 'None', True),
                                           (4, 'Completed', '<CommInfoBase>', False))]


class _Printed(bt.Strategy):
    def __init__(self):
        self.n = 0
        self.printed = []
        self.brokers = []

    def notify_order(self, order):
        if order.status in (order.Submitted, order.Completed):
            self.printed.append(re.sub(r'<backtrader\.comminfo\.(\w+) object at 0x[0-9a-f]+>',
                                       r'<\1>', str(order)))
            self.brokers.append(order.broker)

    def next(self):
        self.n += 1
        if self.n == 2:
            self.brokers.append(self.buy(size=1).broker)
        elif self.n == 5:
            self.close()
        elif self.n == 6:
            self.env.runstop()


@pytest.mark.parametrize('runonce', [True, False])
def test_order_notifications_print_as_upstream(runonce):
    cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(_Printed)
    strat = cerebro.run()[0]
    first = int(strat.printed[0].split('\n', 1)[0][5:])   # (refs count on over the process)
    assert strat.printed == (_expected(first, 0, 'Buy', 1, '732314.9999999999')
                             + _expected(first + 1, 1, 'Sell', -1, '732317.9999999999'))
    assert strat.brokers == [None] * 5
