"""``Indicator``: base of every indicator, registered by name and alias."""
from __future__ import annotations

import math as _math

from ..core.registry import get_registry, make_alias_classes
from ..lines.iterator import IndicatorBase, LineIterator

__all__ = ['Indicator', 'MtLinePlotterIndicator', 'LinePlotterIndicator']


# Upstream's library indicators that compute with their own ``once``. Every
# other one composes sub-indicators in ``__init__``, so upstream's runonce
# replays a ``next`` a user's subclass adds to it (over the composed values).
_OWN_ONCE = frozenset((
    'Accum', 'AllN', 'AnyN', 'ApplyN', 'Average', 'BaseApplyN', 'ExponentialSmoothing',
    'FindFirstIndex', 'FindFirstIndexHighest', 'FindFirstIndexLowest', 'FindLastIndex',
    'FindLastIndexHighest', 'FindLastIndexLowest', 'Highest', 'Lowest', 'OperationN',
    'PercentRank', 'PeriodN', 'ReduceN', 'SumN', 'WeightedAverage'))


def _user_hooks(cls, lib):
    """For a user's subclass of a library indicator upstream composes (``lib``,
    the first class of the package in its MRO), adding ``prenext``,
    ``nextstart`` or ``next`` (and no ``once``): the user's ``(prenext,
    nextstart, next)`` functions (None where the subclass adds none). None
    otherwise."""
    user = cls.__mro__[:cls.__mro__.index(lib)]
    if not user or lib is Indicator or any(k.__name__ in _OWN_ONCE for k in lib.__mro__):
        return None

    def find(name):
        return next((k.__dict__[name] for k in user if name in k.__dict__), None)
    hooks = find('prenext'), find('nextstart'), find('next')
    if hooks == (None, None, None) or find('once') is not None:
        return None
    return hooks


def _lib_then_user_next(lib, hooks: tuple):
    """``_next`` of such a subclass when the library class computes in its own
    hooks: each bar the library's hook computes the value from its own past
    values (upstream's sub-indicators keep theirs apart from what the user's
    hooks write), then the user's hooks run over it (upstream's defaults
    where it adds none: nothing; ``nextstart`` calls ``next``)."""
    lib_pre, lib_next = lib.prenext, lib.next
    # (the default nextstart would call the subclass's next: the library's next instead)
    lib_start = lib_next if lib.nextstart is LineIterator.nextstart else lib.nextstart
    pre, start, nxt = hooks
    start = start or nxt

    def library(self, hook) -> None:
        # the library's previous values in place while its hook runs, the
        # user's back after it; the library's new values kept for the next bar
        lines = self.lines.lines
        own = self.__dict__.get('_bt_lib_last')
        mine = None
        if own is not None:
            mine = [line[-1] for line in lines]
            for line, v in zip(lines, own):
                line[-1] = v
        hook(self)
        self._bt_lib_last = [line[0] for line in lines]
        if mine is not None:
            for line, v in zip(lines, mine):
                line[-1] = v

    def _next(self) -> None:
        # (LineIterator._next's dispatch with two hooks a status: the base one
        # stays one call a bar for every other object)
        for ind in self._lineiterators[0]:
            ind._next()
        clen = self.lines._clock.lencount
        if not clen:
            return
        mp = self._minperiod
        if clen > mp:
            library(self, lib_next)
            if nxt is not None:
                nxt(self)
        elif clen == mp:
            library(self, lib_start)
            if start is not None:
                start(self)
        else:
            library(self, lib_pre)
            if pre is not None:
                pre(self)
    return _next


