"""Line storage: numpy float64 buffers driven by shared clocks.

Every line is a ``LineBuffer`` holding a numpy array. Lines that advance
together (the lines of a data feed and of every indicator computed on it)
share one ``Clock`` (``clock.py``): the clock holds the cursor (``idx``), the number of bars
seen (``lencount``) and the number of stored bars (``buflen``). Moving a clock
moves all its lines at once, so in runonce mode advancing a bar costs one
increment no matter how many indicators exist.

Two storage layouts:

* unbounded (``LineBuffer``): ``array[idx + ago]``; arrays grow geometrically (by a quarter).
* ring (``RingLineBuffer``, memory saving ``exactbars``): a mirrored ring of
  ``2 * cap`` slots; each value is written at ``p % cap`` and ``p % cap + cap``
  so any window of up to ``cap`` bars is a contiguous slice (zero-copy views).

Scalar access goes through a ``memoryview`` of the array, which yields plain
Python floats (fast arithmetic in user code) while numpy sees the same memory.
"""
from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from .clock import (_INITIAL_CAPACITY, NAN, Clock, FrozenClock, RingClock,  # noqa: F401
                    fitted_array, spare_extension)
from .cyclic import CyclicBuffer  # noqa: F401 (re-exported)
from .heldreads import HeldReads
from .linearray import LineArray, line_array
from .root import LineSingle, install_fast_operators, operation_factory
from ..utils.dateintern import num2date as _num2date, time2num as _time2num

__all__ = ['Clock', 'FrozenClock', 'LineBuffer', 'RingLineBuffer', 'WrappedLineBuffer',
           'CyclicBuffer', 'NAN', 'current_value']


def current_value(line) -> float:
    """``line[0]`` read straight from the storage, without the range check
    of ``line[0]`` (for per-bar code outside ``lines/`` reading a line that has
    a current bar). Objects that are not line buffers are indexed."""
    try:
        return line._mv[line._c.idx]
    except AttributeError:
        return line[0]


