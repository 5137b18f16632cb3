"""StateManager: variables and timed variables, whole-state operations, the
file formats (round-trips, SQLite's incremental saves, pickle only on
request), typed errors, auto_save, ``strategy.state`` and StatefulStrategy."""
from __future__ import annotations

import datetime as dt
import glob
import json
import os
import pickle
import sqlite3
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backtrader as bt
from backtrader.core.errors import (FingerprintMismatchError, PickleNotAllowedError,
                                    PickleSecurityWarning, StateError, StateFileCorruptError,
                                    StateFileNotFoundError, StateFormatError, StateKeyError,
                                    StateValueError)
from backtrader.sampledata import sample_path
from backtrader.state import StateManager, StatefulStrategy
from values import names, same, values

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])
T0 = dt.datetime(2024, 1, 1)
times = st.integers(0, 10 ** 6).map(lambda m: T0 + dt.timedelta(minutes=m))
timed_points = st.lists(st.tuples(times, values), max_size=5)


def same_state(a: StateManager, b: StateManager) -> bool:
    if a.names() != b.names() or a.timed_names() != b.timed_names():
        return False
    for name in a.timed_names():
        ha, hb = a.history(name), b.history(name)
        if len(ha) != len(hb) or not all(same(x, y) for x, y in zip(ha, hb)):
            return False
    return all(same(a.get(n), b.get(n)) for n in a.names() if n not in a.timed_names())


def fill(manager, variables, timed) -> None:
    for name, value in variables.items():
        manager.set(name, value)
    for name, points in timed.items():
        for when, value in points:
            manager.set_timed(name, value, when)


# -- round-trips ----------------------------------------------------------------------------------
@pytest.mark.parametrize('ext', ['json', 'sqlite', 'shelf'])
@SETTINGS
@given(variables=st.dictionaries(names, values, max_size=4),
       timed=st.dictionaries(names, timed_points, max_size=3))
def test_round_trip(tmp_path_factory, ext, variables, timed):
    path = str(tmp_path_factory.mktemp('rt') / ('state.' + ext))
    saved = StateManager(path)
    fill(saved, variables, timed)
    saved.save()
    loaded = StateManager(path)
    loaded.load()
    assert same_state(saved, loaded)


@SETTINGS
@given(first=st.dictionaries(names, values, max_size=4),
       timed=st.dictionaries(names, timed_points, min_size=1, max_size=3),
       second=st.dictionaries(names, values, max_size=4),
       more=st.lists(st.tuples(names, times, values), max_size=6),
       dropped=st.lists(names, max_size=2))
def test_sqlite_incremental_saves_equal_a_full_save(tmp_path_factory, first, timed, second,
                                                    more, dropped):
    folder = tmp_path_factory.mktemp('inc')
    manager = StateManager(str(folder / 'inc.sqlite'))
    fill(manager, first, timed)
    manager.save()
    fill(manager, second, {})
    for name, when, value in more:
        manager.set_timed(name, value, when)
    snap = manager.snapshot()
    for name in dropped:
        snap['values'].pop(name, None)
    manager.restore(snap)
    manager.save()                      # incremental
    loaded = StateManager(str(folder / 'inc.sqlite'))
    loaded.load()
    assert same_state(manager, loaded)


def test_sqlite_appends_timed_points_without_rewriting(tmp_path):
    path = str(tmp_path / 's.sqlite')
    manager = StateManager(path)
    manager.set('big', list(range(1000)))
    for i in range(50):
        manager.set_timed('x', float(i), T0 + dt.timedelta(days=i))
    manager.save()
    con = sqlite3.connect(path)
    before = con.execute('SELECT rowid, seq FROM timed ORDER BY seq').fetchall()
    con.close()
    # record every statement the next save runs
    statements = []
    real_connect = sqlite3.connect

    def tracing_connect(*args, **kwargs):
        con = real_connect(*args, **kwargs)
        con.set_trace_callback(statements.append)
        return con

    for i in range(50, 53):
        manager.set_timed('x', float(i), T0 + dt.timedelta(days=i))
    sqlite3.connect = tracing_connect
    try:
        manager.save()
    finally:
        sqlite3.connect = real_connect
    con = sqlite3.connect(path)
    after = con.execute('SELECT rowid, seq FROM timed ORDER BY seq').fetchall()
    con.close()
    assert after[:50] == before                 # old rows untouched
    assert len(after) == 53
    writes = [s for s in statements if s.split()[0] in ('INSERT', 'DELETE', 'UPDATE')]
    assert not any('vars' in s for s in writes)     # the unchanged variable is not rewritten
    assert not any(s.startswith('DELETE') for s in writes)
    assert sum('INTO timed' in s for s in writes) == 3


