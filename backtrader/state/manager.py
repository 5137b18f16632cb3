"""``StateManager``: a strategy's own variables, kept across restarts.

Every strategy has one as ``self.state`` (made on first use); a
``StatefulStrategy`` configures it from its parameters. Variables are plain
(``set``/``get``) or timed (``set_timed``/``get_timed``: a value per bar
time, read as of a time). ``save``/``load`` write and read them in a state
file -- JSON by default, SQLite (incremental), shelve, or pickle on request
-- atomically, with a fingerprint of the strategy. With ``auto_save`` the
manager saves itself every ``save_interval`` bars.
"""
from __future__ import annotations

import copy
import datetime as _dt
import os
import warnings
from typing import Any, Iterator, Optional

from ..core.errors import (FingerprintMismatchError, PickleSecurityWarning, StateError,
                           StateKeyError, StateValueError)
from .codec import ValueCodec
from .fingerprint import differences, project_fingerprint, strategy_fingerprint
from .formats import (PICKLE_WARNING, StateRecord, format_for, format_of_file, make_store,
                      pickle_requested)
from .timed import TimedSeries

__all__ = ['StateManager']

_MISSING = object()
_LAYOUT = 1
_IMMUTABLE = (type(None), bool, int, float, complex, str, bytes, _dt.date, _dt.datetime,
              _dt.time, _dt.timedelta, tuple, frozenset)


def _check_name(name) -> str:
    if not isinstance(name, str) or not name:
        raise StateValueError('state variable names are non-empty strings, not %r' % (name,))
    return name


def _copy(value):
    return value if type(value) in _IMMUTABLE else copy.deepcopy(value)


