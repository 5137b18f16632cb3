"""Volume fillers (``bt.fillers``) against upstream's results.

Expected values recorded from the oracle (``PYTHONPATH=.oracle``) by
calling each filler with the fake order/data objects of ``_order`` below, with
``ago=-1`` (the data holds [this bar, previous bar]; the previous bar carries the
case's values, the current one different values so a wrong ``ago`` shows).
"""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

import backtrader as bt
from backtrader.core.errors import ParameterError


class _Line:
    def __init__(self, values):
        self.values = values

    def __getitem__(self, ago):
        return self.values[ago]


class _Data:
    def __init__(self, volume, high, low):
        self.volume, self.high, self.low = _Line(volume), _Line(high), _Line(low)


class _Executed:
    def __init__(self, remsize):
        self.remsize = remsize


class _Order:
    def __init__(self, data, remsize):
        self.data = data
        self.executed = _Executed(remsize)


def _order(vol, high, low, remsize):
    return _Order(_Data([vol * 3, vol], [high + 5, high], [low - 5, low]), remsize)


# (filler, params, volume, high, low, remsize, expected, type of the result)
ORACLE_CASES = [
    ('FixedSize', {}, 7, 10.0, 9.0, 3, 3, 'int'),
    ('FixedSize', {}, 7, 10.0, 9.0, -50, 7, 'int'),
    ('FixedSize', {}, 100.0, 10.0, 9.0, 10000, 100.0, 'float'),
    ('FixedSize', {'size': 5}, 1234.5, 10.0, 9.0, -50, 5, 'int'),
    ('FixedSize', {'size': 0}, 1234.5, 10.0, 9.0, 10000, 1234.5, 'float'),
    ('FixedSize', {'size': 2000}, 5000, 10.0, 9.0, 10000, 2000, 'int'),
    ('FixedSize', {'size': 5}, 5.0, 10.0, 9.0, 5, 5.0, 'float'),
    ('FixedSize', {'size': 5}, 6.0, 10.0, 9.0, 5, 5, 'int'),
    ('FixedSize', {}, 0, 10.0, 9.0, 10, 0, 'int'),
    ('FixedSize', {}, 7, 10.0, 9.0, 0, 0, 'int'),
    ('FixedBarPerc', {}, 7, 10.0, 9.0, 50, 7.0, 'float'),
    ('FixedBarPerc', {}, 1234.5, 10.0, 9.0, 10000, 1234.0, 'float'),
    ('FixedBarPerc', {'perc': 50.0}, 7, 10.0, 9.0, -50, 3.0, 'float'),
    ('FixedBarPerc', {'perc': 33.3}, 7, 10.0, 9.0, 50, 2.0, 'float'),
    ('FixedBarPerc', {'perc': 33.3}, 5000, 10.0, 9.0, 10000, 1665.0, 'float'),
    ('FixedBarPerc', {'perc': 50.0}, 7, 10.0, 9.0, 3, 3.0, 'float'),
    ('FixedBarPerc', {'perc': 0.0}, 7, 10.0, 9.0, 0, 0.0, 'float'),
    ('FixedBarPerc', {'perc': 12.5}, 987654.0, 10.0, 9.0, 10**9, 123456.0, 'float'),
    ('BarPointPerc', {}, 7, 10.0, 9.0, 50, 7.0, 'float'),
    ('BarPointPerc', {}, 7, 10.0, 9.0, 3, 3, 'int'),
    ('BarPointPerc', {'minmov': 0.25}, 7, 10.0, 9.0, 50, 1.0, 'float'),
    ('BarPointPerc', {'minmov': 0.25}, 1234.5, 10.5, 9.75, 10000, 308.0, 'float'),
    ('BarPointPerc', {'minmov': 0.25}, 5000, 10.0, 10.0, 10000, 5000.0, 'float'),
    ('BarPointPerc', {'minmov': 0.01, 'perc': 50.0}, 5000, 10.5, 9.75, 10000, 33.0, 'float'),
    ('BarPointPerc', {'minmov': 0.3, 'perc': 75}, 5000, 10.5, 9.75, -10000, 1250.0, 'float'),
    ('BarPointPerc', {'minmov': 0.3, 'perc': 75}, 5000, 10.5, 9.75, -20, 20, 'int'),
    ('BarPointPerc', {'minmov': 0.7, 'perc': 33.3}, 914287.0, 101.05, 100.0, 10**9,
     152228.0, 'float'),
]


@pytest.mark.parametrize('case', ORACLE_CASES, ids=lambda c: '%s-%s-%s' % (c[0], c[1], c[5]))
def test_filler_size_matches_upstream(case):
    name, params, vol, high, low, remsize, expected, typename = case
    filler = getattr(bt.fillers, name)(**params)
    got = filler(_order(vol, high, low, remsize), 10.0, -1)
    assert got == expected
    assert type(got).__name__ == typename


def test_params_and_defaults():
    # upstream: params._getitems() of each class
    assert list(bt.fillers.FixedSize.params._getitems()) == [('size', None)]
    assert list(bt.fillers.FixedBarPerc.params._getitems()) == [('perc', 100.0)]
    assert list(bt.fillers.BarPointPerc.params._getitems()) == [('minmov', None),
                                                                ('perc', 100.0)]
    f = bt.fillers.FixedSize(size=3)
    assert f.p.size == 3 and f.params.size == 3