def test_a_file_another_writer_changed_is_rewritten_whole(tmp_path):
    path = str(tmp_path / 's.sqlite')
    a, b = StateManager(path), StateManager(path)
    a.set('x', 1)
    a.set_timed('t', 1, T0)
    a.save()
    b.set('y', 2)
    b.save()                    # b does not know a's rows: rewrites
    a.set_timed('t', 2, T0 + dt.timedelta(1))
    a.save()                    # a's knowledge is stale: rewrites too
    check = StateManager(path)
    check.load()
    assert check.names() == ['x', 't'] and check.history('t') == [(T0, 1), (T0 + dt.timedelta(1), 2)]


# -- variables and timed variables -------------------------------------------------------------------
def test_register_set_get_reset_snapshot_restore():
    m = StateManager()
    m.register('count', 0)
    m.register('seen', [])
    m.register('price', timed=True)
    assert m.get('count') == 0 and m['seen'] == [] and 'price' in m
    m['count'] = 5
    m.get('seen').append(1)
    m.set('extra', 'x')
    m.set_timed('price', 10.0, T0)
    snap = m.snapshot()
    m.get('seen').append(2)                 # the snapshot is independent
    assert snap['values']['seen'] == [1]
    m.reset()
    assert m.get('count') == 0 and m.get('seen') == [] and 'extra' not in m
    assert m.history('price') == [] and m.bars == 0
    m.restore(snap)
    assert m.get('count') == 5 and m.get('seen') == [1] and m.get('extra') == 'x'
    assert m.history('price') == [(T0, 10.0)]
    with pytest.raises(StateKeyError, match="no state variable 'nope'"):
        m.get('nope')
    assert m.get('nope', 3) == 3
    with pytest.raises(KeyError):           # StateKeyError is a KeyError
        m['nope']
    with pytest.raises(StateValueError):
        m.set('', 1)


def test_timed_values_by_time():
    m = StateManager()
    for day, value in ((5, 'e'), (1, 'a'), (3, 'c')):
        m.set_timed('v', value, T0 + dt.timedelta(days=day))
    at = lambda day: m.get_timed('v', T0 + dt.timedelta(days=day), default=None)  # noqa: E731
    assert [at(d) for d in range(7)] == [None, 'a', 'a', 'c', 'c', 'e', 'e']
    assert m.get_timed('v') == 'e'
    m.set_timed('v', 'C', T0 + dt.timedelta(days=3))   # same time: replaced
    assert at(4) == 'C' and len(m.history('v')) == 3
    value = [1]
    m.set_timed('list', value, T0)
    value.append(2)                                     # recorded as it was
    assert m.get_timed('list') == [1]
    with pytest.raises(StateKeyError):
        m.get_timed('v', T0)
    with pytest.raises(StateValueError, match='cannot be ordered'):
        m.set_timed('v', 1, 5)
    with pytest.raises(StateError, match='needs a time'):
        m.set_timed('v', 1)


# -- pickle only on request ---------------------------------------------------------------------------
def _pickled_state(path, value):
    m = StateManager(path, format='pickle')
    m.set('obj', value)
    m.save()


def test_pickle_is_refused_without_opting_in(tmp_path):
    for name in ('state.json', 'state.bin', 'state.sqlite'):
        path = str(tmp_path / name)
        _pickled_state(path, {'a': 1})
        with pytest.raises(PickleNotAllowedError, match='refusing'):
            StateManager(path).load()
        with pytest.raises(PickleNotAllowedError):
            StateManager(path, format='json').load()
    pkl = str(tmp_path / 'state.pkl')
    _pickled_state(pkl, 1)
    with pytest.raises(PickleNotAllowedError):
        StateManager(pkl, allow_pickle=False).load()
    with pytest.raises(StateError):
        StateManager(str(tmp_path / 'x.pkl'), allow_pickle=False).save()


class Anything:
    """Not storable in JSON: pickle carries it."""

    def __eq__(self, other):
        return type(other) is Anything


def test_pickle_when_asked_warns_and_loads(tmp_path):
    for kwargs, name in (({}, 'a.pkl'), ({'format': 'pickle'}, 'b.state'),
                         ({'allow_pickle': True}, 'c.pickle')):
        path = str(tmp_path / name)
        m = StateManager(path, **kwargs)
        m.set('obj', Anything())
        m.save()
        with open(path, 'rb') as fh:
            assert fh.read(1) == b'\x80'
        loaded = StateManager(path, **kwargs)
        with pytest.warns(PickleSecurityWarning, match='never load one'):
            loaded.load()
        assert loaded.get('obj') == Anything()
    with open(str(tmp_path / 'a.pkl'), 'rb') as fh:       # the default formats have none
        assert pickle.loads(fh.read())['format'] == 'backtrader-state'


