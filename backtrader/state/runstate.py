"""``RunState``: what of a running backtest a checkpoint holds, and putting
it back into the same setup built again.

Held (everything that decides what happens next):

* the broker's instance state: cash, value, positions, orders (pending,
  brackets, OCO groups, trailing stops, partial fills), fund shares, its
  value history;
* each strategy's instance state: its own attributes (``checkpoint_exclude``
  names those to leave out, e.g. a handle rebuilt by ``__init__``), the
  ``StateManager``, pending notifications, trades and their ledger, the
  sizer;
* analyzers (and their children) and observers: instance state, and the
  values of observer and strategy lines;
* timers (cerebro's and strategies'): where they stand -- the next call
  due, the last one made, the week/month days left -- not what they were
  made with (``args``, ``kwargs``, the time zone source: the setup);
* the order and trade reference counters;
* the clocks: position of every data feed, of the strategy, of observers.

Not held, because the same setup computes them again from the data: the
data feeds' lines and the indicators.
"""
from __future__ import annotations

from typing import Optional

from ..core.errors import CheckpointError, FingerprintMismatchError
from ..order import OrderBase
from ..trade import Trade
from .anchors import AnchorMap
from .checkpointfile import CHECKPOINT_LAYOUT
from .fingerprint import (data_differences, data_fingerprint, describe, differences,
                          project_fingerprint, qualname, strategy_fingerprint)
from .graph import SCHEMAS, ClassPolicy, GraphReader, GraphWriter

__all__ = ['RunState', 'setup_fingerprint']

#: process-wide counters a run draws from (class, attribute)
_COUNTERS = ((OrderBase, 'refbasis'), (Trade, 'refbasis'))

#: a timer's attributes set from its parameters by ``start`` (the setup,
#: made again on resume) and what it hands to ``notify_timer``
_TIMER_SETUP = ('args', 'kwargs', '_tzdata', '_tz', '_isdata', '_rstwhen')

_CEREBRO_KEYS = ('preload', 'runonce', 'exactbars', 'live', 'cheat_on_open', 'broker_coo',
                 'quicknotify', 'tradehistory', 'oldsync', 'oldbuysell', 'oldtrades',
                 'stdstats', 'lookahead', 'tz')


def setup_fingerprint(cerebro, runstrats, datas) -> dict:
    """The setup of a run: project, cerebro modes, broker, datas, strategies
    and what is attached to them."""
    p = cerebro.p
    broker = cerebro.broker
    out = {'project': project_fingerprint(CHECKPOINT_LAYOUT),
           'cerebro': {k: describe(getattr(p, k)) for k in _CEREBRO_KEYS},
           'broker': {'class': qualname(type(broker)),
                      'params': {k: describe(v) for k, v in broker.p._getkwargs().items()}},
           'datas': [data_fingerprint(d) for d in datas],
           'strategies': []}
    for strat in runstrats:
        entry = strategy_fingerprint(strat)
        entry['analyzers'] = [_component(a) for a in strat.analyzers]
        entry['observers'] = [qualname(type(o[0] if isinstance(o, list) else o))
                              for o in strat.observers]
        entry['sizer'] = _component(strat.getsizer()) if '_sizer' in strat.__dict__ else None
        out['strategies'].append(entry)
    out['timers'] = [_timer_setup(t) for t in cerebro._timers]
    return out


def _timer_setup(timer) -> dict:
    """What a timer was made with: its parameters, the owner by kind."""
    params = {k: describe(v) for k, v in timer.p._getkwargs().items()
              if k not in ('owner', 'tzdata')}
    params['owner'] = qualname(type(timer.p.owner))
    tzdata = timer.p.tzdata
    params['tzdata'] = describe(tzdata) if not hasattr(tzdata, 'lines') else 'data'
    return params


def _component(obj) -> dict:
    params = getattr(obj, 'p', None)
    values = params._getkwargs() if params is not None and hasattr(params, '_getkwargs') else {}
    return {'class': qualname(type(obj)), 'params': {k: describe(v) for k, v in values.items()}}


def _observers(strat) -> list:
    out = []
    for obs in strat.observers:
        out.extend(obs if isinstance(obs, list) else [obs])
    return out


def _policy_for(cerebro, runstrats, datas) -> ClassPolicy:
    policy = ClassPolicy()
    objs = [cerebro.broker] + list(datas) + list(cerebro._timers)
    for strat in runstrats:
        objs.append(strat)
        objs.extend(strat.analyzers)
        objs.extend(strat._slavesanalyzers)
        objs.extend(_observers(strat))
        objs.append(strat.__dict__.get('_sizer'))
        for group in strat._lineiterators:
            objs.extend(o for o in group if not isinstance(o, list))
        for cls in type(strat).__mro__:
            policy.modules.add(cls.__module__)
    for obj in objs:
        if obj is not None:
            for cls in type(obj).__mro__:
                policy.modules.add(cls.__module__)
    return policy


