"""One clock for the lines of many datas on the same timeline, for a run.

Preloaded datas holding the same datetimes bar for bar move together at every
step of a runonce run; each has its own ``Clock`` all the same (they were
loaded apart, and after the run each is reused or released on its own). For
the run, ``shared_clock`` puts the lines of every one of those clocks on the
first: a bar is then one cursor move whatever the number of datas, and the
loop of a single data (the strategy following the data's clock) runs them.
``SharedClock.split`` gives each data its clock back, standing where the
shared one ended.

Layer: lines.
"""
from __future__ import annotations

import contextlib
from typing import Iterator

from .clock import Clock

__all__ = ['SharedClock', 'can_share', 'shared_clock']

# what must be equal for two clocks to become one: cursor, stored bars, storage
_CURSOR = ('idx', 'lencount', 'buflen', 'extension', 'capacity', 'fitted')


class SharedClock:
    """The clocks of ``others`` merged into ``main`` (see ``shared_clock``)."""

    __slots__ = ('main', 'merged')

    def __init__(self, main: Clock, others: list) -> None:
        self.main = main
        #: (clock, its lines, the Lines containers whose clock it was)
        self.merged = []
        for other in others:
            bufs = list(other.buffers)
            containers = _containers_of(bufs, other)
            main.absorb(other)
            for lines in containers:
                object.__setattr__(lines, '_clock', main)
            self.merged.append((other, bufs, containers))

    def split(self) -> None:
        """Every merged clock back with its lines, at the shared clock's bar
        (and storage: the shared clock may have grown their arrays)."""
        main = self.main
        moved = set()
        for other, bufs, containers in self.merged:
            for name in _CURSOR:
                setattr(other, name, getattr(main, name))
            for buf in bufs:
                buf._c = other
                moved.add(id(buf))
            other.buffers[:] = bufs
            for lines in containers:
                object.__setattr__(lines, '_clock', other)
        main.buffers[:] = [b for b in main.buffers if id(b) not in moved]
        self.merged = []


def can_share(clocks: list) -> bool:
    """True when the ``clocks`` (of datas on one timeline) can become one: no
    memory-saving ring, no other kind of clock, all standing at the same bar
    with the same storage."""
    main = clocks[0]
    return all(type(c) is Clock and not c.rings and
               all(getattr(c, n) == getattr(main, n) for n in _CURSOR) for c in clocks)


@contextlib.contextmanager
def shared_clock(clocks: list) -> Iterator[Clock]:
    """The distinct ``clocks`` (``can_share``) merged into the first while
    the block runs (which gets that clock), split again however it ends."""
    main = clocks[0]
    others = []
    for clock in clocks:
        if clock is not main and not any(clock is o for o in others):
            others.append(clock)
    shared = SharedClock(main, others) if others else None
    try:
        yield main
    finally:
        if shared is not None:
            shared.split()


def _containers_of(bufs: list, clock: Clock) -> list:
    """The ``Lines`` containers of ``bufs``' owners that name ``clock`` as
    theirs (``len(data.lines)`` reads it), each once."""
    found = []
    for buf in bufs:
        lines = getattr(buf._owner, 'lines', None)
        if getattr(lines, '_clock', None) is clock and not any(lines is f for f in found):
            found.append(lines)
    return found
