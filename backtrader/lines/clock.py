"""Clocks: the cursor shared by every line that advances together.

A data feed and every indicator computed on it share one ``Clock`` (bar index,
bars seen, bars stored, storage capacity), so moving a bar is one increment
whatever the number of lines. ``RingClock`` is a clock's view for the
memory-saving ring lines; ``FrozenClock`` keeps lines of a finished run
readable at their last bar.

Layer: lines (numpy only).
"""
from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ['Clock', 'RingClock', 'FrozenClock', 'NAN', 'fitted_array', 'spare_extension']

NAN = float('nan')
_INITIAL_CAPACITY = 256


def fitted_array(size: int) -> np.ndarray:
    """``size`` NaN slots for a line sized to a loaded series, as a view of one
    slot more: a run's one-bar probe past the end of its data (``Clock._ensure``)
    then takes that hidden slot instead of copying every line of the data (a
    copy of all of them at the end of a long run is its peak memory)."""
    return np.full(size + 1, NAN)[:size]


def spare_extension(array: np.ndarray, size: int):
    """``array`` seen with ``size`` slots when it is a ``fitted_array`` one slot
    short of it (no copy); otherwise None."""
    base = array.base
    if (isinstance(base, np.ndarray) and base.shape == (size,) == (len(array) + 1,)
            and base.ctypes.data == array.ctypes.data):
        return base[:size]
    return None