def test_default_formats_write_no_pickle(tmp_path):
    m = StateManager(str(tmp_path / 's.json'))
    m.set('x', np.arange(3))
    m.save()
    text = (tmp_path / 's.json').read_text()
    assert json.loads(text)['format'] == 'backtrader-state'
    with pytest.raises(StateValueError, match="state variable 'bad'"):
        m.set('bad', object())
        m.save()
    assert json.loads((tmp_path / 's.json').read_text()) == json.loads(text)   # untouched


# -- typed errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize('ext', ['json', 'sqlite', 'shelf', 'pkl'])
def test_missing_file(tmp_path, ext):
    with pytest.raises(StateFileNotFoundError, match='does not exist'):
        StateManager(str(tmp_path / ('none.' + ext))).load()
    with pytest.raises(FileNotFoundError):
        StateManager(str(tmp_path / ('none.' + ext))).load()


@pytest.mark.parametrize('ext', ['json', 'sqlite'])
def test_truncated_or_corrupt_files(tmp_path, ext):
    path = tmp_path / ('s.' + ext)
    m = StateManager(str(path))
    m.set('x', list(range(2000)))
    m.set_timed('t', 1.5, T0)
    m.save()
    good = path.read_bytes()
    cases = {'truncated': good[:len(good) // 2], 'empty': b'',
             'garbage': b'\x00\x13garbage' * 10}
    flipped = bytearray(good)
    flipped[len(good) // 3] ^= 0x01
    cases['bit flip'] = bytes(flipped)
    for label, raw in cases.items():
        path.write_bytes(raw)
        target = StateManager(str(path))
        target.set('kept', 1)
        try:
            target.load()
        except StateFileCorruptError as exc:
            assert str(path) in str(exc), label
        else:
            # a flipped bit inside SQLite's free space may be harmless; it never
            # loads other values than those saved
            assert label == 'bit flip' and ext == 'sqlite' and target.get('x') == list(range(2000))
            continue
        assert target.names() == ['kept'], label       # nothing changed
    path.write_bytes(good)
    StateManager(str(path)).load()


def test_corrupt_shelve_is_detected(tmp_path):
    path = str(tmp_path / 's.shelf')
    m = StateManager(path)
    m.set('x', 'abc' * 100)
    m.save()
    # the value's bytes damaged in whichever file the dbm backend keeps them
    # (dbm.dumb: path.dat; dbm.sqlite3, Python 3.13's default: path itself)
    damaged = 0
    for name in [f for f in [path] + glob.glob(glob.escape(path) + '.*') if os.path.isfile(f)]:
        with open(name, 'r+b') as fh:
            raw = fh.read()
            at = raw.find(b'abcabc')
            if at >= 0:
                fh.seek(at + 30)
                fh.write(b'XYZ')
                damaged += 1
    assert damaged == 1
    with pytest.raises(StateFileCorruptError):
        StateManager(path).load()


def test_unknown_format():
    with pytest.raises(StateFormatError, match='unknown state format'):
        StateManager('x', format='yaml')
    with pytest.raises(StateError, match='give a path'):
        StateManager().save()


# -- strategies ------------------------------------------------------------------------------------------
def _cerebro(strategy, **kwargs):
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=sample_path(), dtformat='%Y-%m-%d',
                                            openinterest=-1, todate=dt.datetime(2010, 12, 31)))
    cerebro.addstrategy(strategy, **kwargs)
    return cerebro


class Counting(bt.Strategy):
    params = (('path', None), ('interval', 10))

    def __init__(self):
        self.state.configure(path=self.p.path, auto_save=True, save_interval=self.p.interval)
        self.state.register('closes', 0)
        self.saved_at = []

    def next(self):
        self.state['closes'] += 1
        self.state.set_timed('close', self.data.close[0])


