"""Checkpoint and resume of whole runs.

The property: for random strategies placing random order streams (market,
limit, stop, stop-limit, trailing, brackets, OCO, cancels, validity), a run
paused at a random bar and resumed from its checkpoint prints exactly what
the uninterrupted run prints -- every notification, trade, bar line -- and
ends with the same analyzer results, observer lines, broker figures and
strategy attributes; in runonce and next mode, with exactbars 0 and 1.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backtrader as bt
from backtrader.core.errors import (CheckpointError, FingerprintMismatchError,
                                    StateFileCorruptError, StateFileNotFoundError)
from backtrader.order import OrderBase
from backtrader.state import checkpoint_info
from backtrader.trade import Trade
import trader

TODATE = dt.datetime(2010, 12, 31)
NBARS = 259                         # bars of the sample data up to TODATE
MODES = [(True, 0), (False, 0), (True, 1), (False, 1)]


def fresh_counters() -> None:
    """Order and trade references start at 1, as in a new process."""
    import itertools
    OrderBase.refbasis = itertools.count(1)
    Trade.refbasis = itertools.count(1)


def full_run(seed, runonce, exactbars, **kw) -> list:
    fresh_counters()
    return trader.uninterrupted(seed=seed, runonce=runonce, exactbars=exactbars,
                                todate=kw.pop('todate', TODATE), **kw)


def split_run(seed, runonce, exactbars, stop, path, **kw) -> list:
    fresh_counters()
    todate = kw.pop('todate', TODATE)

    def first():
        cerebro = trader.build(seed, runonce, exactbars, todate=todate, **kw)
        strats = cerebro.run(checkpoint=path, stop_after=stop)
        assert cerebro.paused and len(strats[0]) == stop
        return cerebro, None

    def second():
        fresh_counters()            # a new process would start from 1: the checkpoint says
        cerebro = trader.build(seed, runonce, exactbars, todate=todate, **kw)
        return cerebro, cerebro.resume(path)[0]

    return trader.transcript(first) + trader.transcript(second)


SETTINGS = settings(max_examples=10, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize('runonce,exactbars', MODES)
@SETTINGS
@given(seed=st.integers(0, 10 ** 6), stop=st.integers(1, NBARS - 1), readvalue=st.booleans(),
       activity=st.sampled_from([0.1, 0.35, 0.8]))
def test_resumed_run_prints_what_the_uninterrupted_run_prints(tmp_path_factory, runonce,
                                                              exactbars, seed, stop, readvalue,
                                                              activity):
    path = str(tmp_path_factory.mktemp('ckpt') / 'run.ckpt')
    kw = dict(readvalue=readvalue, activity=activity)
    expected = full_run(seed, runonce, exactbars, **kw)
    assert split_run(seed, runonce, exactbars, stop, path, **kw) == expected


def test_checkpoint_every_n_bars_and_at_the_end(tmp_path):
    path = str(tmp_path / 'every.ckpt')
    cerebro = trader.build(5, todate=TODATE)
    cerebro.run(checkpoint=path, checkpoint_every=50)
    info = checkpoint_info(path)
    assert info['bar'] == NBARS and info['final'] and info['checkpoints'] == NBARS // 50 + 1
    # resuming a finished run runs no bar and ends as it did
    fresh = trader.build(5, todate=TODATE)
    strat = fresh.resume(path)[0]
    assert len(strat) == NBARS


def test_resume_then_keep_checkpointing(tmp_path):
    path = str(tmp_path / 'chain.ckpt')
    expected = full_run(11, True, 0)
    fresh_counters()
    lines = []
    for stop in (60, 130, None):
        def leg(stop=stop):
            cerebro = trader.build(11, todate=TODATE)
            if stop == 60:
                cerebro.run(checkpoint=path, stop_after=stop)
                return cerebro, None
            strat = cerebro.resume(path, stop_after=stop)[0]
            return cerebro, (None if stop else strat)
        lines += trader.transcript(leg)
    assert lines == expected


def test_live_style_continuation_on_a_grown_file(tmp_path):
    rows = open(trader.DATA).read().splitlines()
    header, body = rows[0], rows[1:]
    grown = tmp_path / 'live.csv'
    (tmp_path / 'full').mkdir()
    full = tmp_path / 'full' / 'live.csv'          # same name: analyzers print it
    full.write_text('\n'.join([header] + body[:400]) + '\n')
    grown.write_text('\n'.join([header] + body[:200]) + '\n')       # "yesterday"
    path = str(tmp_path / 'live.ckpt')
    for runonce, exactbars in MODES:
        fresh_counters()
        expected = trader.uninterrupted(seed=8, runonce=runonce, exactbars=exactbars,
                                        path=str(full))
        grown.write_text('\n'.join([header] + body[:200]) + '\n')
        fresh_counters()

        def yesterday():
            cerebro = trader.build(8, runonce, exactbars, path=str(grown))
            cerebro.run(checkpoint=path)
            return cerebro, None

        def today():
            fresh_counters()
            with open(grown, 'a') as fh:                             # new bars arrived
                fh.write('\n'.join(body[200:400]) + '\n')
            cerebro = trader.build(8, runonce, exactbars, path=str(grown))
            return cerebro, cerebro.resume(path)[0]

        lines = trader.transcript(yesterday) + trader.transcript(today)
        assert lines == expected, (runonce, exactbars)


# -- typed errors --------------------------------------------------------------------------------
def _paused(tmp_path, name='e.ckpt', seed=3):
    path = str(tmp_path / name)
    trader.build(seed, todate=TODATE).run(checkpoint=path, stop_after=100)
    return path


def test_resume_against_another_setup_says_what_differs(tmp_path):
    path = _paused(tmp_path)
    with pytest.raises(FingerprintMismatchError) as info:
        trader.build(4, todate=TODATE).resume(path)            # another seed parameter
    assert any('params.seed: was 3, now 4' in d for d in info.value.differences)
    other = trader.build(3, todate=TODATE)
    other.broker.setcash(5.0)
    with pytest.raises(FingerprintMismatchError, match='broker.params.cash'):
        other.resume(path)
    copy = tmp_path / 'copy.csv'
    text = open(trader.DATA).read().replace('2010-01-05,100.18', '2010-01-05,100.19')
    copy.write_text(text)
    with pytest.raises(FingerprintMismatchError, match='datas'):
        trader.build(3, todate=TODATE, path=str(copy)).resume(path)
    exact = trader.build(3, False, 0, todate=TODATE)           # next mode: another mode
    with pytest.raises(FingerprintMismatchError, match='cerebro.runonce'):
        exact.resume(path)


def test_corrupt_and_missing_checkpoints(tmp_path):
    with pytest.raises(StateFileNotFoundError):
        trader.build(3, todate=TODATE).resume(str(tmp_path / 'none.ckpt'))
    path = _paused(tmp_path)
    raw = open(path, 'rb').read()
    for label, damaged in (('empty', b''), ('truncated', raw[:len(raw) // 3]),
                           ('garbage', b'not a checkpoint at all' * 40)):
        bad = tmp_path / ('bad-%s.ckpt' % label)
        bad.write_bytes(damaged)
        with pytest.raises(StateFileCorruptError):
            trader.build(3, todate=TODATE).resume(str(bad))
    json_file = tmp_path / 'state.json'
    m = bt.StateManager(str(json_file))
    m.save()
    with pytest.raises(StateFileCorruptError):
        trader.build(3, todate=TODATE).resume(str(json_file))


def test_checkpoint_arguments_are_checked(tmp_path):
    cerebro = trader.build(3, todate=TODATE)
    with pytest.raises(CheckpointError):
        cerebro.run(checkpoint_every=10)
    with pytest.raises(CheckpointError):
        cerebro.run(checkpoint=str(tmp_path / 'x.ckpt'), checkpoint_every=0)


def test_unstorable_attribute_is_named_and_can_be_excluded(tmp_path):
    class WithHandle(trader.RandomTrader):
        def __init__(self):
            super().__init__()
            self.handle = open(os.devnull)

    cerebro = bt.Cerebro()
    cerebro.adddata(trader.data_feed(TODATE))
    cerebro.addstrategy(WithHandle)
    with pytest.raises(Exception, match="handle"):
        cerebro.run(checkpoint=str(tmp_path / 'h.ckpt'), stop_after=20)
    WithHandle.checkpoint_exclude = ('handle',)
    cerebro = bt.Cerebro()
    cerebro.adddata(trader.data_feed(TODATE))
    cerebro.addstrategy(WithHandle)
    cerebro.run(checkpoint=str(tmp_path / 'h2.ckpt'), stop_after=20)
    assert checkpoint_info(str(tmp_path / 'h2.ckpt'))['bar'] == 20


class NumpyRandomTrader(trader.RandomTrader):
    """Also draws from numpy generators: their states go in the checkpoint."""

    def __init__(self):
        super().__init__()
        import numpy as np
        self.gen = np.random.default_rng(self.p.seed)
        self.legacy = np.random.RandomState(self.p.seed)

    def next(self):
        super().next()
        self.say('np', repr(float(self.gen.random())), int(self.legacy.randint(0, 1000)))


def test_numpy_generators_continue_where_they_were(tmp_path):
    path = str(tmp_path / 'np.ckpt')
    kw = dict(strategy=NumpyRandomTrader)
    expected = full_run(9, True, 0, **kw)
    assert split_run(9, True, 0, 77, path, **kw) == expected


class TimerTrader(trader.RandomTrader):
    """Timers with state of their own (month days carried over, week days,
    a cheat timer) that trade when they fire."""

    def __init__(self):
        super().__init__()
        self.add_timer(when=bt.timer.SESSION_START, monthdays=[1, 15, 28], monthcarry=True)
        self.add_timer(when=bt.timer.SESSION_END, weekdays=[2, 4], weekcarry=True, cheat=True)

    def notify_timer(self, timer, when, *args, **kwargs):
        self.say('timer', timer.p.tid, when.isoformat(), *args, *sorted(kwargs.items()))
        if self.rng.random() < 0.5:
            self.buy(size=1) if self.rng.random() < 0.5 else self.sell(size=1)


def _with_cerebro_timer(cerebro):
    cerebro.add_timer(when=dt.time(0, 0), monthdays=[10, 20], strats=True, tag='c')
    return cerebro


@pytest.mark.parametrize('runonce,exactbars', MODES)
@pytest.mark.parametrize('stop', [1, 37, 121, NBARS - 1])
def test_timers_continue_where_they_were(tmp_path, monkeypatch, runonce, exactbars, stop):
    build = trader.build
    monkeypatch.setattr(trader, 'build', lambda *a, **kw: _with_cerebro_timer(build(*a, **kw)))
    path = str(tmp_path / 'timers.ckpt')
    kw = dict(strategy=TimerTrader)
    expected = full_run(4, runonce, exactbars, **kw)
    assert sum(' timer ' in line for line in expected) > 30
    assert split_run(4, runonce, exactbars, stop, path, **kw) == expected


def test_resume_with_other_timers_says_what_differs(tmp_path):
    path = str(tmp_path / 't.ckpt')
    _with_cerebro_timer(trader.build(3, todate=TODATE)).run(checkpoint=path, stop_after=50)
    other = trader.build(3, todate=TODATE)
    other.add_timer(when=dt.time(0, 0), monthdays=[10, 21], strats=True, tag='c')
    with pytest.raises(FingerprintMismatchError, match='timers'):
        other.resume(path)
    with pytest.raises(FingerprintMismatchError, match='timers'):
        trader.build(3, todate=TODATE).resume(path)             # no timer now


class BookKeeper(trader.RandomTrader):
    """Keeps long dicts and sets (chunked in checkpoints) that grow, shrink
    and change in place, and prints what they hold."""

    def __init__(self):
        super().__init__()
        self.book = {}
        self.keys = set()
        self.words = set()

    def next(self):
        super().next()
        n = len(self)
        for k in range(n * 3, n * 3 + 3):
            self.book[k] = [n, float(k) / 7]
            self.keys.add(k)
            self.words.add('w%d' % k)
        if n % 5 == 0:
            victim = self.rng.choice(sorted(self.book))
            del self.book[victim]
            self.keys.discard(victim)
            self.book[victim // 2] = 'replaced'
        if n % 7 == 0 and self.book:
            first = next(iter(self.book))
            self.book[first] = {'changed': n}
        self.say('book', len(self.book), len(self.keys), len(self.words), sum(self.keys),
                 repr(list(self.book.items())[-3:]), repr(self.book.get(first_key(self.book))))


def first_key(book):
    return next(iter(book)) if book else None


@pytest.mark.parametrize('stop', [30, 60, 150, NBARS - 2])
def test_long_dicts_and_sets_come_back_as_they_were(tmp_path, stop):
    path = str(tmp_path / 'book.ckpt')
    kw = dict(strategy=BookKeeper, todate=TODATE)
    expected = full_run(6, True, 0, **kw)
    fresh_counters()

    def first():        # checkpoints every 17 bars: the file is written incrementally
        cerebro = trader.build(6, **kw)
        cerebro.run(checkpoint=path, checkpoint_every=17, stop_after=stop)
        return cerebro, None

    def second():
        fresh_counters()
        cerebro = trader.build(6, **kw)
        return cerebro, cerebro.resume(path)[0]

    assert trader.transcript(first) + trader.transcript(second) == expected
