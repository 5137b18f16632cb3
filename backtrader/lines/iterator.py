"""Objects that iterate over data: the lifecycle shared by indicators,
observers and strategies.

Construction (``_bt_build``): consume params/plotinfo keywords, find the owner
on the context stack, collect the datas from the leading positional args (or
take the owner's), attach the lines to the clock of the first data, compute
the initial minimum period, run the user's ``__init__`` with this object on the
context stack, then fold in the minimum periods of the lines and sub-objects
and register with the owner.

Execution: in next mode ``_next()`` updates sub-indicators first, then calls
``prenext``/``nextstart``/``next`` by comparing the clock's length with the
minimum period. In runonce mode ``_once()`` computes whole arrays through
``preonce``/``oncestart``/``once``; classes that only define ``next`` get a
bar-by-bar replay over the preloaded arrays.
"""
from __future__ import annotations

from typing import Any, Optional

from ..core.context import owner_stack, find_owner
from ..core.descriptors import InstanceLookup, declare
from ..core.params import leftover_kwargs
from . import oncecache
from .buffer import Clock, LineBuffer
from .root import LineRoot, operation_factory
from .series import LineSeries, LineSeriesMaker, as_line

__all__ = ['LineIterator', 'DataAccessor', 'IndicatorBase', 'ObserverBase', 'StrategyBase',
           'clock_of', 'precomputable']


_ONCE_BASE: dict = {}     # ltype -> base class whose next/once are the no-op defaults


def _nothing() -> None:
    pass


def clock_of(obj) -> Clock:
    """The clock an object's lines move with."""
    if isinstance(obj, LineBuffer):
        return obj._c
    return obj.lines._clock


def _overrides(cls, name: str, base) -> bool:
    return getattr(cls, name) is not getattr(base, name)


_STEP_HOOKS = ('next', 'prenext', 'nextstart', 'once', 'oncestart', 'preonce')


def _pure_hooks(cls) -> bool:
    """True when every stepping hook of ``cls`` comes from this package: the
    values are then a function of the inputs only, so a preloaded next-mode run
    may compute them vectorised up front with identical results."""
    if cls.__dict__.get('_bt_next_differs') or cls._nextforce:
        return False
    for name in _STEP_HOOKS:
        for klass in cls.__mro__:
            if name in klass.__dict__:
                if not klass.__module__.startswith('backtrader.'):
                    return False
                break
    return True


def precomputable(obj) -> bool:
    """``obj`` and everything below it are pure and move with one clock."""
    clock = clock_of(obj)
    # objects checked or being checked: an indicator built on a line of the
    # one that owns it (MACD's signal on its macd line) is not a new question
    seen = set()

    def check(o) -> bool:
        if id(o) in seen:
            return True
        seen.add(id(o))
        if not getattr(o, '_bt_pure', False) or getattr(o, '_bt_next_differs', False):
            return False
        if clock_of(o) is not clock:
            return False
        for d in o.datas:
            if clock_of(d) is not clock:
                return False
            # an input computed bar by bar (e.g. an operation mixing two datas,
            # or a line of a next-only indicator) has no values yet when this
            # object would be precomputed
            if not isinstance(d, LineIterator):
                d = getattr(as_line(d), '_owner', None)     # a line: its owner's
            if isinstance(d, LineIterator) and not check(d):
                return False
        return all(check(c) for group in o._lineiterators for c in group)
    return check(obj)


def step_bars(clock, start: int, end: int, hook) -> None:
    """``hook()`` on each bar of ``[start, end)``, ``clock`` (shared with the
    data) showing that bar while it runs."""
    for i in range(start, end):
        clock.idx = i
        clock.lencount = i + 1
        hook()


