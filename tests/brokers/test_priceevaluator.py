"""PriceEvaluator (new API, backtrader/brokers/priceevaluator.py): composition,
property tests, order ``price=`` use, the broker-level fill rule and price
limits that keep orders pending while a bar is locked."""
from __future__ import annotations

import datetime
import io
import math

import pytest
from hypothesis import given, settings, strategies as st

import backtrader as bt
from backtrader import PriceEvaluator as PE
from backtrader.brokers.priceevaluator import Bar, LimitClamp

prices = st.floats(min_value=0.5, max_value=1e5, allow_nan=False, allow_infinity=False)


@st.composite
def bars(draw):
    o, c = draw(prices), draw(prices)
    hi = max(o, c) * (1 + draw(st.floats(0, 0.1)))
    lo = min(o, c) * (1 - draw(st.floats(0, 0.1)))
    prev = draw(st.one_of(st.just(math.nan), prices))
    return Bar(o, hi, lo, c, draw(st.floats(0, 1e6)), prev)


# -- composition and values ----------------------------------------------------------------
def test_exported_names_and_fields():
    assert bt.PriceEvaluator is PE
    bar = Bar(10.0, 12.0, 9.0, 11.0, 100.0, 10.5)
    assert (PE.Open.value(bar), PE.High.value(bar), PE.Low.value(bar), PE.Close.value(bar)) == \
        (10.0, 12.0, 9.0, 11.0)
    assert PE.Mid().value(bar) == 10.5
    assert PE.Mid('typical').value(bar) == (12.0 + 9.0 + 11.0) / 3
    assert PE.Mid('weighted').value(bar) == (12.0 + 9.0 + 22.0) / 4
    assert PE.Mid('oc').value(bar) == 10.5
    assert PE.Mid('ohlc').value(bar) == 10.5
    assert (PE.Open + 0.5).value(bar) == 10.5
    assert (PE.Close * 1.1 - 1).value(bar) == pytest.approx(11.1)
    assert (2 * PE.Low).value(bar) == 18.0
    assert (100 - PE.High).value(bar) == 88.0
    assert (PE.High / 2).value(bar) == 6.0
    assert (-PE.Open).value(bar) == -10.0
    assert (PE.Open + PE.Close).value(bar) == 21.0
    assert PE.Func(lambda b: b.low + 1).value(bar) == 10.0
    assert PE.Func(lambda b, isbuy: b.high if isbuy else b.low, side=True).value(bar, False) == 9.0
    assert PE.Const(7).value(bar) == 7.0
    assert 'Mid' in repr(PE.Mid() + 1)


def test_none_propagates():
    bar = Bar(10.0, 12.0, 9.0, 11.0)
    never = PE.Func(lambda b: None)
    assert (never + 1).value(bar) is None
    assert (1 * never).value(bar) is None
    assert never.clamp(0.1).value(Bar(10.0, 12.0, 9.0, 11.0, 0.0, 10.0)) is None


@pytest.mark.parametrize('bad', [
    lambda: PE.Mid('average'), lambda: PE.Field('volume'), lambda: PE.Open + 'x',
    lambda: PE.Func(3), lambda: PE.Open.clamp(0), lambda: PE.Open.clamp(0.1, down=1.5),
    lambda: PE.Open.clamp(0.1, tick=0)])
def test_bad_arguments(bad):
    with pytest.raises((ValueError, TypeError)):
        bad()


@settings(max_examples=200, deadline=None)
@given(bars())
def test_central_prices_lie_within_the_bar(bar):
    for kind in ('median', 'typical', 'weighted', 'oc', 'ohlc'):
        v = PE.Mid(kind).value(bar)
        assert bar.low * (1 - 1e-12) <= v <= bar.high * (1 + 1e-12)


@settings(max_examples=200, deadline=None)
@given(bars(), st.floats(-100, 100), st.floats(0.01, 10))
def test_arithmetic_matches_plain_arithmetic(bar, offset, factor):
    assert ((PE.Open + offset) * factor).value(bar) == (bar.open + offset) * factor
    assert (factor * PE.Close - offset).value(bar) == factor * bar.close - offset


@settings(max_examples=300, deadline=None)
@given(bars(), st.floats(0.01, 0.3), st.floats(0.01, 0.3), st.booleans(),
       st.floats(-0.5, 0.5))
