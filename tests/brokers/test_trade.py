"""Trade bookkeeping and trade history.

Expected values come from upstream 1.9.78.123 run as a black box: the same calls
on ``bt.Trade``/``bt.TradeHistory`` with the fake data feed of ``test_order``
(``FAKE_DATA_SRC``) under ``PYTHONPATH=.oracle python3``.
"""
from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given, settings, strategies as st

from backtrader.comminfo import CommInfoBase, CommissionInfo
from backtrader.order import BuyOrder, SellOrder
from backtrader.trade import Trade, TradeHistory

from test_order import FAKE_DATA_SRC, FakeData

DTS = [dt.datetime(2020, 1, 2, 15, 30), dt.datetime(2020, 1, 3, 23, 59, 59, 999990),
       dt.datetime(2020, 1, 6, 23, 59, 59, 999990), dt.datetime(2020, 1, 7, 23, 59, 59, 999990)]


def make_data():
    return FakeData([10.0, 11.0, 12.0, 13.0], DTS, 'd0')


# -- port of upstream test_trade --------------------------------------------------------
def test_trade_life():
    data = make_data()
    ci = CommissionInfo(commission=0.0025)
    order = BuyOrder(data=data, size=10)
    trade = Trade(data=data, tradeid=3, historyon=True)

    def fields():
        return (trade.size, trade.price, trade.value, trade.commission, trade.pnl,
                trade.pnlcomm, trade.justopened, trade.isopen, trade.isclosed,
                trade.baropen, trade.barclose, trade.barlen, trade.status)

    # oracle values after each update (the value/pnl arguments are ignored)
    trade.update(order, 10, 10.0, 100.0, 2.5, 0.0, ci)
    assert fields() == (10, 10.0, 100.0, 2.5, 0.0, -2.5, True, True, False, 1, 0, 0, Trade.Open)
    assert trade.dtopen == 737426.6458333334 and trade.long is True
    data.advance()
    trade.update(order, -5, 12.5, 50.0, 1.0, 12.5, ci)   # reduce: price kept
    assert fields() == (5, 10.0, 50.0, 3.5, 12.5, 9.0, False, True, False, 1, 0, 1, Trade.Open)
    data.advance()
    trade.update(order, 7, 14.5, 101.5, 1.5, 0.0, ci)    # increase: price averaged
    assert fields() == (12, 12.625, 151.5, 5.0, 12.5, 7.5, False, True, False, 1, 0, 2, Trade.Open)
    data.advance()
    trade.update(order, -12, 16.0, 150.0, 1.2, 0.0, ci)  # close
    assert fields() == (0, 12.625, 0.0, 6.2, 53.0, 46.8, False, False, True, 1, 4, 3, Trade.Closed)
    assert trade.dtclose == 737431.9999999999
    assert trade.close_datetime() == dt.datetime(2020, 1, 7, 23, 59, 59, 999990)
    assert trade.getdataname() == 'd0'

    hist = trade.history
    assert len(hist) == 4
    assert list(hist[1].status.items()) == [
        ('status', 1), ('dt', 737427.9999999999), ('barlen', 1), ('size', 5), ('price', 10.0),
        ('value', 50.0), ('pnl', 12.5), ('pnlcomm', 9.0), ('tz', None)]
    assert list(hist[3].event.items()) == [('order', order), ('size', -12), ('price', 16.0),
                                           ('commission', 1.2)]
    assert hist[3].status.status == Trade.Closed
    # num2date of the float stamp: 23:59:59.999990 reads back as .999989
    assert hist[3].datetime() == dt.datetime(2020, 1, 7, 23, 59, 59, 999989)


def test_str_of_new_trade():
    trade = Trade()
    expected = ('ref:{}\ndata:None\ntradeid:0\nsize:0\nprice:0.0\nvalue:0.0\ncommission:0.0\n'
                'pnl:0.0\npnlcomm:0.0\njustopened:False\nisopen:False\nisclosed:False\n'
                'baropen:0\ndtopen:0.0\nbarclose:0\ndtclose:0.0\nbarlen:0\nhistoryon:False\n'
                'history:[]\nstatus:0').format(trade.ref)
    assert str(trade) == expected
    assert (len(trade), bool(trade), Trade.status_names) == (0, False, ['Created', 'Open', 'Closed'])
    assert Trade().ref == trade.ref + 1


def test_short_trade_and_zero_update():
    data = make_data()
    ci = CommissionInfo()
    trade = Trade(data=data)
    order = SellOrder(data=data, size=4)
    assert trade.update(order, 0, 5.0, 0.0, 1.0, 0.0, ci) is None
    assert (trade.commission, trade.status) == (0.0, Trade.Created)  # nothing at all
    trade.update(order, -4, 8.0, 32.0, 0.0, 0.0, ci)
    assert (trade.size, trade.price, trade.value, trade.long) == (-4, 8.0, -32.0, False)
    trade.update(order, 6, 7.0, 0.0, 0.0, 0.0, ci)   # crosses zero without growing
    # oracle: price kept, pnl realized on the whole update size
    assert (trade.size, trade.price, trade.value, trade.pnl, trade.isclosed) == (2, 8.0, 16.0, 6.0, False)


def test_simulated_order_times():
    data = make_data()
    ci = CommissionInfo()
    order = BuyOrder(data=data, size=3, simulated=True)
    trade = Trade(data=data, historyon=True)
    trade.update(order, 3, 5.0, 0.0, 1.0, 0.0, ci)
    trade.update(order, -3, 5.0, 0.0, 1.0, 0.0, ci)
    # oracle: dtopen and history stamps 0.0, dtclose from the data
    assert (trade.dtopen, trade.dtclose) == (0.0, 737426.6458333334)
    assert [h.status.dt for h in trade.history] == [0.0, 0.0]
    assert trade.pnlcomm == -2.0