class RunState:
    """Capture (``capture``) or put back (``restore``) the state of a run.

    Made once the run is built and started (strategies' ``start`` done,
    memory modes applied); the engine calls ``capture`` between bars, at a
    point where nothing is half done (see ``Engine``)."""

    def __init__(self, cerebro, runstrats, datas) -> None:
        self.cerebro = cerebro
        self.runstrats = list(runstrats)
        self.datas = list(datas)
        self.anchors = AnchorMap.of_run(cerebro, self.runstrats, self.datas)
        self.policy = _policy_for(cerebro, self.runstrats, self.datas)
        self._writer: Optional[GraphWriter] = None

    # -- what is captured ----------------------------------------------------------------------
    def _roots(self) -> list:
        """(path, object, attributes to leave out) of every object whose
        instance state is held."""
        out = [('broker', self.cerebro.broker, ())]
        amap = self.anchors
        for i, strat in enumerate(self.runstrats):
            path = amap.path(strat)
            skip = tuple(getattr(strat, 'checkpoint_exclude', ()) or ())
            out.append((path, strat, skip))
            for an_path, analyzer in amap.analyzers():
                if an_path.startswith(path + '.'):
                    out.append((an_path, analyzer, ()))
            for obs in _observers(strat):
                out.append((amap.path(obs), obs, ()))
            sizer = strat.__dict__.get('_sizer')
            if sizer is not None and amap.path(sizer) is not None:
                out.append((amap.path(sizer), sizer, ()))
        for timer in self.cerebro._timers:
            out.append((amap.path(timer), timer, _TIMER_SETUP))
        return out

    def _held_lines(self) -> list:
        """(path, line) of the lines whose values are held: the strategies'
        own lines and the observers' (what the data cannot give again)."""
        out = []
        for strat in self.runstrats:
            for obj in [strat] + _observers(strat):
                for line in obj.lines.lines:
                    out.append((self.anchors.path(line), line))
        return out

    def _clocks(self) -> list:
        """(path, clock) of the clocks that move with the strategies: their
        own and their observers' (the datas' are handled apart)."""
        out, seen = [], set()
        for strat in self.runstrats:
            objs = [strat] + _observers(strat)
            for obj in objs:
                for line in obj.lines.lines:
                    clock = _base_clock(line.clock)
                    if clock is not None and id(clock) not in seen:
                        seen.add(id(clock))
                        out.append((self.anchors.path(clock) or
                                    self.anchors.path(line) + '.clock', clock))
        return out

    def _data_clocks(self) -> list:
        """(path, clock) of the datas' clocks."""
        out, seen = [], set()
        for data in self.datas:
            clock = _base_clock(data.lines.lines[0].clock) if data.lines.lines else None
            if clock is not None and id(clock) not in seen:
                seen.add(id(clock))
                out.append((self.anchors.path(clock), clock))
        return out

    # -- capture -----------------------------------------------------------------------------------------
    def capture(self, bar: int, extra: Optional[dict] = None) -> tuple:
        """(meta, changed rows, removed oids) of the run's state after ``bar``
        bars. Rows are relative to this object's previous capture."""
        if self._writer is None:
            self._writer = GraphWriter(self.anchors, self.policy)
        roots = {}
        for path, obj, skip in self._roots():
            roots[path] = (lambda o, s: lambda w: w.attrs(o, s))(obj, skip)
        roots['$counters'] = lambda w: {'%s.%s' % (qualname(cls), attr):
                                        w.value(_counter(cls, attr)) for cls, attr in _COUNTERS}
        roots['$lines'] = self._capture_lines
        roots['$clocks'] = lambda w: {path: _clock_state(clock) for path, clock in self._clocks()}
        roots['$dataclocks'] = lambda w: {path: _clock_state(clock)
                                          for path, clock in self._data_clocks()}
        data, changed, removed = self._writer.capture(roots)
        meta = {'bar': bar,
                'datas': [{'len': len(d), 'dt': _last_dt(d)} for d in self.datas],
                'roots': data}
        if extra:
            meta.update(extra)
        return meta, changed, removed

    def _capture_lines(self, writer: GraphWriter) -> dict:
        out = {}
        for path, line in self._held_lines():
            clock = line.clock
            if line.maxlen:
                out[path] = {'ring': writer.value(line.storage().copy())}
            else:
                out[path] = {'values': writer.series(path, line.storage()[:clock.buflen])}
        return out

    # -- restore -------------------------------------------------------------------------------------------
    def restore(self, meta: dict, rows: dict, place_datas: bool) -> None:
        """Put the state of a checkpoint into this (freshly started) run.
        ``place_datas``: move the datas' clocks to the checkpoint's bars
        (runonce; in next mode the datas were replayed there)."""
        reader = GraphReader(dict(rows), self.anchors, self.policy,
                             meta['roots'].get(SCHEMAS, ()))
        roots = meta['roots']
        for name, value in roots['$counters'].items():
            cls_name, _, attr = name.rpartition('.')
            for cls, cattr in _COUNTERS:
                if qualname(cls) == cls_name and cattr == attr:
                    setattr(cls, attr, reader.decode(value))
        for path, state in roots['$clocks'].items():
            _set_clock(self.anchors.get(path), state)
        if place_datas:
            for path, state in roots['$dataclocks'].items():
                clock = self.anchors.get(path)
                clock.idx, clock.lencount = state['idx'], state['lencount']
                for ring in clock.rings:
                    ring.sync()
        for path, state in roots['$lines'].items():
            line = self.anchors.get(path)
            if 'ring' in state:
                line.storage()[:] = reader.decode(state['ring'])
            else:
                values = reader.series(state['values'])
                if len(values) > line.clock.capacity:
                    line.reserve(len(values))
                line.storage()[:len(values)] = values
        for path, obj, _ in self._roots():
            if path not in roots:
                raise CheckpointError('the checkpoint has no state for %s (%s): was the setup '
                                      'changed?' % (path, type(obj).__name__))
        for path, obj, _ in self._roots():
            reader.restore_attrs(obj, roots[path])

    def verify_bars(self, meta: dict) -> None:
        """The datas stand where the checkpoint saw them: same bar counts and
        the same datetime on the last bar (else the data changed)."""
        diffs = []
        for i, (data, saved) in enumerate(zip(self.datas, meta['datas'])):
            if len(data) != saved['len'] or _last_dt(data) != saved['dt']:
                diffs.append('data[%d] (%s): bar %d is %s now, it was %s when the checkpoint '
                             'was made' % (i, getattr(data, '_name', ''), saved['len'],
                                           _show_dt(data), saved['dt']))
        if diffs:
            raise FingerprintMismatchError('the datas differ from those of the checkpoint:\n  '
                                           + '\n  '.join(diffs), diffs)


