"""Property tests on the broker's accounting: value = cash + Σ position values,
orders in random streams keep the books consistent."""
from __future__ import annotations

import io

from hypothesis import given, settings, strategies as st, HealthCheck

import backtrader as bt


def _feed(closes):
    rows = ['Date,Open,High,Low,Close,Volume,OpenInterest']
    import datetime
    d0 = datetime.date(2010, 1, 4)
    for i, c in enumerate(closes):
        d = d0 + datetime.timedelta(days=i)
        o = round(c * 0.995, 2)
        rows.append('%s,%.2f,%.2f,%.2f,%.2f,1000,0' % (d, o, max(o, c) + 1, min(o, c) - 1, c))
    return bt.feeds.BacktraderCSVData(dataname=io.StringIO('\n'.join(rows) + '\n'))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(min_value=5, max_value=200), min_size=10, max_size=60),
       st.lists(st.integers(min_value=-5, max_value=5), min_size=10, max_size=60),
       st.booleans())
def test_value_is_cash_plus_positions(closes, sizes, runonce):
    checks = []

    class S(bt.Strategy):
        def next(self):
            i = len(self) - 1
            if i < len(sizes) and sizes[i]:
                (self.buy if sizes[i] > 0 else self.sell)(size=abs(sizes[i]))
            pos = self.position
            expected = self.broker.getcash() + pos.size * self.data.close[0]
            checks.append(abs(self.broker.getvalue() - expected) <= 1e-6 * max(1.0, abs(expected)))

    cer = bt.Cerebro(runonce=runonce)
    cer.adddata(_feed(closes))
    cer.broker.setcash(1e6)
    cer.addstrategy(S)
    cer.run()
    assert checks and all(checks)
