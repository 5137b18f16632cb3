"""Position bookkeeping.

Expected values come from upstream 1.9.78.123 run as a black box: the same calls
made on ``bt.Position`` under ``PYTHONPATH=.oracle python3``.
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from backtrader.position import Position


# -- port of upstream test_position ---------------------------------------------------
def test_update_increase():
    pos = Position(10, 10.0)
    # oracle: (15, 10.833333333333334, 5, 0)
    assert pos.update(5, 12.5) == (15, 10.833333333333334, 5, 0)
    assert (pos.size, pos.price, pos.price_orig, pos.upopened, pos.upclosed) == \
        (15, 10.833333333333334, 10.0, 5, 0)


def test_update_reduce():
    pos = Position(10, 10.0)
    assert pos.update(-7, 14.5) == (3, 10.0, 0, -7)
    assert (pos.price, pos.price_orig, pos.upopened, pos.upclosed) == (10.0, 10.0, 0, -7)


def test_update_reverse():
    pos = Position(10, 10.0)
    assert pos.update(-15, 17.5) == (-5, 17.5, -5, -10)
    assert (pos.upopened, pos.upclosed) == (-5, -10)


def test_update_chain():
    pos = Position(10, 10.0)
    # oracle: chained updates on one position
    assert pos.update(5, 12.5) == (15, 10.833333333333334, 5, 0)
    assert pos.update(-7, 14.5) == (8, 10.833333333333334, 0, -7)
    assert pos.update(-15, 17.5) == (-7, 17.5, -7, -8)
    assert pos.update(8, 11.0, dt.datetime(2020, 1, 1)) == (1, 11.0, 1, 7)
    assert pos.datetime == dt.datetime(2020, 1, 1)
    assert pos.update(0, 11.0) == (1, 11.0, 0, 0)
    assert pos.datetime is None
    assert pos.update(-1, 12.0) == (0, 0.0, 0, -1)
    assert pos.price == 0.0 and not pos and len(pos) == 0


def test_short_side():
    # oracle values
    assert Position(-5, 10.0).update(5, 9.0) == (0, 0.0, 0, 5)
    assert Position(-5, 10.0).update(-5, 9.0) == (-10, 9.5, -5, 0)
    assert Position(-5, 10.0).update(2, 9.0) == (-3, 10.0, 0, 2)
    assert Position(-5, 10.0).update(12, 9.0) == (7, 9.0, 7, 5)
    assert Position(1, 1.1).update(2, 2.2) == (3, 1.8333333333333333, 2, 0)


def test_init_and_helpers():
    assert (Position(0, 10.0).price, Position(3).price) == (0.0, 0.0)  # flat -> 0.0
    pos = Position(-3, 1.0)
    assert (len(pos), bool(pos)) == (3, True)
    pos = Position(5, 10.0)
    # pseudoupdate works on a copy
    assert pos.pseudoupdate(3, 20.0) == (8, 13.75, 3, 0)
    assert (pos.size, pos.price) == (5, 10.0)
    pos.update(3, 12.0)
    pos.adjbase = 5.0
    clone = pos.clone()
    assert (clone.size, clone.price, clone.price_orig, clone.adjbase, clone.upopened) == \
        (8, 10.75, 10.75, None, 0)


def test_str():
    # oracle: repr(str(bt.Position()))
    assert str(Position()) == ('--- Position Begin\n- Size: 0\n- Price: 0.0\n- Price orig: 0.0\n'
                               '- Closed: 0\n- Opened: 0\n- Adjbase: None\n--- Position End')


@pytest.mark.parametrize('old, new, expected', [
    # oracle: Position(*old).set(*new)
    ((7, 11.0), (7, 3.0), (7, 3.0, 0, 0)),
    ((7, 11.0), (10, 3.0), (10, 3.0, 3, 0)),
    ((7, 11.0), (3, 3.0), (3, 3.0, 0, 4)),
    ((7, 11.0), (-2, 3.0), (-2, 3.0, -2, 7)),
    ((7, 11.0), (0, 3.0), (0, 0.0, 0, 7)),
    ((0, 0.0), (7, 3.0), (7, 3.0, 0, 0)),      # from flat nothing is reported opened
    ((0, 0.0), (-6, 3.0), (-6, 3.0, 0, 0)),
    ((-4, 5.0), (7, 3.0), (7, 3.0, 7, -4)),
    ((-4, 5.0), (-2, 3.0), (-2, 3.0, 0, -2)),
    ((-4, 5.0), (0, 3.0), (0, 0.0, 0, -4)),
    ((-4, 5.0), (-6, 3.0), (-6, 3.0, -2, 0)),
])
def test_set(old, new, expected):
    pos = Position(*old)
    assert pos.set(*new) == expected
    assert (pos.upopened, pos.upclosed, pos.price_orig) == (expected[2], expected[3], old[1])


def test_fix():
    pos = Position(4, 11.0)
    pos.update(3, 12.0)
    # oracle: fix overwrites size/price only and tells whether the size was kept
    assert pos.fix(5, 1.0) is False
    assert (pos.size, pos.price, pos.price_orig, pos.upopened) == (5, 1.0, 11.0, 3)
    assert pos.fix(5, 0.0) is True and pos.price == 0.0


# -- properties -------------------------------------------------------------------------
updates = st.lists(
    st.tuples(st.one_of(st.integers(-100, 100), st.floats(-100, 100).map(lambda x: round(x, 3))),
              st.floats(0.01, 1e4)),
    min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(updates)
def test_update_sequence_properties(seq):
    pos = Position()
    total = 0
    for size, price in seq:
        oldsize = pos.size
        newsize, newprice, opened, closed = pos.update(size, price)
        total += size
        assert newsize == pos.size == oldsize + size
        assert opened + closed == pytest.approx(size, abs=1e-9)
        if not newsize:
            assert newprice == 0.0 and opened == 0
        else:
            assert newprice > 0
        if oldsize and newsize and (oldsize > 0) != (newsize > 0):  # reversal
            assert (closed, opened, newprice) == (-oldsize, newsize, price)
    assert pos.size == pytest.approx(total, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(updates)
def test_take_of_pseudoupdate_is_update(seq):
    # the broker applies the outcome it computed with pseudoupdate (take):
    # the position ends as update() leaves it, attribute for attribute
    taken, updated = Position(), Position()
    for size, price in seq:
        outcome = taken.pseudoupdate(size, price)
        assert taken.take(outcome, (1.0, None)) == updated.update(size, price, (1.0, None))
        assert vars(taken) == vars(updated)


# -- differential against upstream ------------------------------------------------------
POSITION_SCRIPT = '''
import hashlib, random
from backtrader.position import Position

random.seed(SEED)
pos = Position()
out = []
for i in range(3000):
    r = random.random()
    size = random.choice([random.randint(-50, 50), round(random.uniform(-50, 50), 3), 0])
    price = random.uniform(0.5, 300)
    if r < 0.8:
        out.append(pos.update(size, price))
    elif r < 0.85:
        out.append(pos.set(size, price))
    elif r < 0.9:
        out.append(pos.pseudoupdate(size, price))
    elif r < 0.95:
        out.append(pos.fix(random.randint(-50, 50), price))
    else:
        pos = pos.clone()
    out.append((pos.size, pos.price, pos.price_orig, pos.upopened, pos.upclosed, bool(pos)))
print(out[-3:])
print(str(pos))
print(hashlib.md5(repr(out).encode()).hexdigest())
'''


@pytest.mark.oracle
@pytest.mark.parametrize('seed', [7, 8])
def test_position_matches_oracle(seed, run_oracle, run_ours):
    script = POSITION_SCRIPT.replace('SEED', str(seed))
    expected = run_oracle(script)
    assert 'Position Begin' in expected
    assert run_ours(script) == expected


def test_truth_of_sizes_of_any_number_type():
    # upstream's ``bool(size != 0)``: numpy sizes and NaN (true) included
    import numpy as np
    for size, truth in ((0, False), (0.0, False), (-0.0, False), (2, True), (-1.5, True),
                        (float('nan'), True), (np.int64(0), False), (np.float64(3.0), True)):
        pos = Position()
        pos.size = size
        assert bool(pos) is truth and (not pos) is (not truth)