class StateManager:
    """Named variables of a strategy (or of any code) saved to and loaded
    from a state file.

    ``path``: the state file (``save``/``load`` without a path use it).
    ``format``: 'json' (default), 'sqlite', 'shelve' or 'pickle'; None picks
    by the path's extension. ``auto_save``: save every ``save_interval``
    bars (``on_bar``; a strategy's manager is called each bar).
    ``allow_pickle``: load pickle files (None: only with a pickle format or a
    ``.pkl`` path) -- never for files you did not write. ``durable``: fsync
    every save (survives a power loss, not only a crash).
    """

    def __init__(self, path: Optional[str] = None, format: Optional[str] = None,
                 auto_save: bool = False, save_interval: int = 100,
                 allow_pickle: Optional[bool] = None, durable: bool = True,
                 strategy=None) -> None:
        self.path = os.fspath(path) if path is not None else None
        self.format = format
        if format is not None:
            format_for(None, format)            # an unknown name fails now
        self.save_interval = save_interval
        self.allow_pickle = allow_pickle
        self.durable = durable
        self.strategy = strategy
        self.bars = 0                           # bars seen by on_bar
        self.saves = 0                          # saves made
        self._values: dict = {}
        self._defaults: dict = {}               # registered name -> (default, timed)
        self._timed: dict = {}
        self._codec = ValueCodec()
        self._stores: dict = {}                 # format name -> store object
        self._hook = None
        self._auto_save = False
        self.auto_save = auto_save

    # -- configuration -----------------------------------------------------------------------
    @property
    def auto_save(self) -> bool:
        """Save every ``save_interval`` bars (of the strategy, or ``on_bar`` calls)."""
        return self._auto_save

    @auto_save.setter
    def auto_save(self, on: bool) -> None:
        on = bool(on)
        if on and (not isinstance(self.save_interval, int) or self.save_interval < 1):
            raise StateValueError('save_interval must be a positive number of bars, not %r'
                                  % (self.save_interval,))
        self._auto_save = on
        if on and self.strategy is not None and self._hook is None:
            from .autosave import attach
            self._hook = attach(self)

    def configure(self, **settings) -> 'StateManager':
        """Set ``path``, ``format``, ``auto_save``, ``save_interval``,
        ``allow_pickle`` or ``durable``; returns the manager."""
        for name in ('path', 'format', 'save_interval', 'allow_pickle', 'durable', 'auto_save'):
            if name in settings:
                value = settings.pop(name)
                if name == 'format' and value is not None:
                    format_for(None, value)
                if name == 'path' and value is not None:
                    value = os.fspath(value)
                setattr(self, name, value)
        if settings:
            raise StateError('unknown StateManager settings: %s' % ', '.join(sorted(settings)))
        return self

    # -- variables --------------------------------------------------------------------------------
    def register(self, name: str, default: Any = None, timed: bool = False) -> None:
        """Declare a variable and its default (what ``reset`` goes back to);
        a timed one starts with no points. Registering keeps a value already
        set or loaded."""
        _check_name(name)
        self._defaults[name] = (_copy(default), bool(timed))
        if timed:
            self._timed.setdefault(name, TimedSeries())
        elif name not in self._values:
            self._values[name] = _copy(default)

    def set(self, name: str, value: Any) -> None:
        """Set variable ``name`` to ``value``."""
        self._values[_check_name(name)] = value

    def get(self, name: str, default: Any = _MISSING) -> Any:
        """The value of variable ``name`` (``default``, or ``StateKeyError``,
        for a variable never registered nor set)."""
        try:
            return self._values[name]
        except KeyError:
            if default is not _MISSING:
                return default
            raise StateKeyError('no state variable %r (known: %s)'
                                % (name, ', '.join(sorted(self._values)) or 'none')) from None

    def set_timed(self, name: str, value: Any, when: Any = None) -> None:
        """Record ``value`` for ``name`` at time ``when`` (default: the
        strategy's current bar time). The value is copied: later changes to
        the object do not alter what was recorded."""
        series = self._timed.get(_check_name(name))
        if series is None:
            series = self._timed[name] = TimedSeries()
        series.set(self._now() if when is None else when, _copy(value))

    def get_timed(self, name: str, when: Any = None, default: Any = _MISSING) -> Any:
        """The value ``name`` had at time ``when``: the last one recorded at
        or before it (``when`` None: the last one). ``default`` (or
        ``StateKeyError``) when there is none."""
        series = self._timed.get(name)
        if series is not None:
            value = series.asof(when, _MISSING)
            if value is not _MISSING:
                return value
        if default is not _MISSING:
            return default
        if series is None:
            raise StateKeyError('no timed state variable %r' % (name,))
        raise StateKeyError('timed state variable %r has no value at or before %r'
                            % (name, when))

    def history(self, name: str) -> list:
        """The (time, value) points of timed variable ``name``, in time order."""
        series = self._timed.get(name)
        if series is None:
            raise StateKeyError('no timed state variable %r' % (name,))
        return list(series)

    def _now(self):
        strategy = self.strategy
        if strategy is None:
            raise StateError('set_timed needs a time (when=...) outside a strategy')
        return strategy.lines.datetime.datetime(0)

    def __contains__(self, name) -> bool:
        return name in self._values or name in self._timed

    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def __setitem__(self, name: str, value: Any) -> None:
        self.set(name, value)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def names(self) -> list:
        """Names of the plain variables, then of the timed ones."""
        return list(self._values) + [n for n in self._timed if n not in self._values]

    def timed_names(self) -> list:
        """Names of the timed variables."""
        return list(self._timed)

    def __repr__(self) -> str:
        return 'StateManager(path=%r, variables=%d, timed=%d)' % (
            self.path, len(self._values), len(self._timed))

    # -- whole state ------------------------------------------------------------------------------
    def snapshot(self) -> dict:
        """An independent copy of every variable:
        ``{'values': {name: value}, 'timed': {name: [(time, value), ...]}, 'bars': n}``."""
        return {'values': copy.deepcopy(self._values),
                'timed': {name: copy.deepcopy(list(s)) for name, s in self._timed.items()},
                'bars': self.bars}

    def restore(self, snapshot: dict) -> None:
        """Make the variables those of ``snapshot`` (from ``snapshot()``)."""
        try:
            values = copy.deepcopy(dict(snapshot['values']))
            timed = {name: TimedSeries(copy.deepcopy(list(points)))
                     for name, points in snapshot.get('timed', {}).items()}
        except (KeyError, TypeError, ValueError) as exc:
            raise StateError('not a StateManager snapshot (%s)' % exc) from None
        for name in values:
            _check_name(name)
        self._values = values
        self._timed = timed
        self._add_registered()
        self.bars = int(snapshot.get('bars', self.bars))

    def reset(self) -> None:
        """Registered variables back to their defaults, others removed,
        timed variables emptied, the bar count back to 0."""
        self._values = {}
        self._timed = {}
        self._add_registered()
        self.bars = 0

    def _add_registered(self) -> None:
        for name, (default, timed) in self._defaults.items():
            if timed:
                self._timed.setdefault(name, TimedSeries())
            elif name not in self._values:
                self._values[name] = _copy(default)

    # -- files ---------------------------------------------------------------------------------------
    def _fingerprint(self) -> dict:
        out = {'project': project_fingerprint(_LAYOUT)}
        if self.strategy is not None:
            out['strategy'] = strategy_fingerprint(self.strategy)
        return out

    def _store(self, name: str):
        store = self._stores.get(name)
        if store is None or store.durable != self.durable:
            store = self._stores[name] = make_store(name, self._codec, durable=self.durable)
        return store

    def _target(self, path) -> str:
        path = os.fspath(path) if path is not None else self.path
        if path is None:
            raise StateError('no state file: give a path (StateManager(path=...) or '
                             'save(path))')
        return path

    def save(self, path: Optional[str] = None) -> str:
        """Write every variable to ``path`` (default: ``self.path``)
        atomically; returns the path."""
        path = self._target(path)
        fmt = format_for(path, self.format)
        if fmt == 'pickle' and not pickle_requested(path, self.format, self.allow_pickle):
            raise StateError('the pickle format was not asked for: pass allow_pickle=True')
        record = StateRecord(self._values, self._timed,
                             {'fingerprint': self._fingerprint(), 'bars': self.bars})
        self._store(fmt).save(path, record)
        self.saves += 1
        return path

    def load(self, path: Optional[str] = None, verify: bool = True) -> str:
        """Replace every variable by those in ``path`` (default:
        ``self.path``); returns the path. Variables registered but absent
        from the file keep their defaults. With ``verify`` a file made by
        another strategy class or other parameter values is refused
        (``FingerprintMismatchError`` listing what differs)."""
        path = self._target(path)
        allowed = pickle_requested(path, self.format, self.allow_pickle)
        fmt = format_of_file(path, self.format, allowed)
        if fmt == 'pickle':
            warnings.warn(PICKLE_WARNING, PickleSecurityWarning, stacklevel=2)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', PickleSecurityWarning)
            record = self._store(fmt).load(path)
        if verify:
            self._verify(path, record.meta.get('fingerprint') or {})
        self._values = dict(record.values)
        self._timed = dict(record.timed)
        self._add_registered()
        self.bars = int(record.meta.get('bars', 0) or 0)
        return path

    def _verify(self, path: str, saved: dict) -> None:
        mine = self._fingerprint()
        if 'strategy' not in saved or 'strategy' not in mine:
            return
        diffs = differences(saved['strategy'], mine['strategy'], 'strategy')
        if diffs:
            raise FingerprintMismatchError(
                'state file %s was saved by a different strategy setup:\n  %s\n'
                '(load(verify=False) loads it anyway)' % (path, '\n  '.join(diffs)), diffs)

    def exists(self, path: Optional[str] = None) -> bool:
        """Whether the state file (``path`` or ``self.path``) exists."""
        path = self._target(path)
        return make_store(format_for(path, self.format), self._codec).exists(path)

    # -- checkpoints of a run (backtrader.state.graph) --------------------------------------------
    def _bt_checkpoint_state(self) -> dict:
        return {'config': {'path': self.path, 'format': self.format,
                           'save_interval': self.save_interval,
                           'allow_pickle': self.allow_pickle, 'durable': self.durable,
                           'auto_save': self._auto_save},
                'strategy': self.strategy, 'hook': self._hook,
                'defaults': self._defaults, 'values': self._values,
                'timed': {name: list(series) for name, series in self._timed.items()},
                'bars': self.bars, 'saves': self.saves}

    def _bt_checkpoint_restore(self, state: dict) -> None:
        config = state['config']
        self.__init__(config['path'], config['format'], False, config['save_interval'],
                      config['allow_pickle'], config['durable'], state['strategy'])
        self._auto_save = config['auto_save']
        self._hook = state['hook']
        self._defaults = state['defaults']
        self._values = state['values']
        self._timed = {name: TimedSeries(points) for name, points in state['timed'].items()}
        self.bars, self.saves = state['bars'], state['saves']

    # -- per bar -------------------------------------------------------------------------------------
    def on_bar(self) -> None:
        """Count a bar; with ``auto_save`` save every ``save_interval`` bars."""
        self.bars += 1
        if self._auto_save and self.bars % self.save_interval == 0:
            self.save()