class LineIterator(LineSeries):
    """Base of every object stepped bar by bar (indicators, observers, strategies)."""

    _ltype = LineSeries.IndType
    _mindatas = 1
    _nextforce = False
    _OwnerCls = None
    _stclock = False
    # upstream's base __init__ swallows unknown keywords (core/params.py)
    _bt_drops_kwargs = True

    plotinfo = dict(subplot=True, plotname='', plotskip=False, plotabove=False,
                    plotlinelabels=False, plotlinevalues=True, plotvaluetags=True,
                    plotymargin=0.0, plotyhlines=[], plotyticks=[], plothlines=[],
                    plotforce=False)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Replay next() bar by bar in runonce mode when once() is not provided
        # (decided once per class, not per bar).
        base = _ONCE_BASE.get(cls._ltype)
        if base is not None and issubclass(cls, base):
            cls._once_by_next = _overrides(cls, 'next', base) and not _overrides(cls, 'once', base)
        cls._bt_pure = _pure_hooks(cls)

    _once_by_next = False
    _bt_pure = True
    # (indicators: ``Indicator.__init_subclass__``) None, or the user's
    # ``(prenext, nextstart, next)`` (None where not added) a runonce run
    # replays after the values are computed
    _bt_user_hooks = None
    # False on classes that read bars ahead or replace ``_once`` (they cannot
    # be computed a block at a time, ``_streams``)
    _bt_streams = True
    # set on built-in classes whose bar-by-bar results differ from their
    # vectorised ones (upstream quirks reproduced per mode)
    _bt_next_differs = False

    # -- construction ----------------------------------------------------------------
    def _bt_build(self, init, args, kwargs):
        kwargs = self._bt_takeparams(kwargs)
        kwargs = self._bt_takeplotinfo(kwargs)
        owner = self._bt_findowner()
        self._owner = owner
        datas, args = self._bt_collect_datas(args, owner)
        kwargs = leftover_kwargs(type(self), init, kwargs, type(self).plotinfo._getkeys())
        self._bt_makelines(self._bt_choose_clock(datas, owner))
        self._bt_setdatas(datas)
        self._lineiterators = ([], [], [])
        mp = 1
        keep = self._keepargs
        for d in datas:
            # an operation on a multi-line object works on its first line, with
            # that line's minimum period (a MACD's 15, not the indicator's 17)
            dmp = as_line(d)._minperiod if keep else d._minperiod
            if dmp > mp:
                mp = dmp
        self._minperiod = mp
        for line in self.lines.lines:
            line.addminperiod(mp)
        self._bt_preinit_hook()
        owner_stack.append(self)
        self._bt_building = True
        try:
            init(self, *args, **kwargs)
        finally:
            self._bt_building = False
            owner_stack.pop()
        self._bt_postinit()

    def _bt_findowner(self):
        return find_owner(self._OwnerCls or LineIterator, skip=self)

    _keepargs = False      # line functions/operations: lines stay in the __init__ args

    def _bt_collect_datas(self, args, owner):
        if self._keepargs:
            datas = [a for a in args if isinstance(a, LineRoot)]
            if not datas and owner is not None:
                datas = list(owner.datas[:1])
            return datas, list(args)
        args = list(args)
        datas = []
        while args and isinstance(args[0], LineRoot):
            arg = args.pop(0)
            datas.append(arg if isinstance(arg, LineSeries) else LineSeriesMaker(arg))
        if datas:
            while len(datas) < self._mindatas and args and isinstance(args[0], (int, float)):
                num = operation_factory.constant(args.pop(0), clock=clock_of(datas[0]))
                datas.append(num)
        elif owner is not None:
            datas = list(owner.datas[:self._mindatas])
        return datas, args

    def _bt_choose_clock(self, datas, owner):
        if self._stclock and owner is not None:
            return clock_of(owner)
        if datas:
            return clock_of(datas[0])
        if owner is not None:
            return clock_of(owner)
        return Clock(self)

    def _bt_setdatas(self, datas) -> None:
        self.datas = datas
        add_data_names(datas)
        d = self.__dict__
        if datas:
            self.data = datas[0]
            for i, data in enumerate(datas):
                d['data%d' % i] = data
        self.ddatas = {x: None for x in datas}

    def _bt_preinit_hook(self) -> None:
        """Per-family work before the user's __init__ runs."""

    def _bt_postinit(self) -> None:
        mp = self._minperiod
        for line in self.lines.lines:
            if line._minperiod > mp:
                mp = line._minperiod
        for ind in self._lineiterators[0]:
            if ind._minperiod > mp:
                mp = ind._minperiod
        self._minperiod = mp
        if self._owner is not None:
            self._owner.addindicator(self)

    class _DataNames:
        """``dnames``: the datas that have a name, by name (attribute access).
        A non-data descriptor: an instance may store its own ``dnames``."""

        def __get__(self, obj, cls=None):
            if obj is None:
                return self
            from ..utils.autodict import DotDict
            return DotDict([(d._name, d) for d in obj.__dict__.get('datas', ())
                            if getattr(d, '_name', '')])

    dnames = _DataNames()

    # -- registry of children ----------------------------------------------------------
    def addindicator(self, indicator) -> None:
        """Register a child object (indicator, observer...) built inside this one."""
        self._lineiterators[indicator._ltype].append(indicator)

    def getindicators(self) -> list:
        """The indicators built inside this object."""
        return self._lineiterators[self.IndType]

    def getindicators_lines(self) -> list:
        """The indicators built inside this object that have lines."""
        return [x for x in self._lineiterators[self.IndType]
                if hasattr(x.lines, 'getlinealiases')]

    def getobservers(self) -> list:
        """The observers attached to this object."""
        return self._lineiterators[self.ObsType]

    def bindlines(self, owner=None, own=None):
        """Bind own lines to lines of ``owner`` (default: this object's owner)."""
        if not owner:
            owner = 0
        if isinstance(owner, (str, int)):
            owner = [owner]
        if not own:
            own = range(len(owner))
        elif isinstance(own, (str, int)):
            own = [own]
        for lineowner, lineown in zip(owner, own):
            target = (getattr(self._owner.lines, lineowner) if isinstance(lineowner, str)
                      else self._owner.lines[lineowner])
            source = getattr(self.lines, lineown) if isinstance(lineown, str) else self.lines[lineown]
            source.addbinding(target)
        return self

    bind2lines = bindlines
    bind2line = bindlines

    # -- minimum period: the lines' (LineSeries) and this object's ------------------------
    def setminperiod(self, minperiod: int) -> None:
        """Set the bars needed before ``next`` is called (for this object and its lines)."""
        super().setminperiod(minperiod)
        self._minperiod = minperiod

    def updateminperiod(self, minperiod: int) -> None:
        """Raise the minimum period to ``minperiod`` if that is longer."""
        if minperiod > self._minperiod:
            self._minperiod = minperiod
        super().updateminperiod(minperiod)

    def addminperiod(self, minperiod: int) -> None:
        """Add a lookback of ``minperiod`` bars (``minperiod - 1`` more bars) to the minimum
        period."""
        super().addminperiod(minperiod)
        self._minperiod += minperiod - 1

    def incminperiod(self, minperiod: int) -> None:
        """Add ``minperiod`` bars to the minimum period."""
        super().incminperiod(minperiod)
        self._minperiod += minperiod

    def _periodrecalc(self) -> None:
        inds = self._lineiterators[self.IndType]
        if inds:
            self.updateminperiod(max(ind._minperiod for ind in inds))

    # -- user hooks (next mode) --------------------------------------------------------------
    def prenext(self) -> None:
        """Called on each bar before the minimum period is reached (next mode)."""
        pass

    def nextstart(self) -> None:
        """Called once, on the first bar where the minimum period is reached; calls ``next`` by
        default."""
        self.next()

    def next(self) -> None:
        """Called on each bar once the minimum period is reached: compute the current values."""
        pass

    # -- user hooks (runonce mode) ---------------------------------------------------------
    def preonce(self, start: int, end: int) -> None:
        """Runonce counterpart of ``prenext``: bars ``[start, end)`` before the minimum period."""
        pass

    def oncestart(self, start: int, end: int) -> None:
        """Runonce counterpart of ``nextstart``: the first full bar; calls ``once`` by default."""
        self.once(start, end)

    def once(self, start: int, end: int) -> None:
        """Runonce: compute bars ``[start, end)`` at once, on whole arrays (docs/lines-api.md)."""
        pass

    # -- engine drivers --------------------------------------------------------------------------
    def _next(self) -> None:
        for ind in self._lineiterators[0]:
            ind._next()
        clen = self.lines._clock.lencount
        mp = self._minperiod
        if clen > mp:
            self.next()
        elif clen == mp:
            self.nextstart()
        elif clen:
            # (nothing before its clock's first bar: a data starting later than
            # the others, as upstream)
            self.prenext()

    def _once(self) -> None:
        cache = oncecache._ACTIVE       # runs sharing indicator results (optimisation)
        if cache is not None and cache.restore(self):
            return
        for ind in self._lineiterators[0]:
            ind._once()
        clock = self.lines._clock
        end = clock.buflen
        if self._once_by_next:
            self._replay_next(clock, end)
        else:
            mp = self._minperiod
            self.preonce(0, min(mp - 1, end))
            if mp <= end:
                self.oncestart(mp - 1, mp)
                self.once(mp, end)
        for line in self.lines.lines:
            if line.bindings:
                line.oncebinding()
        if self._bt_user_hooks is not None and not self._once_by_next:
            # a user's subclass adding next to a class upstream composes in
            # __init__: upstream's runonce calls that next over the values
            pre, start, nxt = (h and h.__get__(self) for h in self._bt_user_hooks)
            self._replay_next(clock, end, (pre or _nothing, start or nxt, nxt))
        if cache is not None:
            cache.store(self)

    def _once_span(self, lo: int, hi: int) -> None:
        """``_once`` for the bars ``[lo, hi)`` alone (a block of a streamed
        run, ``engine/streamed.py``): the bars before ``lo`` are computed and
        their lookback is still stored. Same hooks as ``_once``, each given
        its part of the block."""
        for ind in self._lineiterators[0]:
            ind._once_span(lo, hi)
        mp = self._minperiod
        if lo < mp - 1:
            self.preonce(lo, min(mp - 1, hi))
        if lo <= mp - 1 < hi:
            self.oncestart(mp - 1, mp)
        if max(lo, mp) < hi:
            self.once(max(lo, mp), hi)
        for line in self.lines.lines:
            if line.bindings:
                line.oncebinding(lo, hi)

    def _streams(self) -> bool:
        """True when this object and everything it computes from can be
        computed a block at a time (``_once_span``) with the results of a
        bar-by-bar run: each has its own ``once`` (no next-only replay, no
        mode quirk), reads no bar ahead of the one it computes, and steps with
        this package's hooks (a user's own ``once`` may differ from its
        ``next``, which upstream's bar-by-bar modes call)."""
        cls = type(self)
        if not self._bt_streams or not self._bt_pure or self._once_by_next \
                or self._bt_next_differs:
            return False
        if cls._once is not LineIterator._once and cls._once_span is LineIterator._once_span:
            return False        # a _once of its own without the block version of it
        return all(ind._streams() for ind in self._lineiterators[0])

    def _replay_next(self, clock, end: int, hooks: Optional[tuple] = None) -> None:
        """Runonce emulation for classes with only ``next``: step the shared
        clock over the preloaded bars, dispatching as next mode would
        (``hooks``: the ``(prenext, nextstart, next)`` to call instead of the
        object's own, bound to it)."""
        mp = self._minperiod
        saved_idx, saved_len = clock.idx, clock.lencount
        clock.home()
        prenext, nextstart, nxt = hooks or (self.prenext, self.nextstart, self.next)
        step_bars(clock, 0, min(mp - 1, end), prenext)
        if mp <= end:
            step_bars(clock, mp - 1, mp, nextstart)
        step_bars(clock, mp, end, nxt)
        clock.idx, clock.lencount = saved_idx, saved_len

    def _step_over(self, start: int, end: int, hook) -> None:
        """``hook()`` on each bar of ``[start, end)`` (``once_via_next`` and
        the like), the clock put back where it was after."""
        clock = self.lines._clock
        saved = clock.idx, clock.lencount
        step_bars(clock, start, end, hook)
        clock.idx, clock.lencount = saved

    def _all_lineseries(self):
        """This object and every line object below it (depth first)."""
        yield self
        for group in self._lineiterators:
            for obj in group:
                yield from obj._all_lineseries()

    def qbuffer(self, savemem: int = 0) -> None:
        """Switch lines to memory-saving rings sized by their lookback."""
        if savemem:
            for line in self.lines.lines:
                line.qbuffer()
        for obj in self._lineiterators[self.IndType]:
            obj.qbuffer(savemem=1)


