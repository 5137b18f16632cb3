"""``bt.mathsupport``: average / variance / standarddev.

Literal values were printed by upstream for the same calls
(``PYTHONPATH=<repo>/.oracle python3 -c 'from backtrader import mathsupport as m; ...'``).
"""
from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st

from backtrader import mathsupport as m

SCRIPT = '''
import random
from backtrader import mathsupport as m
rng = random.Random(3)
for n in range(1, 30):
    x = [rng.gauss(0, 1) * 10 ** rng.randint(-5, 5) for _ in range(n)]
    print(repr(m.average(x)), repr(m.standarddev(x)),
          repr(m.standarddev(x, bessel=True) if n > 1 else None), repr(m.variance(x, avgx=0.5)[:3]))
'''


def test_literals():
    assert m.average([1, 2, 3, 4]) == 2.5
    assert m.average([1, 2, 3, 4], bessel=True) == 3.3333333333333335
    assert m.variance([1, 2, 3, 4]) == [2.25, 0.25, 0.25, 2.25]
    assert m.variance([1, 2, 3, 4], avgx=1) == [0.0, 1.0, 4.0, 9.0]
    assert m.standarddev([1, 2, 3, 4]) == 1.118033988749895
    assert m.standarddev([1, 2, 3, 4], avgx=2.0, bessel=True) == 1.4142135623730951
    assert m.standarddev([0.1, 0.2, 0.3001]) == 0.08169048632218781
    # exact summation: not sum(x) / len(x) (which gives 0.09999999999999999)
    assert m.average([0.1] * 10) == 0.1
    assert type(m.variance([1, 2])[0]) is float


@pytest.mark.parametrize('call', [lambda: m.average([]), lambda: m.standarddev([]),
                                  lambda: m.average([1.0], bessel=True),
                                  lambda: m.standarddev([1.0], bessel=True)])
def test_empty_raises_zerodivision(call):
    with pytest.raises(ZeroDivisionError):
        call()


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=50))
def test_properties(xs):
    assert m.average(xs) == math.fsum(xs) / len(xs)
    sd = m.standarddev(xs)
    assert sd >= 0.0
    assert m.standarddev(xs, avgx=m.average(xs)) == sd


@pytest.mark.oracle
def test_matches_upstream(run_oracle, run_ours):
    upstream = run_oracle(SCRIPT)
    assert run_ours(SCRIPT) == upstream
    assert len(upstream.splitlines()) == 29