class Indicator(IndicatorBase):
    """Base class for indicators.

    Declare ``lines``, ``params`` and optionally ``alias``; compute either
    declaratively in ``__init__`` (line expressions and sub-indicators bound to
    ``self.lines.<name>``) or imperatively in ``next`` (and ``once`` for
    vectorised runonce; without ``once`` the framework replays ``next``).
    """

    _ltype = LineIterator.IndType
    csv = False

    def __init_subclass__(cls, **kwargs):
        if 'alias' not in cls.__dict__:
            cls.alias = ()          # aliases belong to the declaring class only
        super().__init_subclass__(**kwargs)
        lib = next(k for k in cls.__mro__ if k.__module__.startswith('backtrader.'))
        hooks = _user_hooks(cls, lib)
        # (upstream's runonce replays them only when next is among them)
        cls._bt_user_hooks = hooks if hooks is not None and hooks[2] is not None else None
        if hooks is not None and not cls._once_by_next:
            cls._next = _lib_then_user_next(lib, hooks)
        reg = get_registry('indicators')
        if not cls.__name__.startswith('_'):
            reg.register(cls.__name__, cls)
        if cls.__dict__.get('alias'):
            for sub in make_alias_classes(cls):
                reg.register(sub.__name__, sub)

    def advance(self, size: int = 1) -> None:
        """Indicators move with their data's clock; nothing to do."""

    # Upstream's runonce helpers for an indicator computed bar by bar: a
    # class may set ``once = Indicator.once_via_next`` (and the like) or call
    # them from its own once. Each calls the hook once per bar of [start, end).
    def preonce_via_prenext(self, start: int, end: int) -> None:
        """``prenext`` on each bar of ``[start, end)``."""
        self._step_over(start, end, self.prenext)

    def oncestart_via_nextstart(self, start: int, end: int) -> None:
        """``nextstart`` on each bar of ``[start, end)``."""
        self._step_over(start, end, self.nextstart)

    def once_via_next(self, start: int, end: int) -> None:
        """``next`` on each bar of ``[start, end)``."""
        self._step_over(start, end, self.next)

    def _plotlabel(self) -> list:
        return [v for v in self.params._getvalues()]


def mark_stalled_input(ind) -> bool:
    """Flag (and return) whether ``ind`` sees upstream's stalled input in runonce.

    Upstream computes the few library indicators it defines with ``next`` only
    (ZeroLagIndicator, LaguerreRSI/Filter, HurstExponent) in runonce mode by
    replaying ``next``; when their input is another *indicator* (not a data
    feed nor a line operation) that input does not move during the replay: every
    call reads the input's last values and writes the last slot, so all bars
    are NaN except the last one. Such instances also opt out of next-mode
    precomputation (their ``once`` is then only used in real runonce mode)."""
    stalled = isinstance(ind.data, Indicator)
    ind._bt_stalled = stalled
    if stalled:
        ind._bt_next_differs = True
    return stalled


def fill_stalled(line, start: int, end: int, last=None) -> None:
    """NaN on ``[start, end)``; the last bar of the run gets ``last()``."""
    if end <= start:
        return
    arr = line.storage()
    arr[start:end] = _math.nan
    if last is not None and end == line.clock.buflen:
        arr[end - 1] = last()


class LinePlotterIndicator(Indicator):
    """Plots an arbitrary line as an indicator whose single line is ``name``."""

    def _bt_build(self, init, args, kwargs):
        name = kwargs.pop('name', 'line')
        self.__class__ = _plotter_class(name)
        super(LinePlotterIndicator, self)._bt_build(init, args, kwargs)

    def __init__(self, *args, **kwargs) -> None:
        self.lines[0] = self.data.lines[0] if hasattr(self.data, 'lines') else self.data
        # as upstream's, the line counts its data's minimum period twice: it
        # (and the strategy holding it) starts 2 * mp - 1 bars in
        self.lines[0].addminperiod(self._minperiod)


_PLOTTERS: dict = {}


def _plotter_class(name: str) -> type:
    try:
        return _PLOTTERS[name]
    except KeyError:
        cls = type('LinePlotterIndicator', (LinePlotterIndicator,),
                   {'lines': (name,), '__module__': __name__})
        _PLOTTERS[name] = cls
        return cls


MtLinePlotterIndicator = LinePlotterIndicator
