"""Orders: creation, validity, trailing, fills, clones and life cycle.

Expected values come from upstream 1.9.78.123 run as a black box on the same fake
data feed (``FAKE_DATA_SRC``): the script is the check written with ``bt.BuyOrder``
/ ``bt.SellOrder`` in place of the imports below, run with
``PYTHONPATH=.oracle python3 script.py``.
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

import backtrader as bt
from backtrader.core.errors import OrderError, ParameterError
from backtrader.order import (BuyOrder, Order, OrderData, OrderExecutionBit,
                              SellOrder, StopBuyOrder, StopLimitSellOrder)
from backtrader.position import Position

# Minimal data feed offering what an Order (and a Trade) reads. It also has
# ``p.sessionend``, used by upstream, so the very same class runs under the oracle.
FAKE_DATA_SRC = '''
import datetime as _dt
import math as _math


def _date2num(d):
    if not isinstance(d, _dt.datetime):
        d = _dt.datetime.combine(d, _dt.time())
    return _math.fsum([d.toordinal(), d.hour / 24.0, d.minute / 1440.0,
                       d.second / 86400.0, d.microsecond / 86400000000.0])


def _num2date(x):
    ix = int(x)
    us = int(round((x - ix) * 86400000000.0))
    if us < 10:
        us = 0
    return _dt.datetime.fromordinal(ix) + _dt.timedelta(microseconds=us)


class _Line:
    def __init__(self, vals):
        self.vals, self.idx = vals, 0

    def __getitem__(self, ago):
        return self.vals[self.idx + ago]


class _DTLine(_Line):
    def datetime(self, ago=0):
        return _num2date(self[ago])

    def date(self, ago=0):
        return self.datetime(ago).date()


class _P:
    sessionend = _dt.time(23, 59, 59, 999990)


class FakeData:
    p = _P()
    _tz = None

    def __init__(self, closes, dts, name='fake'):
        self.close = _Line(list(closes))
        self.datetime = _DTLine([_date2num(d) for d in dts])
        self._name = name
        self._len = 1

    def advance(self):
        self.close.idx += 1
        self.datetime.idx += 1
        self._len += 1

    def __len__(self):
        return self._len

    def date2num(self, d):
        return _date2num(d)

    def num2date(self, x=None, tz=None, naive=True):
        return _num2date(self.datetime[0] if x is None else x)

    def _getnexteos(self):
        eos = _dt.datetime.combine(self.datetime.datetime(0).date(), self.p.sessionend)
        return eos, _date2num(eos)
'''

_ns: dict = {}
exec(FAKE_DATA_SRC, _ns)
FakeData = _ns['FakeData']

DTS = [dt.datetime(2020, 1, 2, 15, 30), dt.datetime(2020, 1, 3, 23, 59, 59, 999990),
       dt.datetime(2020, 1, 6, 23, 59, 59, 999990)]


def make_data():
    return FakeData([10.0, 11.0, 12.0], DTS, 'd0')


# -- port of upstream test_order ------------------------------------------------
def test_partial_fills_and_pending_clones():
    # oracle: simulated BuyOrder(size=100), fills 10@1.0 20@1.1 30@1.2 40@1.3,
    # clone after the 2nd and the 4th fill
    order = BuyOrder(data=make_data(), size=100, simulated=True)
    fills = [(10, 1.0), (20, 1.1), (30, 1.2), (40, 1.3)]
    expected = [  # status, size, remsize, price, value
        (Order.Partial, 10, 90, 1.0, 10.0),
        (Order.Partial, 30, 70, 1.0666666666666667, 32.0),
        (Order.Partial, 60, 40, 1.1333333333333333, 68.0),
        (Order.Completed, 100, 0, 1.2, 120.0),
    ]
    pos, pprice = 0, 0.0
    clones = []
    for i, (size, price) in enumerate(fills):
        pos, pprice, _, _ = Position(pos, pprice).update(size, price)
        order.execute(0, size, price, 0, 0.0, 0.0, size, size * price, 0.0, 0.0, 0.0,
                      pos, pprice)
        ex = order.executed
        assert (order.status, ex.size, ex.remsize, ex.price, ex.value) == expected[i]
        assert (ex.psize, ex.pprice) == (pos, pprice)
        if i % 2:
            clones.append(order.clone())

    assert [(b.size, b.price) for b in clones[0].executed.getpending()] == fills[:2]
    assert [(b.size, b.price) for b in clones[1].executed.getpending()] == fills[2:]
    assert [(b.size, b.price) for b in clones[1].executed.iterpending()] == fills[2:]
    assert order.clone().executed.getpending() == []
    assert clones[0] == order and clones[0] is not order
    assert not order.alive()


def test_str_matches_upstream():
    order = BuyOrder(data=make_data(), size=100, simulated=True)
    order.execute(0, 100, 1.0, 0, 0.0, 0.0, 100, 100.0, 0.0, 0.0, 0.0, 100, 1.0)
    # oracle: repr(str(order)) of the completed order above (ref line excluded)
    expected = ('OrdType: 0\nOrdType: Buy\nStatus: 4\nStatus: Completed\nSize: 100\n'
                'Price: None\nPrice Limit: None\nTrailAmount: None\nTrailPercent: None\n'
                'ExecType: 0\nExecType: Market\nCommInfo: None\nEnd of Session: 0.0\n'
                'Info: AutoOrderedDict()\nBroker: None\nAlive: False')
    assert str(order) == 'Ref: {}\n'.format(order.ref) + expected

    sell = SellOrder(data=make_data(), size=10, price=9.5, exectype=Order.Limit,
                     valid=Order.DAY)
    # oracle: same data, SellOrder(size=10, price=9.5, exectype=Limit, valid=DAY)
    expected = ('OrdType: 1\nOrdType: Sell\nStatus: 0\nStatus: Created\nSize: -10\n'
                'Price: 9.5\nPrice Limit: None\nTrailAmount: None\nTrailPercent: None\n'
                'ExecType: 2\nExecType: Limit\nCommInfo: None\n'
                'End of Session: 737426.9999999999\nInfo: AutoOrderedDict()\n'
                'Broker: None\nAlive: True')
    assert str(sell) == 'Ref: {}\n'.format(sell.ref) + expected


# -- creation -------------------------------------------------------------------
def test_refs_increase_and_sell_size_negative():
    data = make_data()
    o1 = BuyOrder(data=data, size=3)
    o2 = SellOrder(data=data, size=3)
    assert o2.ref == o1.ref + 1
    assert (o1.size, o1.created.size, o1.executed.remsize) == (3, 3, 3)
    assert (o2.size, o2.created.size, o2.executed.remsize) == (-3, -3, -3)
    assert o2.p.size == 3
    assert (o1.isbuy(), o1.issell(), o2.isbuy(), o2.issell()) == (True, False, False, True)
    assert o1 != o2 and o1 == o1.clone()


def test_created_prices():
    data = make_data()
    # oracle values: created.price / created.pricelimit / created.plimit / pclose
    cases = [
        (dict(), (10.0, 10.0, None)),
        (dict(price=9.0), (9.0, 9.0, None)),
        (dict(pricelimit=8.0), (8.0, 8.0, 8.0)),
        (dict(price=9.0, pricelimit=8.0), (9.0, 8.0, 8.0)),
        (dict(price=0.0), (10.0, 10.0, None)),       # falsy price -> close
        (dict(pricelimit=0.0), (10.0, 10.0, 0.0)),
    ]
    for kwargs, (price, plimit, rawplimit) in cases:
        order = BuyOrder(data=data, size=1, exectype=Order.Limit, **kwargs)
        created = order.created
        assert (created.price, created.pricelimit, created.plimit) == (price, plimit, rawplimit)
        assert created.pclose == 10.0
        assert created.dt == 737426.6458333334
        assert order.dteos == 737426.9999999999
    market = BuyOrder(data=data, size=1)
    assert market.exectype == Order.Market and market.price is None
    assert StopBuyOrder(data=data, size=1).exectype == Order.Market


def test_simulated_created():
    order = SellOrder(size=2, simulated=True, price=1.5)
    c = order.created
    # oracle: pclose is the given price, dt 0.0, dteos 0.0
    assert (c.pclose, c.dt, c.size, c.remsize, c.price, c.pricelimit) == (1.5, 0.0, -2, 0, 1.5, 1.5)
    assert order.dteos == 0.0
    bare = BuyOrder(size=2, simulated=True)
    assert (bare.created.price, bare.created.pclose, bare.created.pricelimit) == (None, None, None)


def test_valid_conversion():
    data = make_data()
    # oracle: order.valid for each `valid` with the bar at 2020-01-02 15:30
    cases = [
        (None, None),
        (Order.DAY, 737426.9999885417),            # date + 23:59:59.009999
        (dt.timedelta(days=2), 737428.6458333334),
        (dt.timedelta(hours=1), 737426.6875),
        (dt.date(2020, 1, 10), 737434.0),
        (dt.datetime(2020, 1, 10, 12, 0), 737434.5),
        (0, 0),
        (737500.5, 737500.5),
    ]
    for valid, expected in cases:
        order = SellOrder(data=data, size=10, price=9.5, exectype=Order.Limit, valid=valid)
        assert order.valid == expected, valid
        assert order.p.valid == valid


def test_day_validity_on_daily_bars_is_already_past():
    # Gotcha 38: daily bars are stamped 23:59:59.999990, later than the DAY limit
    # (23:59:59.009999), so the broker finds the order expired at its first look.
    daily = [dt.datetime(2020, 1, 2, 23, 59, 59, 999990), dt.datetime(2020, 1, 3, 23, 59, 59, 999990)]
    data = FakeData([10.0, 11.0], daily)
    order = BuyOrder(data=data, size=1, exectype=Order.Limit, price=9.0, valid=Order.DAY)
    # oracle: valid 737426.9999885417 < bar 737426.9999999999 -> expire() True
    assert order.valid == 737426.9999885417
    assert order.valid < data.datetime[0]
    data.advance()
    assert order.expire() is True
    assert order.status == Order.Expired
    assert order.executed.dt == data.datetime[0]


def test_simulated_orders_keep_executed_dt():
    # oracle: cancel/margin/reject leave executed.dt alone for simulated orders,
    # expire stamps it in both cases
    data = make_data()
    for method in ('cancel', 'margin', 'reject'):
        sim = BuyOrder(data=data, size=1, exectype=Order.Limit, price=9.0, simulated=True)
        real = BuyOrder(data=data, size=1, exectype=Order.Limit, price=9.0)
        getattr(sim, method)()
        getattr(real, method)()
        assert (sim.executed.dt, real.executed.dt) == (None, data.datetime[0])
    sim = BuyOrder(data=data, size=1, exectype=Order.Limit, price=9.0, valid=1.0,
                   simulated=True)
    assert sim.expire() is True and sim.executed.dt == data.datetime[0]


def test_expire_rules():
    data = make_data()   # bar at 737426.6458333334
    lim = dict(size=1, exectype=Order.Limit, price=9.0)
    assert BuyOrder(data=data, size=1, valid=1.0).expire() is False  # market never
    assert BuyOrder(data=data, valid=737426.0, **lim).expire() is True
    assert BuyOrder(data=data, valid=737428.0, **lim).expire() is False
    assert BuyOrder(data=data, valid=737426.6458333334, **lim).expire() is False  # strict
    assert BuyOrder(data=data, valid=0, **lim).expire() is False     # 0: never
    assert BuyOrder(data=data, valid=None, **lim).expire() is False


# -- trailing ---------------------------------------------------------------------
def test_trailing_initial_and_adjust():
    data = make_data()  # close 10.0
    # oracle: (created.price, created.pricelimit) after creation and after
    # trailadjust(11.0), (9.0), (10.2), (12.5), (8.0)
    cases = [
        (BuyOrder, Order.StopTrail, dict(trailamount=0.5),
         [(10.5, 10.0), (10.5, 10.0), (9.5, 10.0), (9.5, 10.0), (9.5, 10.0), (8.5, 10.0)]),
        (BuyOrder, Order.StopTrail, dict(trailpercent=0.1),
         [(11.0, 10.0), (11.0, 10.0), (9.9, 10.0), (9.9, 10.0), (9.9, 10.0), (8.8, 10.0)]),
        (BuyOrder, Order.StopTrailLimit, dict(price=10.3, pricelimit=10.1, trailamount=0.25),
         [(10.55, 10.35), (10.55, 10.35), (9.25, 9.049999999999999), (9.25, 9.049999999999999),
          (9.25, 9.049999999999999), (8.25, 8.049999999999999)]),
        (SellOrder, Order.StopTrail, dict(trailpercent=0.1),
         [(9.0, 10.0), (9.9, 10.0), (9.9, 10.0), (9.9, 10.0), (11.25, 10.0), (11.25, 10.0)]),
        (SellOrder, Order.StopTrailLimit, dict(price=10.3, pricelimit=10.1, trailamount=0.25),
         [(10.05, 9.85), (10.75, 10.549999999999999), (10.75, 10.549999999999999),
          (10.75, 10.549999999999999), (12.25, 12.049999999999999),
          (12.25, 12.049999999999999)]),
        (SellOrder, Order.Stop, dict(trailamount=0.5),  # plain stop still ratchets
         [(10.0, 10.0), (10.5, 10.0), (10.5, 10.0), (10.5, 10.0), (12.0, 10.0), (12.0, 10.0)]),
    ]
    for cls, exectype, kwargs, expected in cases:
        order = cls(data=data, size=1, exectype=exectype, **kwargs)
        seen = [(order.created.price, order.created.pricelimit)]
        for px in (11.0, 9.0, 10.2, 12.5, 8.0):
            order.trailadjust(px)
            seen.append((order.created.price, order.created.pricelimit))
        assert seen == expected, (cls.__name__, exectype, kwargs)


def test_trailing_sell_may_go_negative():
    # oracle: the initial sell stop is not floored at 0
    order = SellOrder(size=2, simulated=True, price=0.3, trailamount=0.5,
                      exectype=Order.StopTrail)
    assert order.created.price == -0.2


# -- life cycle ---------------------------------------------------------------------
class _Broker:
    def orderstatus(self, order):
        return 42


def test_transitions():
    data = make_data()
    order = BuyOrder(data=data, size=5, exectype=Order.Limit, price=9.0)
    assert order.alive() and order.active() and order.brokerstatus() == Order.Created
    broker = _Broker()
    order.submit(broker)
    assert (order.status, order.broker, order.plen) == (Order.Submitted, broker, 1)
    assert order.brokerstatus() == 42
    order.accept()
    assert (order.status, order.broker) == (Order.Accepted, None)  # accept(None) clears
    assert order.reject() is True and order.reject() is False
    assert order.status == Order.Rejected and not order.alive()
    assert order.executed.dt == data.datetime[0]

    for method, status in (('cancel', Order.Canceled), ('margin', Order.Margin),
                           ('completed', Order.Completed), ('partial', Order.Partial)):
        order = BuyOrder(data=data, size=1)
        assert getattr(order, method)() is None
        assert order.status == status
    assert order.getstatusname() == 'Partial' and order.getstatusname(5) == 'Canceled'
    assert order.getordername(5) == 'StopTrail' and order.ordtypename(1) == 'Sell'
    assert Order.ExecType('StopTrailLimit') == 6 and Order.Cancelled == Order.Canceled


def test_bracket_child_inactive():
    data = make_data()
    parent = BuyOrder(data=data, size=1)
    child = SellOrder(data=data, size=1, parent=parent, exectype=Order.Limit, price=12.0)
    assert parent.active() and not child.active()
    child.activate()
    assert child.active()


def test_execute_zero_size_only_sets_status():
    order = BuyOrder(data=make_data(), size=5)
    order.execute(123.0, 0, 9.0, 0, 0.0, 0.0, 0, 0.0, 0.0, 55.0, 7.0, 3, 9.0)
    # oracle: status Partial, nothing recorded (margin untouched)
    assert order.status == Order.Partial
    assert (len(order.executed), order.executed.dt, order.executed.margin) == (0, None, None)
    order.execute(124.0, 5, 9.0, 0, 0.0, 0.0, 5, 45.0, 0.0, 66.0, 7.0, 5, 9.0)
    assert order.status == Order.Completed
    assert (order.executed.dt, order.executed.margin, order.executed.pnl) == (124.0, 66.0, 7.0)


def test_clone_shares_created_and_info():
    order = BuyOrder(data=make_data(), size=5)
    order.addinfo(a=1, b='x')
    order.addcomminfo('CI')
    clone = order.clone()
    assert clone.created is order.created and clone.info is order.info
    assert clone.executed is not order.executed
    assert clone.executed.exbits is order.executed.exbits
    assert dict(order.info) == {'a': 1, 'b': 'x'} and clone.comminfo == 'CI'
    with pytest.raises(TypeError):
        hash(order)


def test_plimit_property():
    order = SellOrder(data=make_data(), size=1, exectype=Order.Limit, price=9.5)
    assert order.plimit is None
    order.plimit = 8.0
    assert (order.plimit, order.pricelimit) == (8.0, None)


# -- OrderData / OrderExecutionBit ----------------------------------------------------
def test_orderdata_add_and_pending():
    od = OrderData(remsize=-10)
    od.add(5.0, -3, 2.0, closed=-1, closedvalue=2.0, closedcomm=0.1, opened=-2,
           openedvalue=4.0, openedcomm=0.2, pnl=0.5, psize=-3, pprice=2.0)
    # oracle values
    assert (od.dt, od.size, od.remsize, od.price, od.value, od.comm, od.pnl) == \
        (5.0, -3, -7, 2.0, 6.0, 0.30000000000000004, 0.5)
    od.addbit(OrderExecutionBit(6.0, -2, 3.0, pnl=1.0))
    assert (od.size, od.remsize, od.price, od.pnl, od.psize, od.pprice) == (-5, -5, 2.4, 1.5, 0, 0.0)
    assert od.getpending() == []
    od.markpending()
    assert [b.size for b in od.getpending()] == [-3, -2]
    od.add(7.0, -1, 4.0)
    assert od.price == 2.6666666666666665
    clone = od.clone()
    assert (clone.p1, clone.p2) == (2, 3) and [b.size for b in clone.getpending()] == [-1]
    assert len(od) == 3 and od[0].size == -3 and od[-1].price == 4.0


def test_execution_bit_totals():
    bit = OrderExecutionBit(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
    assert (bit.closed, bit.closedvalue, bit.closedcomm) == (4, 5, 6)
    assert (bit.opened, bit.openedvalue, bit.openedcomm) == (7, 8, 9)
    assert (bit.value, bit.comm, bit.pnl, bit.psize, bit.pprice) == (13, 15, 10, 11, 12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 1000), st.floats(0.01, 1e4)), min_size=1, max_size=20))
def test_executed_is_weighted_average(fills):
    total = sum(s for s, _ in fills)
    order = BuyOrder(size=total, simulated=True)
    for size, price in fills:
        order.execute(0.0, size, price, 0, 0.0, 0.0, size, size * price, 0.0, None, 0.0, size, price)
    ex = order.executed
    assert ex.size == total and ex.remsize == 0 and order.status == Order.Completed
    expected = sum(s * p for s, p in fills) / total
    assert ex.price == pytest.approx(expected, rel=1e-9)
    assert min(p for _, p in fills) * (1 - 1e-12) <= ex.price <= max(p for _, p in fills) * (1 + 1e-12)


# -- bad input -------------------------------------------------------------------------
@pytest.mark.parametrize('kwargs', [
    dict(size=None),
    dict(size='10'),
    dict(size=1, exectype=99),
    dict(size=1, exectype='Limit'),
    dict(size=1, valid='tomorrow'),
])
def test_bad_input_raises_order_error(kwargs):
    # strict mode
    with bt.strict_mode(), pytest.raises(OrderError):
        SellOrder(data=make_data(), **kwargs)


def test_missing_data_raises_order_error():
    with bt.strict_mode(), pytest.raises(OrderError):
        BuyOrder(size=1)
    assert BuyOrder(size=1, simulated=True).created.dt == 0.0  # simulated needs none


def test_bad_input_default_mode_as_upstream():
    # observed with the oracle (orders made directly in a strategy's next):
    # size None / '10' on a sell: TypeError; an unknown exectype is kept;
    # a bad valid: TypeError; no data: AttributeError
    data = make_data()
    for kwargs in (dict(size=None), dict(size='10'), dict(size=1, valid='tomorrow')):
        with pytest.raises(TypeError):
            SellOrder(data=data, **kwargs)
    assert SellOrder(data=data, size=1, exectype=99).exectype == 99
    assert SellOrder(data=data, size=1, exectype='Limit').exectype == 'Limit'
    with pytest.raises(AttributeError):
        BuyOrder(size=1)


def test_unknown_keyword_raises():
    with pytest.raises(ParameterError):
        BuyOrder(data=make_data(), size=1, plimit=3.0)
    with pytest.raises(TypeError):  # ParameterError is a TypeError, as upstream's error
        StopLimitSellOrder(data=make_data(), size=1, foo=1)


# -- differential against upstream ------------------------------------------------------
ORDER_SCRIPT = FAKE_DATA_SRC + '''
import datetime, random
from backtrader.order import BuyOrder, SellOrder, Order

def state(o):
    c, e = o.created, o.executed
    return (o.ref, o.status, o.size, o.exectype, o.valid, o.dteos, o.alive(), o.active(),
            c.dt, c.size, c.price, c.pricelimit, c.plimit, c.pclose, c.remsize,
            e.dt, e.size, e.remsize, e.price, e.value, e.comm, e.pnl, e.margin, e.psize,
            e.pprice, len(e), o._limitoffset)

random.seed(SEED)
dts = [datetime.datetime(2020, 1, 2) + datetime.timedelta(hours=7 * i) for i in range(80)]
closes = [round(random.uniform(5, 15), 2) for _ in dts]
data = FakeData(closes, dts)
orders = []
for step in range(60):
    r = random.random()
    if r < 0.3 or not orders:
        cls = random.choice([BuyOrder, SellOrder])
        kw = dict(size=random.choice([1, 3, 10, 2.5]), exectype=random.randrange(8))
        if random.random() < 0.6:
            kw['price'] = round(random.uniform(5, 15), 2)
        if random.random() < 0.3:
            kw['pricelimit'] = round(random.uniform(5, 15), 2)
        if random.random() < 0.3:
            kw['trailamount'] = round(random.uniform(0.1, 2), 2)
        if random.random() < 0.3:
            kw['trailpercent'] = round(random.uniform(0.01, 0.2), 3)
        kw['valid'] = random.choice([None, None, Order.DAY, datetime.timedelta(hours=10),
                                     datetime.date(2020, 1, 5), 0, 737430.5])
        kw['simulated'] = 'price' in kw and random.random() < 0.3
        o = cls(data=data, **kw)
        orders.append(o)
        print('new', state(o))
    elif r < 0.5:
        o = random.choice(orders)
        o.trailadjust(round(random.uniform(5, 15), 2))
        print('trail', o.ref, o.created.price, o.created.pricelimit)
    elif r < 0.75:
        o = random.choice(orders)
        rem = o.executed.remsize
        size = rem if random.random() < 0.3 else (rem / 2 if isinstance(rem, float) else rem // 2)
        px = round(random.uniform(5, 15), 3)
        o.execute(data.datetime[0], size, px, 0, 0.0, 0.0, size, size * px, abs(size) * 0.01,
                  random.choice([None, 100.0]), 0.5, size, px)
        print('exec', state(o))
    elif r < 0.85:
        o = random.choice(orders)
        c = o.clone()
        print('clone', [(b.size, b.price) for b in c.executed.getpending()], c == o)
    elif r < 0.93:
        data.advance()
        print('bar', len(data), [o.expire() for o in orders], [o.status for o in orders])
    else:
        o = random.choice(orders)
        m = random.choice(['cancel', 'margin', 'reject', 'accept', 'submit', 'partial'])
        print(m, getattr(o, m)(), state(o))
print(str(orders[-1]).replace('\\n', '|'))
'''


@pytest.mark.oracle
@pytest.mark.parametrize('seed', [1, 2, 3, 4])
def test_orders_match_oracle(seed, run_oracle, run_ours):
    script = ORDER_SCRIPT.replace('SEED', str(seed))
    expected = run_oracle(script)
    assert expected.count('\n') > 60
    assert run_ours(script) == expected


def test_snapshots_make_their_fill_deque_when_read_or_copied():
    # an order kept for the whole run holds its fills in a list (a deque is
    # the largest part of a snapshot); ``exbits`` reads (and copies) see the
    # deque upstream has, made from that list and kept from then on
    import collections
    import copy
    import pickle
    order = BuyOrder(data=make_data(), size=5)
    assert '_bits' not in order.created.__dict__
    assert type(order.executed.__dict__['_bits']) is list
    assert len(order.created) == 0 and list(order.created.iterpending()) == []
    exbits = order.created.exbits
    assert type(exbits) is collections.deque and order.created.exbits is exbits
    # fills recorded before the first read are in the deque, later ones too
    order.executed.add(1.0, 2, 9.0)
    fills = order.executed.exbits
    assert type(fills) is collections.deque and len(fills) == 1
    order.executed.add(2.0, 3, 9.5)
    assert order.executed.exbits is fills and len(fills) == 2 and len(order.executed) == 2
    # a copy made before any read shares the fills made after it
    other = BuyOrder(data=make_data(), size=5)
    clone = other.clone()
    dup = copy.copy(other.executed)
    other.executed.add(1.0, 5, 9.0)
    assert len(clone.executed) == 1 and len(dup) == 1
    assert clone.executed.exbits is other.executed.exbits is dup.exbits
    # a snapshot whose deque was never read survives a pickle round trip
    fresh = BuyOrder(data=make_data(), size=5).created
    back = pickle.loads(pickle.dumps(fresh))
    assert len(back) == 0 and back.size == 5
    back.addbit(OrderExecutionBit(dt=1.0, size=5, price=9.0))
    assert len(back) == 1 and back.remsize == -5
    # so does an executed snapshot with a fill, and one pickled as before
    # (its fills under ``exbits``)
    filled = BuyOrder(data=make_data(), size=5).executed
    filled.add(1.0, 5, 9.0)
    back = pickle.loads(pickle.dumps(filled))
    assert len(back) == 1 and back.exbits[0].price == 9.0
    old = OrderData.__new__(OrderData)
    old.__setstate__({'exbits': collections.deque([filled[0]]), 'size': 5})
    assert len(old) == 1 and type(old.exbits) is collections.deque


def test_order_info_is_made_when_first_read_and_shared_by_clones():
    # most orders never carry info: the AutoOrderedDict is made on first read;
    # a clone (a notification copy) shares the original's, as upstream's copies do
    from backtrader.utils.autodict import AutoOrderedDict
    order = BuyOrder(data=make_data(), size=5)
    assert 'info' not in order.__dict__
    clone = order.clone()
    assert type(order.info) is AutoOrderedDict and clone.info is order.info
    clone.info['tag'] = 'x'
    assert order.info.tag == 'x'
    order.addinfo(name='entry')
    assert clone.info['name'] == 'entry'
    # an order given keywords (buy(..., name=...)) has them at once
    tagged = BuyOrder(data=make_data(), size=5)
    tagged.addinfo(a=1)
    assert dict(tagged.info) == {'a': 1} and BuyOrder(data=make_data(), size=1).info == {}


@settings(max_examples=150, deadline=None)
@given(size=st.one_of(st.integers(1, 10**6), st.floats(0.001, 1e6)),
       close=st.sampled_from([0.0, -0.0, 1.0, 12.5, 1e-9, 123456.789]),
       sell=st.booleans())
def test_plain_market_order_is_the_general_one(size, close, sell):
    # OrderBase._market (buy()/sell() with no other argument) against the
    # general construction from every parameter at its default: the same
    # parameters, attributes and snapshots (the reference stays unique)
    cls = SellOrder if sell else BuyOrder
    data = FakeData([close], DTS[:1], 'd0')
    general = cls._from_params({
        'owner': None, 'data': data, 'size': size, 'price': None, 'pricelimit': None,
        'exectype': None, 'valid': None, 'tradeid': 0, 'trailamount': None,
        'trailpercent': None, 'parent': None, 'transmit': True, 'histnotify': False})
    plain = cls._market(None, data, size)
    assert plain.ref == general.ref + 1
    assert plain.p._getkwargs() == general.p._getkwargs()

    def state(obj, skip=()):
        return {k: v for k, v in vars(obj).items() if k not in skip}

    skip = ('p', 'params', 'ref', 'created', 'executed')
    assert state(plain, skip) == state(general, skip)
    assert list(vars(plain)) == list(vars(general))          # same shape, same order
    for snap in ('created', 'executed'):
        a, b = getattr(plain, snap), getattr(general, snap)
        assert repr(state(a)) == repr(state(b))             # (-0.0 and 0.0 apart)
    for name in ('size', 'price', 'pricelimit', 'exectype', 'valid', 'tradeid', 'oco',
                 'trailamount', 'trailpercent', 'parent', 'transmit', 'simulated',
                 'histnotify', 'plimit'):
        assert repr(getattr(plain, name)) == repr(getattr(general, name)), name
