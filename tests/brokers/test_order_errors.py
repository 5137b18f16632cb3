"""Strict mode: bad orders get clear typed errors naming the order and the
field at fault (``bt.Cerebro(strict=True)``). Without it the same orders
behave as upstream's (accepted, filled at the close, Margin...): the last
tests here show that; tests/compat/test_tolerance_oracle.py compares them
with upstream bar by bar."""
from __future__ import annotations

import io

import pytest

import backtrader as bt
from backtrader.core.errors import OrderError, OrderTypeError


def _feed():
    text = 'Date,Open,High,Low,Close,Volume,OpenInterest\n' + ''.join(
        '2006-01-%02d,10,11,9,10.5,100,0\n' % d for d in range(2, 28))
    return bt.feeds.BacktraderCSVData(dataname=io.StringIO(text))


def _run(action, strict=True):
    got = []

    class S(bt.Strategy):
        def next(self):
            if len(self) == 3:
                got.append(action(self))

    cer = bt.Cerebro(strict=strict)
    cer.adddata(_feed())
    cer.addstrategy(S)
    cer.run()
    return got


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


def test_wrong_types_are_type_errors_in_both_modes():
    # upstream raises TypeError for a valid it cannot use: both modes do
    for strict in (False, True):
        with pytest.raises(OrderTypeError) as exc:
            _run(lambda s: s.buy(size=1, valid='tomorrow'), strict=strict)
        assert isinstance(exc.value, TypeError) and 'valid' in str(exc.value)


def test_sizer_zero_means_no_order():
    class Zero(bt.Sizer):
        def _getsizing(self, comminfo, cash, data, isbuy):
            return 0

    got = []

    class S(bt.Strategy):
        def next(self):
            if len(self) == 3:
                got.append(self.buy())

    cer = bt.Cerebro(strict=True)
    cer.adddata(_feed())
    cer.addsizer(Zero)
    cer.addstrategy(S)
    cer.run()
    assert got == [None]


# -- strict mode: what upstream silently turns into a harmful order raises
# OrderError; what upstream accepts harmlessly stays accepted. (Upstream
# behaviour observed with the oracle, e.g. ``self.buy(exectype=
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

    cer = bt.Cerebro(strict=True)
    cer.adddata(_feed())
    cer.addstrategy(S)
    cer.run()
    assert seen == [([], {}, [])]


def _fills(action, strict=True):
    out = []

    class S(bt.Strategy):
        def notify_order(self, order):
            if order.status == order.Completed:
                out.append((order.getordername(), order.executed.size, order.executed.price))

        def next(self):
            if len(self) == 3:
                action(self)

    cer = bt.Cerebro(strict=strict)
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


# -- default mode: the orders strict mode refuses behave as upstream's (the
# figures themselves are compared with the oracle in
# tests/compat/test_tolerance_oracle.py)
def test_default_mode_accepts_what_upstream_accepts():
    # no price: the creation bar's close (10.5) is the limit / stop price
    assert _fills(lambda s: s.buy(size=1, exectype=bt.Order.Limit), strict=False) == \
        [('Limit', 1, 10.0)]
    assert _fills(lambda s: s.sell(size=1, exectype=bt.Order.Stop, price=0.0),
                  strict=False) == [('Stop', -1, 10.0)]
    # size 0: no order, None returned
    assert _run(lambda s: s.buy(size=0), strict=False) == [None]
    # an unknown exectype: created, never filled
    got = _run(lambda s: s.buy(size=1, exectype=42), strict=False)
    assert isinstance(got[0], bt.BuyOrder) and got[0].exectype == 42
    assert _fills(lambda s: s.buy(size=1, exectype=42), strict=False) == []
    # a negative size given to the broker flips the side: this buy sells
    assert _fills(lambda s: s.broker.buy(s, s.data, -1), strict=False) == \
        [('Market', -1, 10.0)]
    # a bracket with its stop above the entry: three orders
    got = _run(lambda s: s.buy_bracket(size=1, price=10.0, stopprice=10.5, limitprice=11.0),
               strict=False)
    assert [type(o).__name__ for o in got[0]] == ['BuyOrder', 'SellOrder', 'SellOrder']


def test_default_mode_bracket_without_main_order_is_attribute_error():
    # upstream reads the missing main order (AttributeError); strict mode
    # refuses size 0 before
    with pytest.raises(AttributeError, match='size 0'):
        _run(lambda s: s.buy_bracket(size=0, price=10.0, stopprice=9.0, limitprice=11.0),
             strict=False)
    with pytest.raises(OrderError, match='size'):
        _run(lambda s: s.buy_bracket(size=0, price=10.0, stopprice=9.0, limitprice=11.0))


def test_strict_switch_scopes():
    from backtrader.core import strict
    assert not strict.enabled()
    with bt.strict_mode():
        assert strict.enabled()
        with pytest.raises(OrderError):
            _run(lambda s: s.buy(size=0), strict=None)      # follows the switch
        assert _run(lambda s: s.buy(size=0), strict=False) == [None]    # cerebro says off
        assert strict.enabled()
    assert not strict.enabled()
    previous = bt.set_strict(True)
    try:
        assert previous is False and strict.enabled()
    finally:
        bt.set_strict(previous)
