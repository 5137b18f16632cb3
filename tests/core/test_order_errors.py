"""Bad orders get clear typed errors (must-show 4 of the core issue)."""
from __future__ import annotations

import io

import pytest

import backtrader as bt
from backtrader.core.errors import OrderError


def _feed():
    text = 'Date,Open,High,Low,Close,Volume,OpenInterest\n' + ''.join(
        '2006-01-%02d,10,11,9,10.5,100,0\n' % d for d in range(2, 28))
    return bt.feeds.BacktraderCSVData(dataname=io.StringIO(text))


def _run(action):
    class S(bt.Strategy):
        def next(self):
            if len(self) == 3:
                action(self)

    cer = bt.Cerebro()
    cer.adddata(_feed())
    cer.addstrategy(S)
    return cer.run()


@pytest.mark.parametrize('action,needle', [
    (lambda s: s.buy(size=0), 'size'),
    (lambda s: s.sell(size=0), 'size'),
    (lambda s: s.buy(size=1, price=-1.0, exectype=bt.Order.Limit), 'price'),
    (lambda s: s.sell(size=1, price=-5.0, exectype=bt.Order.Stop), 'price'),
    (lambda s: s.buy(size=1, plimit=-1.0, price=10.0, exectype=bt.Order.StopLimit), 'plimit'),
    (lambda s: s.buy(size=1, exectype=42), 'exectype'),
    (lambda s: s.buy(size=1, valid='tomorrow'), 'valid'),
])
def test_bad_order_raises_order_error(action, needle):
    with pytest.raises(OrderError) as exc:
        _run(action)
    assert needle in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_sizer_zero_means_no_order():
    class Zero(bt.Sizer):
        def _getsizing(self, comminfo, cash, data, isbuy):
            return 0

    got = []

    class S(bt.Strategy):
        def next(self):
            if len(self) == 3:
                got.append(self.buy())

    cer = bt.Cerebro()
    cer.adddata(_feed())
    cer.addsizer(Zero)
    cer.addstrategy(S)
    cer.run()
    assert got == [None]