class DataAttr(InstanceLookup):
    """``data_close``, ``data1_high``, ``data_2``, ``data1_0``... on line
    iterators, resolved against the instance's datas (declared on
    ``LineIterator`` as datas of new shapes appear, see ``core.descriptors``)."""

    __slots__ = ()

    def lookup(self, obj):
        res = _resolve_data_attr(obj.__dict__.get('datas') or (), self.key)
        if res is None:
            raise AttributeError('%r object has no attribute %r' % (type(obj).__name__,
                                                                     self.key))
        return res


_DATA_SHAPES_SEEN: set = set()      # (position, lines class) already given names


def add_data_names(datas) -> None:
    """Declare on ``LineIterator`` the data attribute names that datas of
    these shapes (position, lines class) can resolve; cheap when seen before."""
    for i, data in enumerate(datas):
        lines = getattr(data, 'lines', None)
        key = (i, type(lines))
        if key in _DATA_SHAPES_SEEN:
            continue
        _DATA_SHAPES_SEEN.add(key)
        prefixes = ('data%d' % i, 'data') if i == 0 else ('data%d' % i,)
        names = ['data%d' % i]
        linenames = list(getattr(lines, '_names', ())) + list(getattr(lines, '_aliases', ()))
        nlines = len(getattr(lines, 'lines', ()) or ())
        for prefix in prefixes:
            names.extend('%s_%s' % (prefix, n) for n in linenames)
            names.extend('%s_%d' % (prefix, j) for j in range(nlines))
        for name in names:
            declare(LineIterator, name, DataAttr(name))