def test_auto_save_every_n_bars(tmp_path, monkeypatch):
    path = str(tmp_path / 'auto.json')
    saves = []
    real = StateManager.save

    def spy(self, path=None):
        saves.append((self.bars, self.get('closes')))
        return real(self, path)

    monkeypatch.setattr(StateManager, 'save', spy)
    for runonce in (True, False):
        saves.clear()
        strat = _cerebro(Counting, path=path, interval=7).run(runonce=runonce)[0]
        nbars = len(strat)
        assert saves == [(n, n) for n in range(7, nbars + 1, 7)]
        loaded = StateManager(path)
        loaded.load(verify=False)
        last = saves[-1][0]
        assert loaded.get('closes') == last and len(loaded.history('close')) == last
        assert loaded.bars == last


def test_no_auto_save_no_hook():
    class Plain(bt.Strategy):
        def next(self):
            self.state['x'] = len(self)

    strat = _cerebro(Plain).run()[0]
    assert strat.state.get('x') == len(strat) and strat._slavesanalyzers == []


def test_state_is_made_on_first_use_and_user_attribute_wins():
    class Mine(bt.Strategy):
        def __init__(self):
            self.state = 'idle'

        def next(self):
            assert self.state == ('idle' if len(self) == 1 else len(self) - 1)
            self.state = len(self)

    strat = _cerebro(Mine).run()[0]
    assert strat.state == len(strat) and '_bt_state' not in vars(strat)

    class Untouched(bt.Strategy):
        pass

    strat = _cerebro(Untouched).run()[0]
    assert '_bt_state' not in vars(strat) and 'state' not in vars(strat)


def test_line_called_state_wins():
    class Lined(bt.Indicator):
        lines = ('state',)

        def next(self):
            self.lines.state[0] = 1.0

    class UsesLine(bt.Strategy):
        lines = ('state',)

        def next(self):
            self.state[0] = 2.0
            assert self.lines.state[0] == 2.0

    _cerebro(UsesLine).run()


class Resumable(StatefulStrategy):
    state_vars = {'trades': 0}
    timed_state_vars = ('equity',)

    def next(self):
        self.state['trades'] = self.state['trades'] + 1
        self.state.set_timed('equity', self.broker.getvalue())


def test_stateful_strategy_resumes_its_variables(tmp_path):
    path = str(tmp_path / 'stateful.sqlite')
    first = _cerebro(Resumable, state_path=path).run()[0]
    n = len(first)
    assert StateManager(path).exists() and first.state['trades'] == n
    second = _cerebro(Resumable, state_path=path).run()[0]
    assert second.state['trades'] == 2 * n          # loaded at start, then counted on
    assert len(second.state.history('equity')) == n  # same bar times: replaced
    fresh = _cerebro(Resumable, state_path=path, state_resume=False).run()[0]
    assert fresh.state['trades'] == n


def test_state_file_of_another_setup_is_refused(tmp_path):
    path = str(tmp_path / 'fp.json')
    _cerebro(Resumable, state_path=path).run()

    class Other(Resumable):
        pass

    with pytest.raises(FingerprintMismatchError) as info:
        _cerebro(Other, state_path=path).run()
    assert any('strategy.class' in d and 'Other' in d for d in info.value.differences)
    with pytest.raises(FingerprintMismatchError, match=r"strategy.params.save_interval: was 100, "
                                                       r"now 5"):
        _cerebro(Resumable, state_path=path, save_interval=5).run()
    m = StateManager(path)
    m.load()                    # not bound to a strategy: nothing to compare
    manager = StateManager(path, strategy=_built(Other))
    manager.load(verify=False)
    assert manager.get('trades') > 0


def _built(cls):
    holder = []

    class Grab(cls):
        def __init__(self):
            holder.append(self)
            raise bt.StrategySkipError()

    _cerebro(Grab).run()
    return holder[0]


def test_a_shelf_in_one_sqlite_file_is_read_as_a_shelf(tmp_path):
    # Python 3.13's default dbm backend (dbm.sqlite3) keeps a shelf in one SQLite
    # file with one table, Dict; it was taken for a SQLite state file ("no such
    # table: meta"). Its layout made by hand, so that any Python checks it.
    from backtrader.state.formats import format_of_file
    shelf = tmp_path / 'state.shelf'
    con = sqlite3.connect(str(shelf))
    con.execute('CREATE TABLE Dict (key BLOB UNIQUE NOT NULL, value BLOB NOT NULL)')
    con.commit()
    con.close()
    assert format_of_file(str(shelf), None, False) == 'shelve'
    # a SQLite state file stays one, whatever its name
    own = tmp_path / 'other.shelf'
    m = StateManager(str(own), format='sqlite')
    m.set('x', 1)
    m.save()
    assert format_of_file(str(own), None, False) == 'sqlite'
    loaded = StateManager(str(own))
    loaded.load()
    assert loaded.get('x') == 1