def test_clamp_stays_in_the_band(bar, up, down, isbuy, shift):
    rule = (PE.Close * (1 + shift)).clamp(up, down)
    v = rule.value(bar, isbuy)
    if math.isnan(bar.prevclose):
        assert v == bar.close * (1 + shift)
        return
    lo, hi = rule.limits(bar.prevclose)
    if v is None:
        # only a bar entirely beyond the limit on the order's side gives nothing
        assert (isbuy and bar.low >= hi * (1 - 1e-9)) or \
            (not isbuy and bar.high <= lo * (1 + 1e-9))
    else:
        assert lo <= v <= hi


@settings(max_examples=200, deadline=None)
@given(prices, st.sampled_from([0.05, 0.1, 0.2]))
def test_tick_rounded_limits(prev, pct):
    lo, hi = LimitClamp(PE.Close, pct, tick=0.01).limits(prev)
    assert round(lo, 2) == lo and round(hi, 2) == hi
    assert abs(hi - prev * (1 + pct)) <= 0.005 + 1e-9
    assert abs(lo - prev * (1 - pct)) <= 0.005 + 1e-9


def test_locked_bars():
    rule = PE.Open.clamp(0.10, tick=0.01)
    up = Bar(11.0, 11.0, 11.0, 11.0, 10.0, 10.0)       # locked limit-up
    down = Bar(9.0, 9.0, 9.0, 9.0, 10.0, 10.0)         # locked limit-down
    assert rule.value(up, True) is None and rule.value(up, False) == 11.0
    assert rule.value(down, False) is None and rule.value(down, True) == 9.0
    touched = Bar(10.5, 11.0, 10.4, 11.0, 10.0, 10.0)  # reached the limit, not locked
    assert rule.value(touched, True) == 10.5
    assert PE.Open.clamp(0.10, lock=False).value(up, True) == pytest.approx(11.0)


# -- with the broker -----------------------------------------------------------------------------
def _feed(rows):
    text = 'Date,Open,High,Low,Close,Volume,OpenInterest\n' + ''.join(
        '%s,%r,%r,%r,%r,1000,0\n' % (datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
                                      *row) for i, row in enumerate(rows))
    return bt.feeds.BacktraderCSVData(dataname=io.StringIO(text))


ROWS = [(10.0, 10.2, 9.8, 10.0), (10.0, 10.4, 9.9, 10.3), (10.3, 10.9, 10.2, 10.8),
        (11.88, 11.88, 11.88, 11.88),          # locked limit-up (+10% of 10.8)
        (13.07, 13.07, 13.07, 13.07),          # locked again (+10% of 11.88, ticked)
        (13.0, 13.5, 12.6, 12.9), (12.9, 13.2, 12.5, 13.1), (13.1, 13.3, 12.9, 13.0)]


def _run(orders, rule=None, rows=ROWS):
    """``orders``: {bar: callable(strategy)}; returns (fills, statuses)."""
    fills, statuses = [], []

    class S(bt.Strategy):
        def notify_order(self, order):
            statuses.append((len(self), order.getstatusname()))
            if order.status == order.Completed:
                fills.append((len(self), order.executed.price, order.executed.size))

        def next(self):
            if len(self) in orders:
                orders[len(self)](self)

    cer = bt.Cerebro(stdstats=False)
    cer.adddata(_feed(rows))
    cer.addstrategy(S)
    if rule is not None:
        cer.broker.set_fill_rule(rule)
    cer.run()
    return fills, statuses


def test_market_order_fills_at_evaluated_price_of_execution_bar():
    fills, _ = _run({1: lambda s: s.buy(size=2, price=PE.Mid())})
    assert fills == [(2, (10.4 + 9.9) / 2, 2)]
    fills, _ = _run({2: lambda s: s.sell(size=1, price=PE.Mid('typical'))})
    assert fills == [(3, pytest.approx((10.9 + 10.2 + 10.8) / 3), -1)]


def test_market_price_outside_the_bar_is_kept_inside():
    fills, _ = _run({1: lambda s: s.buy(size=1, price=PE.Open - 5)})
    assert fills == [(2, 9.9, 1)]           # the bar's low


def test_limit_order_with_evaluated_price_per_bar():
    # limit 0.15 under each bar's open: bar 2 (open 10.0, low 9.9) no; bar 3 (open
    # 10.3, low 10.2) no; the locked bars never trade that low; bar 6 (open 13.0,
    # low 12.6) fills at 12.85
    fills, _ = _run({1: lambda s: s.buy(size=1, exectype=bt.Order.Limit,
                                        price=PE.Open - 0.15)})
    assert fills == [(6, pytest.approx(12.85), 1)]