def _counter(cls, attr):
    return getattr(cls, attr)


def _base_clock(clock):
    """The clock a line's clock view belongs to (a ring's parent); None for
    the frozen cursor of a finished run."""
    parent = getattr(clock, 'parent', None)
    if parent is not None:
        return parent
    return clock if hasattr(clock, 'rings') else None


def _clock_state(clock) -> dict:
    return {'idx': clock.idx, 'lencount': clock.lencount, 'buflen': clock.buflen}


def _set_clock(clock, state: dict) -> None:
    clock.idx = state['idx']
    clock.lencount = state['lencount']
    if state['buflen'] > clock.capacity:
        clock._ensure(state['buflen'])
    clock.buflen = state['buflen']
    for ring in getattr(clock, 'rings', ()):
        ring.sync()


def _last_dt(data) -> Optional[float]:
    if not len(data):
        return None
    return float(data.lines.datetime[0])


def _show_dt(data) -> str:
    try:
        return data.datetime.datetime(0).isoformat()
    except (IndexError, ValueError):
        return 'missing'


def check_setup(saved: dict, current: dict, datas, allow_growth: bool = True,
                ignore=()) -> None:
    """Raise ``FingerprintMismatchError`` listing what differs between the
    setup a checkpoint was made with and this one (datas may have grown)."""
    diffs = []
    for key in ('project', 'cerebro', 'broker', 'strategies', 'timers'):
        if key in ignore:
            continue
        diffs.extend(differences(saved.get(key), current.get(key), key))
    if 'datas' not in ignore:
        old = saved.get('datas') or []
        if len(old) != len(datas):
            diffs.append('datas: %d then, %d now' % (len(old), len(datas)))
        else:
            for i, (fp, data) in enumerate(zip(old, datas)):
                diffs.extend(data_differences(fp, data, 'datas[%d]' % i, allow_growth))
    if diffs:
        raise FingerprintMismatchError(
            'the checkpoint was made by a different setup:\n  %s' % '\n  '.join(diffs), diffs)
