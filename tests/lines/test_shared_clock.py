"""One clock for the datas of one timeline during a runonce run
(lines/sharedclock.py): the lines of every data read the first data's
cursor while the lean loop runs, and each data gets its own clock back,
standing at the last bar, however the run ends. A run sharing the clock sees
bar for bar what the stepped loop over the separate clocks sees."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import backtrader as bt
from backtrader.engine import engine as engine_module
from backtrader.lines.iterator import clock_of
from backtrader.lines.sharedclock import can_share, shared_clock


def _frame(seed: int, n: int, start: str = '2020-01-01') -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    close = np.round(100 * np.exp(np.cumsum(rng.normal(0, 0.01, n))), 4)
    opn = np.round(close * np.exp(rng.normal(0, 0.002, n)), 4)
    idx = pd.date_range(start, periods=n, freq='min')
    return pd.DataFrame({'open': opn, 'high': np.maximum(opn, close) * 1.002,
                         'low': np.minimum(opn, close) * 0.998, 'close': close,
                         'volume': 1000.0, 'openinterest': 0.0}, index=idx)


def _loaded(seeds, n=40):
    datas = []
    for seed in seeds:
        data = bt.feeds.PandasData(dataname=_frame(seed, n))
        data._start()
        data.preload()
        datas.append(data)
    return datas


def test_the_lines_of_every_data_move_with_the_first_clock_inside_the_block():
    datas = _loaded([1, 2, 3])
    clocks = [clock_of(d) for d in datas]
    own = [list(c.buffers) for c in clocks]
    for c in clocks:
        c.home()
    assert can_share(clocks)
    with shared_clock(clocks) as main:
        assert main is clocks[0]
        for d in datas:
            assert clock_of(d) is main and all(b._c is main for b in d.lines.lines)
        main.idx, main.lencount = 9, 10
        assert [len(d) for d in datas] == [10] * 3
        assert [len(d.lines) for d in datas] == [10] * 3
        assert [d.close[0] for d in datas] == [d.close.array[9] for d in datas]
    # every data on its own clock again, at the bar the shared one reached
    assert [clock_of(d) for d in datas] == clocks
    assert [list(c.buffers) for c in clocks] == own
    assert all(b._c is clock_of(d) for d in datas for b in d.lines.lines)
    assert [(c.idx, c.lencount, c.buflen) for c in clocks] == [(9, 10, 40)] * 3
    # and they move apart again
    clocks[1].advance()
    assert [len(d) for d in datas] == [10, 11, 10]


def test_the_clocks_are_split_when_the_block_raises():
    datas = _loaded([1, 2])
    clocks = [clock_of(d) for d in datas]
    with pytest.raises(KeyError):
        with shared_clock(clocks):
            raise KeyError('stop')
    assert clock_of(datas[1]) is clocks[1] is not clocks[0]
    assert all(b._c is clocks[1] for b in datas[1].lines.lines)


def test_clocks_apart_or_with_rings_are_not_shared():
    datas = _loaded([1, 2, 3])
    clocks = [clock_of(d) for d in datas]
    assert can_share(clocks) and can_share(clocks[:1] * 2)     # (the same clock twice)
    clocks[2].advance()
    assert not can_share(clocks)                # not at the same bar
    clocks[2].rewind()
    clocks[1].ring(5)
    assert not can_share(clocks)                # a memory-saving ring
    short = _loaded([4], n=30)
    assert not can_share(clocks[:1] + [clock_of(short[0])])     # other storage


class _Recorder(bt.Strategy):
    """Trades each data on its own SMA cross and records what it sees."""

    def __init__(self):
        self.seen = []
        self.cross = [bt.ind.CrossOver(d.close, bt.ind.SMA(d, period=7)) for d in self.datas]

    def next(self):
        self.seen.append((len(self), self.datetime[0],
                          tuple((len(d), d.close[0], d.close[-1], c[0])
                                for d, c in zip(self.datas, self.cross))))
        for d, c in zip(self.datas, self.cross):
            if not self.getposition(d):
                if c > 0:
                    self.buy(data=d, size=3)
            elif c < 0:
                self.close(data=d)


def _run(seeds, n=300, clone=False, **kwargs):
    cerebro = bt.Cerebro(**kwargs)
    datas = [bt.feeds.PandasData(dataname=_frame(seed, n)) for seed in seeds]
    for d in datas:
        cerebro.adddata(d)
    if clone:
        cerebro.adddata(datas[0].clone())
    cerebro.broker.setcash(100000)
    cerebro.addstrategy(_Recorder)
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    strat = cerebro.run()[0]
    observers = [tuple(np.nan_to_num(line.array, nan=-1.0).tolist()) for obs in
                 strat._lineiterators[bt.LineIterator.ObsType] for line in obs.lines]
    return dict(value=cerebro.broker.getvalue(), seen=strat.seen, observers=observers,
                trades=strat.analyzers.ta.get_analysis().total.total,
                dd=strat.analyzers.dd.get_analysis().max.drawdown,
                ends=[(len(d), d.close[0], clock_of(d) is not clock_of(datas[0]) or d is datas[0])
                      for d in strat.datas])


def _stepped(monkeypatch):
    # the stepped loop over the datas' own clocks (what runs when they cannot be shared)
    monkeypatch.setattr(engine_module, 'can_share', lambda clocks: False)


@settings(max_examples=8, deadline=None)
@given(seeds=st.lists(st.integers(0, 50), min_size=2, max_size=5), n=st.integers(20, 250),
       clone=st.booleans())
def test_sharing_the_clock_changes_nothing_a_strategy_sees(seeds, n, clone):
    shared = _run(seeds, n, clone)
    with pytest.MonkeyPatch.context() as mp:
        _stepped(mp)
        apart = _run(seeds, n, clone)
    assert shared == apart
    assert len(shared['seen']) == n - 7 and all(e[0] == n for e in shared['ends'])
    assert all(own for _, _, own in shared['ends'])


def test_a_shared_run_takes_the_lean_loop_and_a_ringed_one_the_stepped(monkeypatch):
    taken = []
    lean, stepped = engine_module.Engine._run_lean, engine_module.Engine._run_stepped
    monkeypatch.setattr(engine_module.Engine, '_run_lean',
                        lambda self, *a: taken.append('lean') or lean(self, *a))
    monkeypatch.setattr(engine_module.Engine, '_run_stepped',
                        lambda self, *a, **k: taken.append('stepped') or stepped(self, *a, **k))
    whole = _run([1, 2, 3])
    assert taken == ['lean']
    del taken[:]
    ringed = _run([1, 2, 3], exactbars=-1)      # memory-saving rings: not shared
    assert taken == ['stepped']
    assert ringed['value'] == whole['value'] and ringed['seen'] == whole['seen']