def test_created_price_is_the_estimate_on_the_creation_bar():
    got = []

    def send(s):
        o = s.buy(size=1, exectype=bt.Order.Limit, price=PE.Close * 0.5)
        got.append((o.created.price, o.created.pricelimit))

    _run({1: send})
    assert got == [(5.0, 5.0)]       # later bars replace it with their own value


def test_order_stays_pending_while_locked_limit_up():
    rule = PE.Open.clamp(0.10, tick=0.01)
    # a market buy sent on bar 3 meets two locked bars: it fills on bar 6, at the open
    fills, statuses = _run({3: lambda s: s.buy(size=1)}, rule=rule)
    assert fills == [(6, 13.0, 1)]
    assert statuses == [(4, 'Submitted'), (4, 'Accepted'), (6, 'Completed')]
    # without the rule upstream's behaviour: fills on bar 4 at the locked price
    fills, _ = _run({3: lambda s: s.buy(size=1)})
    assert fills == [(4, 11.88, 1)]


def test_limit_buy_stays_pending_while_locked_but_sells_fill():
    rule = PE.Open.clamp(0.10, tick=0.01)
    fills, _ = _run({1: lambda s: s.buy(size=1),
                     3: lambda s: (s.buy(size=1, exectype=bt.Order.Limit, price=14.0),
                                   s.sell(size=1))}, rule=rule)
    # the limit buy would fill on the locked bar 4 without the rule
    assert fills == [(2, 10.0, 1), (4, 11.88, -1), (6, 13.0, 1)]


def test_locked_limit_down_holds_sells():
    rows = [(10.0, 10.2, 9.8, 10.0), (10.0, 10.1, 9.9, 10.0), (9.0, 9.0, 9.0, 9.0),
            (8.5, 9.2, 8.4, 9.1), (9.1, 9.3, 9.0, 9.2)]
    rule = PE.Open.clamp(0.10, tick=0.01)
    fills, _ = _run({1: lambda s: s.buy(size=1), 2: lambda s: s.sell(size=1)}, rule=rule,
                    rows=rows)
    assert fills == [(2, 10.0, 1), (4, 8.5, -1)]


def test_fill_rule_prices_market_orders_and_can_be_removed():
    fills, _ = _run({1: lambda s: s.buy(size=1)}, rule=PE.Mid('oc'))
    assert fills == [(2, 10.15, 1)]
    broker = bt.brokers.BackBroker()
    broker.set_fill_rule(PE.Close)
    assert broker.get_fill_rule() is PE.Close
    broker.set_fill_rule(None)
    assert broker.get_fill_rule() is None
    with pytest.raises(TypeError):
        broker.set_fill_rule(lambda bar: 1.0)


def test_plain_orders_ignore_the_machinery():
    # nothing set: identical to the upstream path (and no evaluator lookups)
    fills, _ = _run({1: lambda s: s.buy(size=1, exectype=bt.Order.Limit, price=9.95)})
    assert fills == [(2, 9.95, 1)]
    broker = bt.brokers.BackBroker()
    assert broker._evaluated is False


def test_calling_a_rule_on_a_bar_or_a_data():
    # rule(bar) is rule.value(bar); rule(data) reads the data's current bar
    bar = Bar(10.0, 12.0, 9.0, 11.0, 0.0, 10.5)
    assert PE.Mid()(bar) == PE.Mid().value(bar) == 10.5
    assert (PE.Open + 0.2)((10.0, 12.0, 9.0, 11.0)) == pytest.approx(10.2)   # plain tuple
    locked = Bar(11.55, 11.55, 11.55, 11.55, 0.0, 10.5)
    rule = PE.Open.clamp(0.10, tick=0.01)
    assert rule(locked) is None and rule(locked, False) == 11.55
    seen = []

    class S(bt.Strategy):
        def next(self):
            seen.append((PE.Close(self.data), self.data.close[0]))

    cer = bt.Cerebro(stdstats=False)
    cer.adddata(_feed(ROWS[:3]))
    cer.addstrategy(S)
    cer.run()
    assert seen == [(row[3], row[3]) for row in ROWS[:3]]
