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


# -- broker issue, must-show 3: what upstream would silently turn into a harmful
# order raises OrderError; what upstream accepts harmlessly stays accepted.
# (Upstream behaviour observed with the oracle, e.g. ``self.buy(exectype=
# bt.Order.Limit)`` fills at the creation bar's close next bar; a buy_bracket
# with its stop above the entry sells at once; ``broker.buy(size=-1)`` sells.)
@pytest.mark.parametrize('action,needle', [
    (lambda s: s.buy(exectype=bt.Order.Limit), 'Limit order needs'),
    (lambda s: s.sell(size=1, exectype=bt.Order.Limit, price=0.0), 'Limit order needs'),
    (lambda s: s.buy(size=1, exectype=bt.Order.Stop), 'Stop order needs'),
    (lambda s: s.buy(size=1, exectype=bt.Order.StopLimit, price=10.0), 'plimit'),
    (lambda s: s.sell(size=1, exectype=bt.Order.StopLimit, plimit=10.0), 'stop price'),
    (lambda s: s.buy(price=-1.0, exectype=bt.Order.Limit), 'price'),       # sizer path
    (lambda s: s.buy(size=1, exectype='Limit', price=10.0), 'exectype'),
    (lambda s: s.buy(size=1, valid=[1, 2]), 'valid'),
    (lambda s: s.broker.buy(s, s.data, -1), 'positive'),
    (lambda s: s.broker.sell(s, s.data, 0), 'positive'),
    (lambda s: s.buy_bracket(size=1, price=10.0, stopprice=10.5, limitprice=11.0),
     'stopprice 10.5 must lie below'),
    (lambda s: s.buy_bracket(size=1, price=10.0, stopprice=9.0, limitprice=9.5),
     'limitprice 9.5 must lie above'),
    (lambda s: s.sell_bracket(size=1, price=10.0, stopprice=9.5, limitprice=9.0),
     'stopprice 9.5 must lie above'),
    (lambda s: s.sell_bracket(size=1, exectype=bt.Order.Market, stopprice=11.0,
                              limitprice=10.9), 'limitprice 10.9 must lie below'),
    (lambda s: s.buy_bracket(size=1, price=10.0, limitprice=11.0), 'needs stopprice'),
])
def test_harmful_orders_raise(action, needle):
    with pytest.raises(OrderError, match=needle):
        _run(action)


def test_refused_bracket_leaves_no_order_behind():
    seen = []

    class S(bt.Strategy):
        def next(self):
            if len(self) == 3:
                with pytest.raises(OrderError):
                    self.buy_bracket(size=1, price=10.0, stopprice=10.2, limitprice=11.0)
                seen.append((list(self.broker.get_orders_open()), dict(self.broker._pchildren),
                             list(self.broker.submitted)))

    cer = bt.Cerebro()
    cer.adddata(_feed())
    cer.addstrategy(S)
    cer.run()
    assert seen == [([], {}, [])]


def _fills(action):
    out = []

    class S(bt.Strategy):
        def notify_order(self, order):
            if order.status == order.Completed:
                out.append((order.getordername(), order.executed.size, order.executed.price))

        def next(self):
            if len(self) == 3:
                action(self)

    cer = bt.Cerebro()
    cer.adddata(_feed())
    cer.addstrategy(S)
    cer.run()
    return out


def test_upstream_compatible_orders_still_accepted():
    # strategy-level negative size is made absolute, as upstream does
    assert _fills(lambda s: s.buy(size=-5)) == [('Market', 5, 10.0)]
    # a Limit given only plimit uses it as its price (upstream too)
    assert _fills(lambda s: s.buy(size=1, exectype=bt.Order.Limit, plimit=9.5)) == \
        [('Limit', 1, 9.5)]
    # a bracket with valid sides goes through
    assert _fills(lambda s: s.buy_bracket(size=1, price=10.0, stopprice=8.5,
                                          limitprice=10.8)) == \
        [('Limit', 1, 10.0), ('Limit', -1, 10.8)]