def _resolve_data_attr(datas, name: str):
    # data_close / data_0 / data1_close / data1_2
    rest = name[4:]
    if rest == '':
        return datas[0] if datas else None
    num, _, tail = rest.partition('_')
    if num == '':
        idx = 0
    elif num.isdigit():
        idx = int(num)
    else:
        return None
    if idx >= len(datas):
        return None
    data = datas[idx]
    if not tail:
        return data if num else None
    lines = data.lines
    if tail.isdigit():
        try:
            return lines.lines[int(tail)]
        except IndexError:
            return None
    pos = lines._index_of(tail)
    if pos is None:
        return None
    return lines.lines[pos]


class DataAccessor(LineIterator):
    """Constants naming the price lines of a data feed (legacy)."""
    PriceClose = 0
    PriceLow = 1
    PriceHigh = 2
    PriceOpen = 3
    PriceVolume = 4
    PriceOpenInteres = 5
    PriceDateTime = 6


class IndicatorBase(DataAccessor):
    """Base of indicators and line operations."""
    _ltype = LineIterator.IndType


class ObserverBase(DataAccessor):
    """Base of observers."""
    _ltype = LineIterator.ObsType


class StrategyBase(DataAccessor):
    """Base of strategies."""
    _ltype = LineIterator.StratType


_ONCE_BASE[LineIterator.IndType] = IndicatorBase
