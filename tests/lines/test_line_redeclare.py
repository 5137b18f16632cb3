"""A class declaring again a line its bases declare (a common way to extend
an indicator: ``class MyMACD(MACD): lines = ('macd', 'signal', 'histo')``).

Upstream adds a line per declaration: the name stands for the last one, the
earlier ones stay in the object's lines, unassigned (NaN). Aliases follow the
last line of their name, unless a later base redeclares aliases for the same
line. Expected values: upstream 1.9.78.123 running the same class hierarchy
(scripts in the session notes: alias.py, alias2.py, t.py under
/tmp/exp/redecl, run with PYTHONPATH=.oracle).
"""
import math

import pytest

import backtrader as bt
from conftest import DATAS

DATA = str(DATAS / '2006-day-001.txt')


class A(bt.Indicator):
    lines = ('x', 'y')
    linealias = (('y', 'ay'),)


class O(bt.Indicator):
    lines = ('y', 'w')
    linealias = (('w', 'ow'), ('y', 'oy'))


class O2(bt.Indicator):
    lines = ('q',)


class C(A, O):
    lines = ('y', 'v')
    linealias = (('v', 'cv'),)


class D(A):
    lines = ('x', 'y')


class E(D):
    lines = ('z',)
    linealias = (('y', 'ey'),)


class H(A, O):
    pass


class I(A):
    lines = ('y',)


class J(D):
    lines = ('y',)


class K(O2, A):
    lines = ('y',)


class L(A, O2):
    lines = ('y',)


class M(A):
    lines = ('y',)
    linealias = (('x', 'mx'),)


# class -> (line names, {name or alias: index of its line})  (upstream's output)
UPSTREAM = {
    C: (('x', 'y', 'y', 'w', 'y', 'v'),
        {'x': 0, 'y': 4, 'w': 3, 'v': 5, 'ay': 1, 'oy': 4, 'ow': 3, 'cv': 5}),
    D: (('x', 'y', 'x', 'y'), {'x': 2, 'y': 3, 'ay': 3}),
    E: (('x', 'y', 'x', 'y', 'z'), {'x': 2, 'y': 3, 'z': 4, 'ay': 3, 'ey': 3}),
    H: (('x', 'y', 'y', 'w'), {'x': 0, 'y': 2, 'w': 3, 'ay': 1, 'oy': 2, 'ow': 3}),
    I: (('x', 'y', 'y'), {'x': 0, 'y': 2, 'ay': 2}),
    J: (('x', 'y', 'x', 'y', 'y'), {'x': 2, 'y': 4, 'ay': 4}),
    K: (('q', 'x', 'y', 'y'), {'x': 1, 'y': 3, 'q': 0, 'ay': 3}),
    L: (('x', 'y', 'q', 'y'), {'x': 0, 'y': 3, 'q': 2, 'ay': 3}),
    M: (('x', 'y', 'y'), {'x': 0, 'y': 2, 'ay': 2, 'mx': 0}),
}


@pytest.mark.parametrize('cls', list(UPSTREAM), ids=lambda c: c.__name__)
def test_names_and_aliases_as_upstream(cls):
    names, expected = UPSTREAM[cls]
    assert cls.lines._getlines() == names
    seen = {}

    class Probe(bt.Strategy):
        def __init__(self):
            ind = cls(self.data)
            lines = list(ind.lines)
            assert len(lines) == len(names)
            for name in ('x', 'y', 'w', 'v', 'z', 'q', 'ay', 'oy', 'ow', 'cv', 'ey', 'mx'):
                obj = getattr(ind.lines, name, None)
                if obj is not None:
                    seen[name] = [i for i, line in enumerate(lines) if line is obj][0]
                    # the owner's attribute is the same line
                    assert getattr(ind, name) is obj

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DATA, todate=bt.datetime.date(2006, 1, 20)))
    cerebro.addstrategy(Probe)
    cerebro.run()
    assert seen == expected


class Base(bt.Indicator):
    lines = ('x', 'y')

    def __init__(self):
        self.l.x = self.data.close * 1
        self.l.y = self.data.close * 2


class Extended(Base):
    lines = ('y', 'z')

    def __init__(self):
        super().__init__()
        self.l.z = self.data.close * 3


@pytest.mark.parametrize('runonce', [True, False])
def test_redeclared_line_is_a_new_unassigned_line(runonce):
    rows = []

    class S(bt.Strategy):
        def __init__(self):
            self.ind = Extended()

        def next(self):
            if len(self) < 3:
                rows.append((len(list(self.ind.lines)), [line[0] for line in self.ind.lines],
                             self.ind.y[0], self.ind.z[0]))

    cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DATA, todate=bt.datetime.date(2006, 1, 20)))
    cerebro.addstrategy(S)
    cerebro.run()
    # upstream (t.py, printing the bar count first): 1 [3604.33, nan, 7208.66, 10812.99]
    # 7208.66 10812.99, then bar 2
    assert [r[0] for r in rows] == [4, 4]
    values = rows[0][1]
    assert [round(values[0], 2), round(values[2], 2), round(values[3], 2)] == \
        [3604.33, 7208.66, 10812.99]
    assert math.isnan(values[1])
    assert (round(rows[0][2], 2), round(rows[0][3], 2)) == (7208.66, 10812.99)
    assert round(rows[1][1][0], 2) == 3614.34 and math.isnan(rows[1][1][1])