def test_bad_arguments_raise_type_errors():
    with pytest.raises(ParameterError):
        bt.fillers.FixedSize(foo=5)
    with pytest.raises(TypeError):
        bt.fillers.FixedBarPerc(5)


@settings(max_examples=300, deadline=None)
@given(vol=st.floats(0, 1e7), perc=st.floats(0, 100), remsize=st.integers(-10**8, 10**8),
       low=st.floats(1, 1000), span=st.floats(0, 50),
       minmov=st.sampled_from([None, 0.01, 0.05, 0.25, 0.5, 1.0]))
def test_fills_never_exceed_remaining_nor_volume(vol, perc, remsize, low, span, minmov):
    order = _order(vol, low + span, low, remsize)
    for filler in (bt.fillers.FixedSize(), bt.fillers.FixedBarPerc(perc=perc),
                   bt.fillers.BarPointPerc(minmov=minmov, perc=perc)):
        got = filler(order, 1.0, -1)
        assert 0 <= got <= abs(remsize)
        assert got <= vol


# upstream output of the cerebro run in FILL_RUN (2006-volume-day-001.txt)
FILL_RUN_EXPECTED = """\
4 Partial 700 3667.0 2300
5 Partial 1400 3667.0 1600
6 Partial 2100 3675.6667 900
7 Partial 2800 3675.75 200
8 Completed 3000 3676.1667 0
21 Partial -700 3688.685 -4300
22 Partial -1400 3692.8425 -3600
23 Partial -2100 3691.895 -2900
24 Partial -2800 3704.4212 -2200
25 Partial -3500 3702.337 -1500
26 Partial -4200 3702.4475 -800
27 Partial -4900 3702.6693 -100
28 Completed -5000 3702.3896 0
FixedSize 999169448.0
4 Partial 1296.0 3667.0 1704.0
5 Partial 2544.0 3667.0 456.0
6 Completed 3000.0 3670.952 0.0
21 Partial -1272.0 3688.685 -3728.0
22 Partial -3521.0 3693.9961 -1479.0
23 Completed -5000.0 3692.8141 0.0
FixedBarPerc 999137214.32
4 Partial 2108.0 3667.0 892.0
5 Completed 3000.0 3667.0 0.0
21 Partial -1130.0 3688.685 -3870.0
22 Partial -3129.0 3693.9971 -1871.0
23 Partial -4266.0 3692.9318 -734.0
24 Completed -5000.0 3700.135 0.0
BarPointPerc 999185675.05
"""

FILL_RUN = """\
import backtrader as bt
class S(bt.Strategy):
    def next(self):
        if len(self) == 3:
            self.buy(size=3000)
        if len(self) == 20:
            self.sell(size=5000, exectype=bt.Order.Limit, price=self.data.close[0] * 1.001)
    def notify_order(self, o):
        if o.status in (o.Partial, o.Completed):
            print(len(self), o.getstatusname(), o.executed.size, round(o.executed.price, 4),
                  o.executed.remsize)
for filler in (bt.fillers.FixedSize(size=700), bt.fillers.FixedBarPerc(perc=0.3),
               bt.fillers.BarPointPerc(minmov=0.5, perc=20.0)):
    c = bt.Cerebro(stdstats=False)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=%r))
    c.broker.setcash(1e9)
    c.broker.set_filler(filler)
    c.addstrategy(S)
    c.run()
    print(type(filler).__name__, round(c.broker.getvalue(), 4))
"""


def test_fillers_in_a_run_match_upstream(run_ours):
    from conftest import DATAS
    out = run_ours(FILL_RUN % str(DATAS / '2006-volume-day-001.txt'))
    assert out == FILL_RUN_EXPECTED


@pytest.mark.oracle
def test_random_cases_match_oracle(run_oracle, run_ours):
    script = '''
import json, random
import backtrader as bt
class L:
    def __init__(self, v): self.v = v
    def __getitem__(self, i): return self.v[i]
class D:
    def __init__(self, vol, h, l): self.volume = L([vol]); self.high = L([h]); self.low = L([l])
class E:
    def __init__(self, rem): self.remsize = rem
class O:
    def __init__(self, d, rem): self.data = d; self.executed = E(rem)
rnd = random.Random(11)
out = []
for i in range(3000):
    vol = rnd.choice([rnd.randint(0, 10**6), round(rnd.uniform(0, 1e5), rnd.randint(0, 3))])
    perc = rnd.choice([round(rnd.uniform(0, 100), rnd.randint(0, 2)), rnd.randint(1, 100)])
    mm = rnd.choice([None, 0.01, 0.25, 0.3, 0.5, 0.7, 1.0])
    low = round(rnd.uniform(1, 500), 2)
    high = round(low + rnd.choice([0, 0.05, rnd.uniform(0, 3)]), 2)
    rem = rnd.choice([rnd.randint(-10**6, 10**6), 10**12])
    o = O(D(vol, high, low), rem)
    out.append([bt.fillers.FixedSize(size=rnd.choice([None, 0, 500]))(o, 1.0, 0),
                bt.fillers.FixedBarPerc(perc=perc)(o, 1.0, 0),
                bt.fillers.BarPointPerc(minmov=mm, perc=perc)(o, 1.0, 0)])
print(json.dumps(out))
'''
    assert json.loads(run_ours(script)) == json.loads(run_oracle(script))