class Clock:
    """Cursor shared by all the lines that advance together.

    ``idx``: index of the current bar in unbounded arrays (-1 before the first).
    ``lencount``: bars delivered so far (``len()`` of every attached line).
    ``buflen``: bars stored (whole series when preloaded).
    ``rings``: ring views (``RingClock``) of this clock for memory-saving lines.
    """

    __slots__ = ('idx', 'lencount', 'buflen', 'extension', 'capacity', 'buffers',
                 'rings', 'owner', 'fitted', 'held_slot', '__weakref__')

    def __init__(self, owner: Any = None) -> None:
        self.owner = owner
        self.idx = -1
        self.lencount = 0
        self.buflen = 0
        self.extension = 0
        self.capacity = _INITIAL_CAPACITY
        self.fitted = False     # storage sized to a loaded series (set_length)
        self.held_slot = None   # see _show_held
        self.buffers: list = []
        self.rings: list = []

    # -- attachment ----------------------------------------------------------
    def attach(self, buf) -> None:
        """Move ``buf`` with this clock from now on."""
        self.buffers.append(buf)

    def detach(self, buf) -> None:
        """Stop moving ``buf`` with this clock."""
        _remove_identity(self.buffers, buf)

    def absorb(self, other: 'Clock') -> None:
        """Move every line of ``other`` (standing at the same bar) onto this
        clock: lines that move together need one clock."""
        for buf in list(other.buffers):
            buf._c = self
            self.attach(buf)
        other.buffers.clear()

    def ring(self, cap: int) -> 'RingClock':
        """The ring view of this clock holding ``cap`` bars (shared per size)."""
        for r in self.rings:
            if r.cap == cap:
                return r
        r = RingClock(self, cap)
        self.rings.append(r)
        return r

    def new_array(self) -> np.ndarray:
        """A NaN-filled array of the current capacity, for a new line."""
        if self.fitted:
            return fitted_array(self.capacity)
        return np.full(self.capacity, NAN)

    def _ensure(self, needed: int) -> None:
        """Make every unbounded buffer hold at least ``needed`` slots."""
        if needed <= self.capacity:
            return
        cap = max(self.capacity, 1)     # an empty preload leaves capacity 0
        if self.fitted:
            # past the end of a loaded series: usually the one-bar probe for more
            # data at the end of a run, not a doubling of every line of the data
            self.fitted = False
            cap = needed if needed == cap + 1 else needed + _INITIAL_CAPACITY
        while cap < needed:
            # geometric growth (amortised O(1) per bar) by a quarter: a doubling
            # would leave up to half of every line of a long run unused
            cap += max(cap >> 2, _INITIAL_CAPACITY)
        self.capacity = cap
        for buf in self.buffers:
            buf._grow(cap)

    def _sync_rings(self) -> None:
        for r in self.rings:
            r.sync()

    # -- cursor moves (all attached lines move together) ------------------------
    def forward(self, size: int = 1) -> None:
        """Append ``size`` empty bars and move onto the last one."""
        self.buflen += size
        if self.buflen + self.extension > self.capacity:
            self._ensure(self.buflen + self.extension)
        self.idx += size
        self.lencount += size
        if self.rings:
            for r in self.rings:
                r.sync()
                r.clear_recent(size)

    def backwards(self, size: int = 1, force: bool = False) -> None:
        """Drop the last ``size`` bars (values reset to NaN)."""
        lo = max(self.idx - size + 1, 0)
        for buf in self.buffers:
            buf._a[lo:self.idx + 1] = NAN
        for r in self.rings:
            r.clear_recent(size)
        self.buflen -= size
        self.idx -= size
        self.lencount -= size
        if self.rings:
            self._sync_rings()

    def rewind(self, size: int = 1) -> None:
        """Step the cursor back ``size`` bars, keeping the stored values."""
        self.idx -= size
        self.lencount -= size
        if self.rings:
            self._sync_rings()
        if self.idx == -1:
            self._show_held()

    def _show_held(self) -> None:
        """Rewound before the first bar (length 0) with a bar stored -- a data
        holding back its first bar until the other datas reach its time --, a
        read at ``[0]`` wraps to the storage's end, where upstream's buffers
        keep that stored bar (its analyzers and multi-data strategies read it
        there): the end slot shows it until the cursor advances (``_hide_held``)."""
        end = self.capacity - 1
        if 0 < self.buflen <= end:
            for buf in self.buffers:
                buf._a[end] = buf._a[self.buflen - 1]
            self.held_slot = end

    def _hide_held(self) -> None:
        """The end slot set by ``_show_held`` is empty again."""
        end, self.held_slot = self.held_slot, None
        if end < self.capacity:
            for buf in self.buffers:
                buf._a[end] = NAN

    def advance(self, size: int = 1) -> None:
        """Step the cursor forward ``size`` stored bars (preloaded data)."""
        self.idx += size
        self.lencount += size
        if self.rings:
            self._sync_rings()
        if self.held_slot is not None:      # (the first bar after a held one)
            self._hide_held()

    def moveto(self, idx: int) -> None:
        """Put the cursor on bar ``idx`` (0-based) of the stored bars."""
        self.idx = idx
        self.lencount = idx + 1
        if self.rings:
            self._sync_rings()

    def home(self) -> None:
        """Put the cursor before the first bar (stored values are kept)."""
        self.idx = -1
        self.lencount = 0
        if self.rings:
            self._sync_rings()

    def extend(self, size: int = 0) -> None:
        """Reserve ``size`` extra slots past the stored bars (lookahead)."""
        self.extension += size
        self._ensure(self.buflen + self.extension)

    def reset(self) -> None:
        """Forget every bar: empty the lines and put the cursor before the start."""
        self.idx = -1
        self.lencount = 0
        self.buflen = 0
        self.extension = 0
        self.fitted = False
        for buf in self.buffers:
            buf._a.fill(NAN)
        for r in self.rings:
            r.reset()

    def release(self, keep) -> None:
        """Detach every unbounded line of this clock except those in ``keep``,
        leaving them on a ``FrozenClock`` at the current bar (after a run: the
        lines others hung on a data stay readable at their last bar while the
        data's clock is reused)."""
        kept = {id(line) for line in keep}
        frozen = None
        for buf in list(self.buffers):
            if id(buf) in kept:
                continue
            if frozen is None:
                frozen = FrozenClock(self)
            self.detach(buf)
            buf._c = frozen

    def set_length(self, buflen: int) -> None:
        """Declare ``buflen`` stored bars (after a vectorised load). Storage is
        sized exactly, so reads past the end raise IndexError and negative
        positions wrap around the stored series, as upstream's lists do."""
        needed = buflen + self.extension
        if needed != self.capacity:
            self.capacity = needed
            for buf in self.buffers:
                buf._resize(needed)
        self.buflen = buflen
        self.fitted = True