def test_futures_trade_value():
    data = make_data()
    ci = CommInfoBase(margin=1000.0, mult=10.0)
    trade = Trade(data=data)
    trade.update(BuyOrder(data=data, size=2), -2, 100.0, 0.0, 0.0, 0.0, ci)
    assert trade.value == 2000.0
    trade.update(BuyOrder(data=data, size=2), 1, 90.0, 0.0, 0.0, 0.0, ci)
    assert (trade.pnl, trade.value) == (100.0, 1000.0)


def test_trade_history_dict():
    th = TradeHistory(1, 737000.5, 3, 10, 2.0, 20.0, 1.0, 0.5, None)
    assert list(th.keys()) == ['status']
    with pytest.raises(KeyError):
        th.missing
    th.doupdate('ORD', 5, 2.5, 0.1)
    th.doupdate('ORD2', 6, 2.6, 0.2)
    assert list(th.event.items()) == [('order', 'ORD2'), ('size', 6), ('price', 2.6),
                                      ('commission', 0.2)]
    with pytest.raises(KeyError):
        th.event.missing
    assert th.datetime() == dt.datetime(2018, 11, 2, 12, 0)
    back = pickle.loads(pickle.dumps(th))
    assert type(back) is TradeHistory and back == th
    withevent = TradeHistory(1, 737000.5, 3, 10, 2.0, 20.0, 1.0, 0.5, None, event={'x': 1})
    assert withevent['event'] == {'x': 1}


# -- properties ---------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 100), st.floats(1, 1000)), min_size=1, max_size=10),
       st.floats(1, 1000))
def test_long_trade_pnl_equals_price_difference(buys, exitprice):
    data = make_data()
    ci = CommInfoBase()
    trade = Trade(data=data)
    order = BuyOrder(data=data, size=1)
    for size, price in buys:
        trade.update(order, size, price, 0.0, 0.5, 0.0, ci)
    total = sum(s for s, _ in buys)
    avg = sum(s * p for s, p in buys) / total
    assert trade.price == pytest.approx(avg, rel=1e-9)
    trade.update(order, -total, exitprice, 0.0, 0.5, 0.0, ci)
    assert trade.isclosed and trade.status == Trade.Closed and trade.size == 0
    assert trade.pnl == pytest.approx(total * (exitprice - avg), rel=1e-9, abs=1e-6)
    assert trade.pnlcomm == pytest.approx(trade.pnl - 0.5 * (len(buys) + 1))


# -- differential against upstream -----------------------------------------------------------
TRADE_SCRIPT = FAKE_DATA_SRC + '''
import datetime, random
from backtrader.comminfo import CommInfoBase
from backtrader.order import BuyOrder
from backtrader.trade import Trade

random.seed(SEED)
dts = [datetime.datetime(2020, 1, 2) + datetime.timedelta(hours=9 * i) for i in range(400)]
data = FakeData([10.0] * len(dts), dts)
for n in range(40):
    ci = random.choice([CommInfoBase(), CommInfoBase(margin=500.0, mult=5.0),
                        CommInfoBase(commission=0.1, mult=2.0)])
    order = BuyOrder(data=data, size=1, simulated=random.random() < 0.2, price=1.0)
    trade = Trade(data=data, tradeid=n, historyon=random.random() < 0.5)
    for k in range(random.randint(1, 8)):
        size = random.choice([random.randint(-20, 20), round(random.uniform(-20, 20), 2)])
        price = round(random.uniform(5, 50), 3)
        trade.update(order, size, price, 0.0, round(random.uniform(0, 1), 3), 0.0, ci)
        if random.random() < 0.5:
            data.advance()
        print(trade.size, trade.price, trade.value, trade.commission, trade.pnl, trade.pnlcomm,
              trade.justopened, trade.isopen, trade.isclosed, trade.baropen, trade.dtopen,
              trade.barclose, trade.dtclose, trade.barlen, trade.status, getattr(trade, 'long', '-'))
    for h in trade.history:
        print(list(h.status.items()), [v for k, v in h.event.items() if k != 'order'])
'''


@pytest.mark.oracle
@pytest.mark.parametrize('seed', [21, 22, 23])
def test_trades_match_oracle(seed, run_oracle, run_ours):
    script = TRADE_SCRIPT.replace('SEED', str(seed))
    expected = run_oracle(script)
    assert expected.count('\n') > 40
    assert run_ours(script) == expected


def test_history_list_made_when_needed_and_shared_by_copies():
    # a trade without historyon never appends: its (empty) list is made only if
    # read; with historyon the first update makes it, and the copies handed to
    # notify_trade (made after an update) share it, as upstream's copies do
    import copy
    data = make_data()
    ci = CommissionInfo(commission=0.0)
    plain = Trade(data=data)
    plain.update(BuyOrder(data=data, size=1), 1, 10.0, 10.0, 0.0, 0.0, ci)
    assert 'history' not in vars(plain) and plain.history == []
    kept = Trade(data=data, historyon=True)
    kept.update(BuyOrder(data=data, size=1), 1, 10.0, 10.0, 0.0, 0.0, ci)
    snapshot = copy.copy(kept)
    kept.update(SellOrder(data=data, size=1), -1, 11.0, 11.0, 0.0, 1.0, ci)
    assert snapshot.history is kept.history and len(kept.history) == 2
