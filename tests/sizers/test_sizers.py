"""Sizers.

Expected values come from upstream 1.9.78.123 run as a black box: the same sizer
objects (``bt.sizers.*``) driven with the fake broker/strategy below under
``PYTHONPATH=.oracle python3``.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from backtrader import sizers
from backtrader.comminfo import CommInfoBase
from backtrader.core.errors import ParameterError
from backtrader.core.registry import get_registry
from backtrader.position import Position
from backtrader.sizer import Sizer, SizerBase

FAKES_SRC = '''
class FakeLine:
    def __init__(self, value):
        self.value = value

    def __getitem__(self, ago):
        return self.value


class FakeData:
    def __init__(self, close):
        self.close = FakeLine(close)


class FakeBroker:
    """What sizers use of a broker (upstream's PercentSizer asks it for positions)."""

    def __init__(self, cash, comminfo, position):
        self.cash, self.comminfo, self.position = cash, comminfo, position

    def getcash(self):
        return self.cash

    def getcommissioninfo(self, data):
        return self.comminfo

    def getposition(self, data):
        return self.position


class FakeStrategy:
    def __init__(self, position):
        self.position = position

    def getposition(self, data=None, broker=None):
        return self.position


def attach(sizer, cash=10000.0, possize=0, comminfo=None):
    pos = Position(possize, 10.0)
    sizer.set(FakeStrategy(pos), FakeBroker(cash, comminfo, pos))
    return sizer
'''

_ns: dict = {'Position': Position}
exec(FAKES_SRC, _ns)
FakeData, attach = _ns['FakeData'], _ns['attach']

DATA = FakeData(13.37)


def test_base_and_aliases():
    assert SizerBase is Sizer and sizers.SizerFix is sizers.FixedSize
    sizer = Sizer()
    assert (sizer.strategy, sizer.broker) == (None, None)
    with pytest.raises(NotImplementedError):
        attach(sizer).getsizing(DATA, True)
    assert get_registry('sizers')['PercentSizerInt'] is sizers.PercentSizerInt


def test_getsizing_passes_broker_figures():
    seen = []

    class Recording(Sizer):
        def _getsizing(self, comminfo, cash, data, isbuy):
            seen.append((comminfo, cash, data, isbuy))
            return 7

    ci = CommInfoBase()
    sizer = attach(Recording(), cash=123.0, comminfo=ci)
    assert sizer.getsizing(DATA, False) == 7
    assert seen == [(ci, 123.0, DATA, False)]


@pytest.mark.parametrize('cls, kwargs, expected', [
    # oracle: getsizing(data close 13.37, isbuy) with cash 10000 for positions
    # of size 0, 4, -4, 10, -12 (same answer for buy and sell)
    (sizers.FixedSize, {}, [1, 1, 1, 1, 1]),
    (sizers.FixedSize, dict(stake=10, tranches=3), [3, 3, 3, 3, 3]),
    (sizers.FixedSize, dict(stake=10, tranches=4), [2, 2, 2, 2, 2]),
    (sizers.FixedReverser, dict(stake=5), [5, 10, 10, 10, 10]),
    (sizers.FixedSizeTarget, dict(stake=10), [10, 10, 10, 10, 10]),
    (sizers.FixedSizeTarget, dict(stake=10, tranches=3), [3, 7, -1, 10, -9]),
    (sizers.PercentSizer, {}, [149.58863126402395, 4, -4, 10, -12]),
    (sizers.PercentSizer, dict(percents=33), [246.8212415856395, 4, -4, 10, -12]),
    (sizers.AllInSizer, {}, [747.9431563201197, 4, -4, 10, -12]),
    (sizers.PercentSizerInt, {}, [149, 4, -4, 10, -12]),
    (sizers.AllInSizerInt, {}, [747, 4, -4, 10, -12]),
    (sizers.AllInSizerInt, dict(percents=50), [373, 4, -4, 10, -12]),
])
def test_sizes(cls, kwargs, expected):
    for isbuy in (True, False):
        got = [attach(cls(**kwargs), possize=p).getsizing(DATA, isbuy) for p in (0, 4, -4, 10, -12)]
        assert got == expected
        assert [type(x) for x in got] == [type(x) for x in expected]


def test_negative_stake_tranches():
    # oracle: the tranche size is abs(int(stake / tranches))
    assert attach(sizers.FixedSize(stake=-9, tranches=2)).getsizing(DATA, True) == 4
    assert attach(sizers.FixedSize(stake=7.5, tranches=2)).getsizing(DATA, True) == 3
    assert attach(sizers.FixedSize(stake=10, tranches=0)).getsizing(DATA, True) == 10
    assert attach(sizers.FixedSizeTarget(stake=7.5, tranches=2), possize=2).getsizing(DATA, True) == 5


@pytest.mark.parametrize('stake, tranches, expected', [
    # oracle: FixedSize(stake, tranches).setsizing(arg) for arg in 3, 9, 20, -6
    (10, 3, [3, 3, 3, 3]), (21, 2, [10, 10, 10, 10]), (-9, 7, [1, 1, 1, 1]),
    (1, 7, [0, 0, 0, 0]), (10, 1, [3, 9, 20, -6]), (10, 0, [3, 9, 20, -6]),
])
def test_fixedsize_setsizing(stake, tranches, expected):
    got = []
    for arg in (3, 9, 20, -6):
        sizer = sizers.FixedSize(stake=stake, tranches=tranches)
        sizer.setsizing(arg)
        got.append(sizer.p.stake)
    assert got == expected


@pytest.mark.parametrize('tranches, stake, possize, expected', [
    # oracle: FixedSizeTarget(stake, tranches).setsizing(<anything>) -> p.stake
    (3, 10, 0, 3), (3, 10, 4, 7), (3, 10, -4, -1), (3, 10, 20, 10),
    (3, 1, -4, -4), (3, -4, 0, -4), (4, 10, 4, 6), (4, 10, -4, -2), (4, 0, 4, 0),
])
def test_fixedsizetarget_setsizing_ignores_argument(tranches, stake, possize, expected):
    for arg in (9, 3, 30, -6, 0):
        sizer = attach(sizers.FixedSizeTarget(stake=stake, tranches=tranches), possize=possize)
        sizer.setsizing(arg)
        assert sizer.p.stake == expected
    sizer = attach(sizers.FixedSizeTarget(stake=stake, tranches=1), possize=possize)
    sizer.setsizing(9)
    assert sizer.p.stake == 9


def test_unknown_parameter():
    with pytest.raises(ParameterError):
        sizers.FixedSize(stak=3)
    with pytest.raises(TypeError):  # upstream raises TypeError too
        sizers.PercentSizer(foo=1)


@settings(max_examples=200, deadline=None)
@given(cash=st.floats(1, 1e7), close=st.floats(0.01, 1e4), percents=st.integers(1, 100))
def test_percent_sizer_property(cash, close, percents):
    size = attach(sizers.PercentSizer(percents=percents), cash=cash).getsizing(FakeData(close), True)
    assert size * close == pytest.approx(cash * percents / 100, rel=1e-9)
    intsize = attach(sizers.PercentSizerInt(percents=percents), cash=cash).getsizing(FakeData(close), True)
    assert intsize == int(size)


SIZER_SCRIPT = FAKES_SRC + '''
import random
from backtrader import sizers
from backtrader.position import Position

random.seed(SEED)
for i in range(300):
    cls = random.choice([sizers.FixedSize, sizers.FixedReverser, sizers.FixedSizeTarget,
                         sizers.PercentSizer, sizers.AllInSizer, sizers.PercentSizerInt,
                         sizers.AllInSizerInt])
    kw = {}
    names = [name for name, _ in cls.params._getitems()]
    if 'stake' in names and random.random() < 0.8:
        kw['stake'] = random.choice([1, 10, -7, 7.5, random.randint(0, 100)])
    if 'tranches' in names and random.random() < 0.6:
        kw['tranches'] = random.choice([0, 1, 2, 3, 4, 7])
    if 'percents' in names and random.random() < 0.6:
        kw['percents'] = random.choice([1, 20, 33, 100, round(random.uniform(0.1, 100), 2)])
    sizer = attach(cls(**kw), cash=round(random.uniform(10, 1e6), 2),
                   possize=random.choice([0, 0, 3, -3, 2.5, random.randint(-50, 50)]))
    data = FakeData(round(random.uniform(0.5, 5000), 4))
    res = [sizer.getsizing(data, random.random() < 0.5)]
    if hasattr(sizer, 'setsizing'):
        sizer.setsizing(random.randint(-20, 40))
        res.append((sizer.p.stake, sizer.getsizing(data, True)))
    print(cls.__name__, sorted(kw.items()), res)
'''


@pytest.mark.oracle
@pytest.mark.parametrize('seed', [31, 32])
def test_sizers_match_oracle(seed, run_oracle, run_ours):
    script = SIZER_SCRIPT.replace('SEED', str(seed))
    expected = run_oracle(script)
    assert expected.count('\n') == 300
    assert run_ours(script) == expected
