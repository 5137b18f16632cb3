"""LineBuffer on shared clocks, ring mode and CyclicBuffer."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, strategies as st

from backtrader.lines.buffer import Clock, LineBuffer, CyclicBuffer


def test_index_len_get_and_views():
    c = Clock()
    a, b = LineBuffer(c), LineBuffer(c)
    for i in range(5):
        c.forward()
        a[0] = i
        b[0] = 10 * i
    assert (a[0], a[-1], a[-4]) == (4.0, 3.0, 0.0)
    assert len(a) == len(b) == 5 and a.buflen() == 5
    view = a.get(ago=-1, size=3)
    assert view.tolist() == [1.0, 2.0, 3.0]
    assert not view.flags.writeable
    assert np.shares_memory(view, a.array)


def test_rewind_advance_home_backwards():
    c = Clock()
    a = LineBuffer(c)
    for i in range(3):
        c.forward()
        a[0] = i
    c.rewind()
    assert len(a) == 2 and a[0] == 1.0
    c.advance()
    assert a[0] == 2.0
    c.backwards()
    assert len(a) == 2 and a.buflen() == 2
    c.home()
    assert len(a) == 0


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1,
                max_size=200), st.integers(min_value=1, max_value=17))
def test_ring_keeps_last_values(values, cap):
    c = Clock()
    full, ring = LineBuffer(c), LineBuffer(c)
    ring.to_ring(cap)
    for v in values:
        c.forward()
        full[0] = v
        ring[0] = v
        n = min(len(ring), cap)
        assert ring.get(0, n).tolist() == full.get(0, n).tolist()
        for ago in range(n):
            assert ring[-ago] == full[-ago]
    assert len(ring) == len(values)


@given(st.lists(st.floats(allow_nan=False, width=64), max_size=100),
       st.integers(min_value=1, max_value=10))
def test_cyclicbuffer_matches_tail(values, cap):
    buf = CyclicBuffer(cap)
    for v in values:
        buf.append(v)
    tail = values[-cap:] if values else []
    assert buf.to_array().tolist() == tail
    assert len(buf) == len(tail)
    if tail:
        assert buf[-1] == tail[-1] and buf[0] == tail[0]


def test_cyclicbuffer_bad_capacity():
    with pytest.raises(ValueError):
        CyclicBuffer(0)
