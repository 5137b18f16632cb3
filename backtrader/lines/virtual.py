"""Line storage for a streamed run: arrays as long as the whole run whose
memory exists only where bars are in use.

A streamed run (``engine/streamed.py``) computes a block of bars at a time at
their absolute positions, so every runonce kernel and loop works unchanged;
what lies behind the lookback the run still needs is handed back to the
operating system (``release_before``). The arrays are private anonymous
mappings: untouched pages cost nothing, released pages read as zeros (nothing
reads them: they are older than any lookback). With ``keep_history`` the
mapping is a temporary file instead: released pages leave the process's
resident memory but keep their values (read back from the file on access), for
the modes that keep every bar.

Layer: lines (numpy, stdlib mmap).
"""
from __future__ import annotations

import mmap
import tempfile
import numpy as np

from .clock import NAN

__all__ = ['VirtualArrays', 'VirtualStorage', 'available']

_PAGE = mmap.PAGESIZE
_ITEM = 8                           # float64
_TAIL = _PAGE // _ITEM               # slots at the end of every array set to NaN


def available() -> bool:
    """True where released pages really leave memory (``madvise``)."""
    return hasattr(mmap.mmap, 'madvise') and hasattr(mmap, 'MADV_DONTNEED') \
        and hasattr(mmap, 'MAP_PRIVATE')


class VirtualArrays:
    """Float64 arrays of ``size`` slots backed by lazily committed memory
    (one mapping per array), released together below a position: anonymous
    memory (released values are gone), or with ``keep_history`` a temporary
    file (released values leave the process's memory and are read back)."""

    def __init__(self, size: int, keep_history: bool = False) -> None:
        self.size = size
        self.keep_history = keep_history
        self._maps: list = []
        self._released = 0          # bytes released at the start of every array

    def new(self) -> np.ndarray:
        """A new array of ``size`` slots (zeros until written)."""
        nbytes = max(self.size * _ITEM, _PAGE)
        if self.keep_history:
            with tempfile.TemporaryFile(prefix='bt-lines-') as f:
                f.truncate(nbytes)
                mm = mmap.mmap(f.fileno(), nbytes)      # (holds its own descriptor)
        else:
            mm = mmap.mmap(-1, nbytes, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        self._maps.append(mm)
        return np.frombuffer(mm, dtype=np.float64, count=self.size)

    def release_before(self, position: int) -> None:
        """Give back the memory of every whole page before ``position`` in
        every array."""
        upto = (position * _ITEM) // _PAGE * _PAGE
        start = self._released
        if upto <= start:
            return
        advice = mmap.MADV_DONTNEED
        for mm in self._maps:
            mm.madvise(advice, start, upto - start)
        self._released = upto


class VirtualStorage:
    """Every line of ``clocks`` on ``VirtualArrays`` of ``size`` slots: a
    streamed run's storage. Values are NaN once ``fill_to`` has passed them
    (the arrays start as zeros)."""

    def __init__(self, clocks: list, size: int, keep_history: bool = False) -> None:
        self.clocks = clocks
        self.size = size
        self.arrays = VirtualArrays(size, keep_history)
        self.filled = 0
        self._moved = None

    def reserve(self) -> bool:
        """Map the storage of every line (nothing installed yet); False when
        the system refuses the mappings (the run then does not stream)."""
        new = self.arrays.new
        moved: dict = {}        # id(old storage) -> (old storage, new storage)
        try:
            for clock in self.clocks:
                for buf in clock.buffers:
                    if id(buf._a) not in moved:
                        array = new()
                        # a read before the first bar indexes from the end: it finds an
                        # empty value there, as in an array of the bars stored
                        array[-_TAIL:] = NAN
                        moved[id(buf._a)] = (buf._a, array)
        except (OSError, ValueError, OverflowError):
            return False
        self._moved = moved
        return True

    def install(self) -> None:
        """Put every line of the clocks on the reserved storage (lines that
        share their storage, a binding's target and source, go on sharing)."""
        moved, self._moved = self._moved, None
        for clock in self.clocks:
            for buf in clock.buffers:
                buf._a = moved[id(buf._a)][1]
                buf._mv = memoryview(buf._a)
            clock.capacity = self.size
            clock.fitted = False

    def fill_to(self, end: int) -> None:
        """NaN (a line's empty value) in every slot before ``end``."""
        lo, hi = self.filled, min(end, self.size)
        if hi <= lo:
            return
        for clock in self.clocks:
            for buf in clock.buffers:
                buf._a[lo:hi] = NAN
        self.filled = hi

    def release_before(self, position: int) -> None:
        """Hand back the memory of the slots before ``position`` of every line."""
        self.arrays.release_before(position)
