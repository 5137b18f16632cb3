"""Commission schemes (CommInfoBase and presets).

Expected values come from upstream 1.9.78.123 run as a black box: each check is
the same call made with ``bt.CommissionInfo``/``bt.CommInfoBase``/
``bt.commissions.*`` under ``PYTHONPATH=.oracle python3``.
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from backtrader import commissions
from backtrader.comminfo import CommInfoBase, CommissionInfo
from backtrader.core.errors import ParameterError
from backtrader.position import Position


# -- port of upstream test_comminfo -----------------------------------------------
def test_stocks_commissioninfo():
    ci = CommissionInfo(commission=0.5)
    size, price, newprice = 100, 10.0, 10.5
    assert ci.stocklike and ci.margin is None
    assert ci.getoperationcost(size, price) == 1000.0
    assert ci.getvaluesize(size, price) == 1000.0
    assert ci.getcommission(size, price) == 500.0
    assert ci.profitandloss(size, price, newprice) == 50.0
    assert ci.cashadjust(size, price, newprice) == 0.0
    assert (ci.getoperationcost(-size, price), ci.getvaluesize(-size, price)) == (1000.0, -1000.0)
    assert ci.getcommission(-size, price) == 500.0
    assert ci.profitandloss(-size, price, newprice) == -50.0
    # oracle: short value = entry value + unrealized profit
    assert ci.getvalue(Position(-size, price), newprice) == -950.0
    assert ci.getvalue(Position(size, price), newprice) == 1050.0
    assert ci.getsize(price, 12345.0) == 1234


def test_futures_commissioninfo():
    ci = CommissionInfo(commission=0.5, mult=10, margin=10)
    size, price, newprice = 100, 10.0, 10.5
    assert not ci.stocklike and ci.margin == 10
    assert ci.getoperationcost(size, price) == 1000
    assert ci.getvaluesize(size, price) == 1000
    assert ci.getcommission(size, price) == 50.0
    assert ci.profitandloss(size, price, newprice) == 500.0
    assert ci.cashadjust(size, price, newprice) == 500.0
    assert (ci.getvaluesize(-size, price), ci.cashadjust(-size, price, newprice)) == (1000, -500.0)
    assert ci.getvalue(Position(-size, price), newprice) == 1000
    assert ci.getsize(price, 12345.0) == 1234


# -- init rules ----------------------------------------------------------------------
def test_legacy_inference_and_percent():
    # oracle: (stocklike, margin, _commtype, p.commission)
    cases = [
        (dict(), (True, None, 0, 0.0)),
        (dict(commission=0.5), (True, None, 0, 0.005)),              # % -> fraction
        (dict(commission=0.5, percabs=True), (True, None, 0, 0.5)),
        (dict(margin=1000.0, commission=2.0, mult=10.0), (False, 1000.0, 1, 2.0)),
        (dict(margin=0), (True, 0, 0, 0.0)),                          # falsy margin
        (dict(commtype=CommInfoBase.COMM_PERC, commission=0.1), (False, 1.0, 0, 0.001)),
        (dict(commtype=CommInfoBase.COMM_FIXED, stocklike=True, commission=2.0), (True, None, 1, 2.0)),
        (dict(stocklike=True, margin=10.0), (False, 10.0, 1, 0.0)),   # margin wins
    ]
    for kwargs, expected in cases:
        ci = CommInfoBase(**kwargs)
        assert (ci.stocklike, ci.margin, ci._commtype, ci.p.commission) == expected, kwargs


def test_presets():
    # oracle: (stocklike, margin, commission(3, 100.0), operationcost(3, 100.0))
    cases = [
        (commissions.CommInfo, {}, (True, None, 1.5, 300.0)),
        (commissions.CommInfo, dict(margin=2000.0), (False, 2000.0, 1.5, 6000.0)),
        (commissions.CommInfo_Futures, {}, (True, None, 1.5, 300.0)),
        (commissions.CommInfo_Futures_Perc, {}, (False, 1.0, 1.5, 3.0)),
        (commissions.CommInfo_Futures_Fixed, {}, (False, 1.0, 1.5, 3.0)),
        (commissions.CommInfo_Stocks, dict(margin=2000.0), (False, 2000.0, 1.5, 6000.0)),
        (commissions.CommInfo_Stocks_Perc, dict(margin=2000.0), (True, 2000.0, 1.5, 300.0)),
        (commissions.CommInfo_Stocks_Fixed, {}, (True, None, 1.5, 300.0)),
    ]
    for cls, extra, expected in cases:
        ci = cls(commission=0.5, **extra)
        got = (ci.stocklike, ci.margin, ci.getcommission(3, 100.0), ci.getoperationcost(3, 100.0))
        assert got == expected, (cls.__name__, extra)
    assert CommissionInfo.params.percabs is True and CommInfoBase.params.percabs is False
    assert commissions.CommInfo_Futures_Perc.params.commtype == CommInfoBase.COMM_PERC


def test_automargin_and_leverage():
    ci = CommInfoBase(automargin=-1, margin=5.0, mult=3.0)   # margin = price * mult
    assert ci.get_margin(12.0) == 36.0
    assert ci.getoperationcost(10, 12.5) == 375.0
    assert ci.getvalue(Position(10, 12.5), 13.0) == 390.0
    assert ci.getsize(12.5, 1000.0) == 26
    ci = CommInfoBase(automargin=0.5, margin=5.0)            # margin = price * 0.5
    assert (ci.get_margin(12.0), ci.getsize(3.3, 1000.0)) == (6.0, 606)
    ci = CommInfoBase(leverage=2.0)
    assert (ci.get_leverage(), ci.getsize(12.5, 1000.0), ci.getsize(3.3, 33.3)) == (2.0, 160, 20)
    ci = CommInfoBase(leverage=3.0, margin=7.0)
    assert ci.getsize(12.5, 1000.0) == 426


def test_credit_interest():
    pos_dt = dt.datetime(2020, 1, 3, 23, 59)
    later = [dt.datetime(2020, 1, 3, 23, 59), dt.datetime(2020, 1, 4, 0, 1),
             dt.datetime(2020, 1, 10), dt.datetime(2020, 1, 2)]

    def charges(ci, size):
        pos = Position(size, 12.5)
        pos.datetime = pos_dt
        return [ci.get_credit_interest(None, pos, when) for when in later]

    shorts_only = CommInfoBase(interest=0.05)
    # oracle values (whole days, none for the same day or the past)
    assert charges(shorts_only, -10) == [0.0, 0.01712328767123288, 0.11986301369863014, 0.0]
    assert charges(shorts_only, 10) == [0.0, 0.0, 0.0, 0.0]
    both = CommInfoBase(interest=0.05, interest_long=True)
    assert charges(both, 10) == [0.0, 0.01712328767123288, 0.11986301369863014, 0.0]
    assert shorts_only._get_credit_interest(None, -10, 12.5, 3, None, None) == 0.051369863013698634
    assert shorts_only._creditrate == 0.00013698630136986303


def test_credit_interest_hook_arguments():
    seen = []

    class Custom(CommInfoBase):
        def _get_credit_interest(self, data, size, price, days, dt0, dt1):
            seen.append((data, size, price, days, dt0, dt1))
            return 1.0

    pos = Position(-5, 3.0)
    pos.datetime = dt.datetime(2020, 1, 1, 10)
    assert Custom(interest=0.1).get_credit_interest('D', pos, dt.datetime(2020, 1, 4, 9)) == 1.0
    # oracle: dt0 is the current date, dt1 the position's date
    assert seen == [('D', -5, 3.0, 3, dt.date(2020, 1, 4), dt.date(2020, 1, 1))]


def test_confirmexec_passes_pseudoexec_false():
    calls = []

    class Counting(CommInfoBase):
        def _getcommission(self, size, price, pseudoexec):
            calls.append(pseudoexec)
            return 1.0

    ci = Counting()
    ci.getcommission(1, 1.0)
    ci.confirmexec(1, 1.0)
    assert calls == [True, False]


def test_unknown_parameter():
    with pytest.raises(ParameterError):
        CommInfoBase(comission=0.1)


# -- properties ---------------------------------------------------------------------------
sizes = st.integers(-10_000, 10_000)
prices = st.floats(0.01, 1e5, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(size=sizes, price=prices, newprice=prices, comm=st.floats(0, 5), mult=st.floats(0.1, 100))
def test_formula_properties(size, price, newprice, comm, mult):
    stock = CommInfoBase(commission=comm, mult=mult)
    fut = CommInfoBase(commission=comm, mult=mult, margin=50.0)
    for ci in (stock, fut):
        assert ci.getcommission(size, price) >= 0
        assert ci.getcommission(size, price) == ci.getcommission(-size, price)
        assert ci.profitandloss(size, price, newprice) == -ci.profitandloss(-size, price, newprice)
        assert ci.getoperationcost(size, price) >= 0
    assert stock.getvaluesize(size, price) == size * price
    assert stock.cashadjust(size, price, newprice) == 0.0
    assert fut.getvaluesize(size, price) == abs(size) * 50.0
    assert fut.cashadjust(size, price, newprice) == fut.profitandloss(size, price, newprice)
    pos = Position(size, price)
    if size >= 0:
        assert stock.getvalue(pos, newprice) == size * newprice
    else:
        # upstream values a stock short as entry value + (entry - price) * size
        assert stock.getvalue(pos, newprice) == pytest.approx(
            size * price + (price - newprice) * size, rel=1e-9, abs=1e-6)


# -- differential against upstream ------------------------------------------------------
COMMINFO_SCRIPT = '''
import datetime, random
from backtrader.comminfo import CommInfoBase, CommissionInfo
from backtrader.position import Position
from backtrader import commissions as C

random.seed(SEED)
classes = [CommInfoBase, CommissionInfo, C.CommInfo, C.CommInfo_Futures, C.CommInfo_Futures_Perc,
           C.CommInfo_Futures_Fixed, C.CommInfo_Stocks, C.CommInfo_Stocks_Perc,
           C.CommInfo_Stocks_Fixed]
for i in range(150):
    kw = {}
    if random.random() < 0.7:
        kw['commission'] = random.choice([0.0, 0.1, 2.0, round(random.uniform(0, 5), 4)])
    if random.random() < 0.5:
        kw['margin'] = random.choice([None, 0, 1000.0, round(random.uniform(1, 3000), 2)])
    if random.random() < 0.3:
        kw['mult'] = random.choice([1.0, 10.0, round(random.uniform(0.5, 50), 2)])
    if random.random() < 0.3:
        kw['commtype'] = random.choice([None, 0, 1])
    if random.random() < 0.3:
        kw['stocklike'] = random.random() < 0.5
    if random.random() < 0.3:
        kw['percabs'] = random.random() < 0.5
    if random.random() < 0.3:
        kw['interest'] = round(random.uniform(0, 0.2), 4)
        kw['interest_long'] = random.random() < 0.5
    if random.random() < 0.2:
        kw['leverage'] = random.choice([1.0, 2.0, round(random.uniform(1, 10), 2)])
    if random.random() < 0.2:
        kw['automargin'] = random.choice([False, -1, round(random.uniform(0.01, 2), 3)])
    ci = random.choice(classes)(**kw)
    out = [ci.stocklike, ci.margin, ci._commtype, ci.p.commission, ci._creditrate]
    for j in range(5):
        size = random.choice([random.randint(-500, 500), round(random.uniform(-50, 50), 3)])
        price = round(random.uniform(0.5, 500), 4)
        newprice = round(price * random.uniform(0.8, 1.2), 4)
        cash = round(random.uniform(100, 1e6), 2)
        pos = Position(size, price)
        pos.datetime = datetime.datetime(2020, 1, 1) + datetime.timedelta(hours=random.randint(0, 100))
        when = datetime.datetime(2020, 1, 2) + datetime.timedelta(hours=random.randint(0, 400))
        out.append((ci.getcommission(size, price), ci.confirmexec(size, price),
                    ci.getoperationcost(size, price), ci.getvaluesize(size, price),
                    ci.getvalue(pos, newprice), ci.profitandloss(size, price, newprice),
                    ci.cashadjust(size, price, newprice), ci.getsize(price, cash),
                    ci.get_margin(price), ci.get_leverage(),
                    ci.get_credit_interest(None, pos, when)))
    print(type(ci).__name__, sorted(kw.items()), out)
'''


@pytest.mark.oracle
@pytest.mark.parametrize('seed', [11, 12, 13])
def test_comminfo_matches_oracle(seed, run_oracle, run_ours):
    script = COMMINFO_SCRIPT.replace('SEED', str(seed))
    expected = run_oracle(script)
    assert expected.count('\n') == 150
    assert run_ours(script) == expected