class LineBuffer(HeldReads, LineSingle):
    """One line of values (a time series) on a shared ``Clock``.

    ``line[0]`` is the current value, ``line[-n]`` n bars ago, ``line[+n]``
    n bars ahead (preloaded data only). ``len(line)`` counts bars seen.
    """

    # (_wrap: the ring size upstream gives this line in a memory-saving run,
    # which reads through its indicator wrap around; 0: no wrap. _bars_so_far:
    # upstream computes the line bar by bar in the run and holds the bars so
    # far, not the whole series: see before_start. _nan_outside: upstream
    # sizes the line for the whole run up front, so a read outside the bars
    # it holds is NaN: see _outside)
    __slots__ = ('_a', '_mv', '_c', '_cap', '_minperiod', 'bindings', '_owner',
                 '_tz', '_name', '_wrap', '_bars_so_far', '_nan_outside', '__weakref__')

    UnBounded, QBuffer = 0, 1

    def __init__(self, clock: Optional[Clock] = None, owner: Any = None,
                 name: str = '') -> None:
        if clock is None:
            clock = Clock()
        self._c = clock
        self._a = clock.new_array() if isinstance(clock, Clock) else np.full(_INITIAL_CAPACITY, NAN)
        self._mv = memoryview(self._a)
        self._cap = self._wrap = 0
        self._bars_so_far = self._nan_outside = False
        self._minperiod = 1
        self.bindings: list = []
        self._owner = owner
        self._tz = None
        self._name = name
        clock.attach(self)

    # -- pickling (the memoryview is rebuilt from the array) -----------------------
    def __getstate__(self) -> dict:
        return {name: getattr(self, name) for name in _LB_STATE if hasattr(self, name)}

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self._mv = memoryview(self._a)

    # -- storage management (called by the clock) --------------------------------
    def _grow(self, capacity: int) -> None:
        old = self._a
        if len(old) >= capacity:
            return
        new = spare_extension(old, capacity)
        if new is None:
            new = np.full(capacity, NAN)
            new[:len(old)] = old
        self._a = new
        self._mv = memoryview(new)

    def _resize(self, capacity: int) -> None:
        """Exactly ``capacity`` slots for a loaded series (``Clock.set_length``)."""
        old = self._a
        new = fitted_array(capacity)
        n = min(len(old), capacity)
        new[:n] = old[:n]
        self._a = new
        self._mv = memoryview(new)

    # -- hot path -----------------------------------------------------------------
    def __getitem__(self, ago):
        v = self._mv[self._c.idx + ago]
        if v != v:      # NaN: also what unused slots hold, so check the range
            return self._outside(ago, v)
        return v

    def __setitem__(self, ago, value) -> None:
        self._mv[self._c.idx + ago] = value
        for b in self.bindings:
            b[ago] = value

    def set(self, value, ago: int = 0) -> None:
        """Store ``value`` ``ago`` bars from the current one (same as ``line[ago] = value``)."""
        self[ago] = value

    def __call__(self, ago=None):
        """``line(-n)``: the line delayed n bars; ``line()``: a coupler."""
        if ago is None or not isinstance(ago, (int, float)):
            return operation_factory.coupler(self, ago)
        return operation_factory.delay(self, ago)

    def __len__(self) -> int:
        return self._c.lencount

    # -- sizes & cursor -------------------------------------------------------------
    @property
    def idx(self) -> int:
        """Position of the current bar in the storage (``-1`` before the first bar)."""
        return self._c.idx

    @idx.setter
    def idx(self, value: int) -> None:
        self._c.idx = value

    def get_idx(self) -> int:
        """``idx`` (upstream's getter)."""
        return self._c.idx

    def getindicators(self) -> list:
        """No indicators: a line computes none itself."""
        return []

    @property
    def lencount(self) -> int:
        """Number of bars this line has moved through (``len(line)``)."""
        return self._c.lencount

    @property
    def extension(self) -> int:
        """Slots reserved past the stored bars (lookahead)."""
        return self._c.extension

    @property
    def mode(self) -> int:
        """``QBuffer`` (1) for a memory-saving ring, ``UnBounded`` (0) otherwise."""
        return self.QBuffer if self._cap else self.UnBounded

    @property
    def maxlen(self) -> int:
        """Bars a memory-saving ring keeps (0 for an unbounded line)."""
        return self._cap

    def buflen(self) -> int:
        """Number of bars stored as upstream counts them: the whole series
        once preloaded, the bars so far on a line upstream holds bar by bar,
        the bars a memory-saving ring holds (``clock.buflen``: this
        storage's own count)."""
        n = self._held_count()
        return self._c.buflen if n is None else n

    def stored(self) -> np.ndarray:
        """The values this line stores, oldest first, as a numpy view: a
        ring's bars, else the whole storage in use (``array`` is what
        upstream holds)."""
        c = self._c
        if self._cap:
            return self._last_bars(min(c.lencount, self._cap))
        return self._a[:c.buflen + c.extension]

    @property
    def array(self) -> LineArray:
        """The values upstream holds for this line (``held_bars``) as a
        numpy view reading and printing as upstream's container
        (``LineArray``); writes go to the line."""
        return line_array(self.held_bars(), self._wrap or self._cap)

    @array.setter
    def array(self, values) -> None:
        values = np.asarray(values, dtype=float)
        n = len(values)
        c = self._c
        if n > len(self._a):
            c._ensure(n)
        self._a[:n] = values

    def view(self, ago: int = 0, size: int = 1) -> np.ndarray:
        """The ``size`` values ending ``ago`` bars back, oldest first, as a
        zero-copy read-only numpy view (the bars there are when fewer)."""
        end = self._c.idx + ago + 1
        start = end - size
        if start < 0:
            start = 0 if end > 0 else end
        view = self._a[start:end]
        view.flags.writeable = False
        return view

    def window(self, size: int, ago: int = 0) -> memoryview:
        """The ``size`` values ending ``ago`` bars back, oldest first, as a
        memoryview slice: iterating it yields plain Python floats, which is
        what next-mode window formulas (``math.fsum``, ``max``) want."""
        end = self._c.idx + ago + 1
        return self._mv[end - size:end]

    # -- storage handles (docs/lines-api.md) -------------------------------------------
    # Taken once per once() range or per run, then indexed directly: no call per
    # bar. Positions are physical: on unbounded lines position p is bar p
    # (0-based) and the current bar is at ``clock.idx``.
    @property
    def clock(self):
        """The clock this line moves with (``idx``: position of the current
        bar, ``lencount``: bars seen, ``buflen``: bars stored, ``capacity``:
        positions allocated)."""
        return self._c

    def storage(self) -> np.ndarray:
        """The whole backing array, writable, indexed by physical position.

        Valid until the storage is reallocated: never inside ``once()`` nor
        while a run reads a preloaded clock; otherwise when ``clock.capacity``
        changes (bars added one by one) — fetch it again then."""
        return self._a

    def scalars(self) -> memoryview:
        """The backing storage as a memoryview (reads give plain Python
        floats); same positions and validity as ``storage()``."""
        return self._mv

    def share(self, source: 'LineBuffer', clock) -> None:
        """Read and write ``source``'s storage, moving with ``clock`` (a line
        standing for another one over a run, e.g. a strategy's datetime over
        its only data's), until ``unshare``."""
        self._c.detach(self)
        self._a, self._mv, self._c = source._a, source._mv, clock

    def unshare(self, clock: 'Clock', copy: bool = True) -> None:
        """Own storage again after ``share``: a copy of the bars seen so far,
        on ``clock``, which is placed on the last of them. ``copy=False``:
        the storage read so far is kept (nothing else writes it any more)."""
        n = self._c.lencount
        if copy:
            clock._ensure(n)
            values = np.full(clock.capacity, NAN)
            values[:n] = self._a[:n]
        else:
            values = self._a
            clock.capacity = len(values)
        self._a, self._mv, self._c = values, memoryview(values), clock
        clock.attach(self)
        clock.idx, clock.lencount, clock.buflen = n - 1, n, n

    def use_clock(self, clock):
        """Read through ``clock`` from now on, keeping the storage; returns
        the clock used before (a view of the line at another cursor, e.g.
        one bar behind under cheat-on-open; give it back after)."""
        previous, self._c = self._c, clock
        return previous

    def reserve(self, size: int) -> None:
        """Make the storage hold at least ``size`` positions (every unbounded
        line of the clock grows together; handles taken before are stale)."""
        self._c._ensure(size)

    # cursor moves on a single line act on its clock (legacy API)
    def forward(self, value=NAN, size: int = 1) -> None:
        """Add ``size`` bars to this line's clock (moves every line on it), optionally filled
        with ``value``."""
        self._c.forward(size)
        if value == value:   # not NaN
            for i in range(size):
                self[-i] = value

    def backwards(self, size: int = 1, force: bool = False) -> None:
        """Drop the last ``size`` bars of this line's clock."""
        self._c.backwards(size, force)

    def rewind(self, size: int = 1) -> None:
        """Step this line's clock back ``size`` bars."""
        self._c.rewind(size)

    def advance(self, size: int = 1) -> None:
        """Step this line's clock forward ``size`` stored bars."""
        self._c.advance(size)

    def home(self) -> None:
        """Put this line's clock before the first bar."""
        self._c.home()

    def extend(self, value=NAN, size: int = 0) -> None:
        """Reserve ``size`` lookahead slots on this line's clock."""
        self._c.extend(size)

    def reset(self) -> None:
        """Empty this line's clock and every line on it."""
        self._c.reset()

    def qbuffer(self, savemem: int = 0, extrasize: int = 0) -> None:
        """Switch to a ring holding ``minperiod + extrasize`` values."""
        self.to_ring(self._minperiod + extrasize)

    def minbuffer(self, size: int) -> None:
        """Make a memory-saving ring keep at least ``size`` bars."""
        if self._cap and size > self._cap:
            self.to_ring(size)

    def to_ring(self, cap: int) -> None:
        """Keep only the last ``cap`` values (memory saving), on the ring view
        of this line's clock holding ``cap`` bars."""
        cap = max(int(cap), 1)
        c = self._c
        parent = c.parent if isinstance(c, RingClock) else c
        ring = parent.ring(cap)
        if ring is c:
            return
        new = np.full(2 * cap, NAN)
        for k in range(min(parent.lencount, cap)):
            v = self[-k]
            q = (parent.lencount - 1 - k) % cap
            new[q] = new[q + cap] = v
        c.detach(self)
        self._a = new
        self._mv = memoryview(new)
        self._c = ring
        self._cap = cap
        ring.attach(self)
        self.__class__ = RingLineBuffer

    def to_unbounded(self) -> None:
        """Back to an unbounded line, empty, on its clock (after ``to_ring``
        or ``wrap_reads``: a data reused by a later run)."""
        c = self._c
        if isinstance(c, RingClock):
            c.detach(self)
            c = self._c = c.parent
            self._a = c.new_array()
            self._mv = memoryview(self._a)
            c.attach(self)
        self._cap = self._wrap = 0
        self.__class__ = LineBuffer

    def wrap_reads(self, cap: int) -> None:
        """Read as a ring of ``cap`` bars while keeping the storage
        (``WrappedLineBuffer``; ``to_ring`` makes it one)."""
        self._cap = self._wrap = max(int(cap), 1)
        self.__class__ = WrappedLineBuffer

    # -- minimum period -------------------------------------------------------------
    def setminperiod(self, minperiod: int) -> None:
        """Set the bars needed before the first valid value."""
        self._minperiod = minperiod

    def updateminperiod(self, minperiod: int) -> None:
        """Raise the minimum period to ``minperiod`` if that is longer."""
        if minperiod > self._minperiod:
            self._minperiod = minperiod

    def addminperiod(self, minperiod: int) -> None:
        """Add a lookback of ``minperiod`` bars on top of the current minimum period
        (``minperiod - 1`` more bars)."""
        self._minperiod += minperiod - 1

    def incminperiod(self, minperiod: int) -> None:
        """Add ``minperiod`` bars to the minimum period."""
        self._minperiod += minperiod

    # -- bindings -----------------------------------------------------------------
    def addbinding(self, binding: 'LineBuffer') -> None:
        """Copy every value this line gets into ``binding`` too."""
        self.bindings.append(binding)
        binding.updateminperiod(self._minperiod)

    def oncebinding(self, lo: int = 0, hi: Optional[int] = None) -> None:
        """Copy the computed series (bars ``[lo, hi)``; default: all stored)
        to every bound line (runonce)."""
        if not self.bindings:
            return
        if hi is None:
            hi = self._c.buflen
        src = self._a[lo:hi]
        for b in self.bindings:
            if b._a is not self._a:
                b._a[lo:hi] = src
            b.oncebinding(lo, hi)

    bind2line = addbinding

    def bind2lines(self, binding: int = 0) -> 'LineBuffer':
        """This line itself (a single line binds as is)."""
        return self

    # -- datetime helpers (lines holding date numbers) -------------------------------
    def datetime(self, ago: int = 0, tz=None, naive: bool = True):
        """The value ``ago`` bars back, read as a date number, as a ``datetime`` (in ``tz`` or
        the line's timezone)."""
        # (through line[ago]: a read before the first bar follows its rule)
        return _num2date(self[ago], tz or self._tz, naive)

    def date(self, ago: int = 0, tz=None, naive: bool = True):
        """The ``date`` part of ``datetime(ago)``."""
        return self.datetime(ago, tz, naive).date()

    def time(self, ago: int = 0, tz=None, naive: bool = True):
        """The ``time`` part of ``datetime(ago)``."""
        return self.datetime(ago, tz, naive).time()

    def dt(self, ago: int = 0) -> int:
        """The day part (integer) of the date number ``ago`` bars back."""
        return int(self[ago])

    def tm_raw(self, ago: int = 0) -> float:
        """The time-of-day fraction of the date number ``ago`` bars back."""
        return math.modf(self[ago])[0]

    def tm(self, ago: int = 0) -> float:
        """The time of day ``ago`` bars back as a fraction of a day (after timezone conversion)."""
        return _time2num(self.datetime(ago).time())

    def tm_lt(self, other, ago: int = 0) -> bool:
        """True if the time-of-day fraction ``ago`` bars back is below ``other``."""
        dtime = self[ago]
        tm = math.modf(dtime)[0]
        return tm < other

    def tm_le(self, other, ago: int = 0) -> bool:
        """True if the time-of-day fraction ``ago`` bars back is at most ``other``."""
        return math.modf(self[ago])[0] <= other

    def tm_eq(self, other, ago: int = 0) -> bool:
        """True if the time-of-day fraction ``ago`` bars back equals ``other``."""
        return math.modf(self[ago])[0] == other

    def tm_gt(self, other, ago: int = 0) -> bool:
        """True if the time-of-day fraction ``ago`` bars back is above ``other``."""
        return math.modf(self[ago])[0] > other

    def tm_ge(self, other, ago: int = 0) -> bool:
        """True if the time-of-day fraction ``ago`` bars back is at least ``other``."""
        return math.modf(self[ago])[0] >= other

    def tm2dtime(self, tm, ago: int = 0) -> float:
        """The date number of the day ``ago`` bars back at time-of-day fraction ``tm``."""
        return int(self[ago]) + tm

    def tm2datetime(self, tm, ago: int = 0):
        """The ``datetime`` of the day ``ago`` bars back at time-of-day fraction ``tm``."""
        return _num2date(int(self[ago]) + tm)

    def __repr__(self) -> str:
        return '<%s %s len=%d>' % (type(self).__name__, self._name or '', len(self))


