"""A finished strategy, its cerebro and writers hold no ``itertools``
iterator: Python 3.14 cannot pickle or copy them (3.12 and 3.13 warn), and
strategies are pickled (``optstrategy`` results from worker processes)."""
from __future__ import annotations

import io
import itertools
import pickle

import backtrader as bt
from backtrader.utils.count import Count
from conftest import DATAS


class _Recorder(pickle.Pickler):
    """Pickles into memory, noting every itertools object met on the way."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO())
        self.found = []

    def reducer_override(self, obj):
        if type(obj).__module__ == 'itertools':
            self.found.append(type(obj).__name__)
        return NotImplemented


class Trader(bt.Strategy):
    def next(self):
        if len(self) % 5 == 0:
            self.buy(size=1) if not self.position else self.close()


def test_no_itertools_object_is_pickled_with_a_strategy():
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(Trader)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio)       # a second name: sharperatio1
    cerebro.addwriter(bt.WriterFile, out=io.StringIO(), csv=True)
    strat = cerebro.run()[0]
    recorder = _Recorder()
    recorder.dump(strat)
    assert recorder.found == []
    assert [a.__class__.__name__ for a in strat.analyzers] == ['SharpeRatio'] * 2
    assert hasattr(strat.analyzers, 'sharperatio1')


def test_count_counts_as_itertools_count():
    for args in [(), (5,), (1, 3), (0.5, 0.25)]:
        ours, theirs = Count(*args), itertools.count(*args)
        assert [next(ours) for _ in range(4)] == [next(theirs) for _ in range(4)]
    c = Count(3)
    next(c)
    clone = pickle.loads(pickle.dumps(c))
    assert next(clone) == next(c) == 4