class RingClock:
    """Ring view of a ``Clock`` for memory-saving lines holding ``cap`` bars.

    Ring lines store ``2 * cap`` slots, each value at ``p % cap`` and
    ``p % cap + cap``; ``idx`` is the physical slot of the current bar in the
    upper half, so every line reads ``array[idx + ago]`` whatever its layout.
    """

    __slots__ = ('parent', 'cap', 'capacity', 'idx', 'lencount', 'buffers', 'owner',
                 '__weakref__')

    def __init__(self, parent: Clock, cap: int) -> None:
        self.parent = parent
        self.owner = parent.owner
        self.cap = cap
        self.capacity = 2 * cap         # fixed: ring storage is never reallocated
        self.buffers: list = []
        self.sync()

    @property
    def buflen(self) -> int:
        return min(self.lencount, self.cap)

    @property
    def extension(self) -> int:
        return 0

    def sync(self) -> None:
        """Follow the parent clock: same bar count, matching physical slot."""
        n = self.parent.lencount
        self.lencount = n
        self.idx = self.cap + (n - 1) % self.cap

    def clear_recent(self, size: int) -> None:
        """Set the last ``size`` bars of every ring line to NaN (new empty bars)."""
        cap = self.cap
        for k in range(min(size, cap)):
            q = (self.idx - k - cap) % cap
            for buf in self.buffers:
                # through the memoryview: a numpy item assignment costs several times
                # more, and this runs for every line on every bar of the run
                mv = buf._mv
                mv[q] = NAN
                mv[q + cap] = NAN

    def reset(self) -> None:
        """Empty every ring line and follow the parent clock again."""
        for buf in self.buffers:
            buf._a.fill(NAN)
        self.sync()

    def attach(self, buf) -> None:
        """Move ``buf`` with this ring view from now on."""
        self.buffers.append(buf)

    def detach(self, buf) -> None:
        """Stop moving ``buf`` with this ring view."""
        _remove_identity(self.buffers, buf)

    # cursor moves requested through a ring line act on the parent clock
    def forward(self, size: int = 1) -> None:
        """Add ``size`` bars (moves the parent clock)."""
        self.parent.forward(size)

    def backwards(self, size: int = 1, force: bool = False) -> None:
        """Drop the last ``size`` bars (on the parent clock)."""
        self.parent.backwards(size, force)

    def rewind(self, size: int = 1) -> None:
        """Step back ``size`` bars (on the parent clock)."""
        self.parent.rewind(size)

    def advance(self, size: int = 1) -> None:
        """Step forward ``size`` bars (on the parent clock)."""
        self.parent.advance(size)

    def home(self) -> None:
        """Put the parent clock before the first bar."""
        self.parent.home()

    def extend(self, size: int = 0) -> None:
        """Rings keep no lookahead slots: nothing to do."""
        pass

    def set_length(self, buflen: int) -> None:
        """Rings hold a fixed number of bars: nothing to do."""
        pass

    def _ensure(self, needed: int) -> None:
        pass


def _remove_identity(seq: list, obj) -> None:
    # lines overload ==, so list.remove() cannot be used
    for i, b in enumerate(seq):
        if b is obj:
            del seq[i]
            return


class FrozenClock:
    """Fixed cursor given to lines detached from a finished run, so that
    reading ``line[0]`` after ``run()`` keeps returning the last bar."""

    __slots__ = ('idx', 'lencount', 'buflen', 'extension', 'capacity', 'owner', 'cap')

    def __init__(self, clock) -> None:
        self.idx = clock.idx
        self.lencount = clock.lencount
        self.buflen = clock.buflen
        self.extension = clock.extension
        self.capacity = getattr(clock, 'capacity', 0)
        self.cap = getattr(clock, 'cap', 0)
        self.owner = clock.owner

    def attach(self, buf) -> None:
        """A frozen cursor never moves: nothing to record."""
        pass

    def detach(self, buf) -> None:
        """A frozen cursor never moves: nothing to record."""
        pass

    def _ensure(self, needed: int) -> None:
        pass