install_fast_operators(LineBuffer, 'single')


_LB_STATE = tuple(n for n in LineBuffer.__slots__ if n not in ('_mv', '__weakref__'))


class WrappedLineBuffer(LineBuffer):
    """An unbounded line read as the ring of ``_cap`` bars it stands for in
    a streamed run (engine/streamed.py): reads further back than the ring
    wrap around its last bars, and reads before the first bar wrap around
    the bars so far, as a ring not full yet does (upstream's memory-saving
    lines; ``wrap_reads``)."""

    __slots__ = ()

    def __getitem__(self, ago):
        if ago <= -self._cap:
            if self._c.lencount < self._cap:
                return self.before_start(ago)
            ago = _ring_ago(ago, self._cap)
        i = self._c.idx + ago
        if i < 0:
            return self.before_start(ago)
        v = self._mv[i]
        if v != v:
            return self._outside(ago, v)
        return v

    def datetime(self, ago: int = 0, tz=None, naive: bool = True):
        """``LineBuffer.datetime`` of the bar the ring would show ``ago`` bars back."""
        if ago <= -self._cap:
            ago = _ring_ago(ago, self._cap)
        return LineBuffer.datetime(self, ago, tz, naive)


def _ring_ago(ago: int, cap: int) -> int:
    """The bar a ring of ``cap`` bars shows ``ago`` (``<= -cap``) bars back:
    its slots repeat every ``cap`` bars."""
    return -(-ago % cap)


class RingLineBuffer(LineBuffer):
    """A ``LineBuffer`` keeping only its last ``_cap`` values: it sits on a
    ``RingClock``, so reads are the same as unbounded lines; writes go to both
    mirrored slots."""

    __slots__ = ()

    def __setitem__(self, ago, value) -> None:
        cap = self._cap
        q = self._c.idx + ago
        mv = self._mv
        mv[q] = value
        mv[q - cap if q >= cap else q + cap] = value
        for b in self.bindings:
            b[ago] = value

    def _grow(self, capacity: int) -> None:
        return

    def oncebinding(self, lo: int = 0, hi: Optional[int] = None) -> None:
        return
