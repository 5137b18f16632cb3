"""Reads of a line outside the bars it stores, as upstream's: its lines are
Python lists (deques in the memory-saving modes) indexed from the current bar,
so a read before the first bar wraps around the bars held -- the whole
preloaded series, or the bars so far of a line upstream fills bar by bar --
and ``get`` slices them with Python's rules.

``HeldReads`` is a mixin of ``LineBuffer`` (buffer.py): these paths run only
when the hot path (``line[ago]``) lands outside the stored bars.
"""
from __future__ import annotations

from array import array as _array

_NAN = float('nan')

__all__ = ['HeldReads']


class HeldReads:
    """Upstream's semantics of reads outside the stored bars (a mixin of
    ``LineBuffer``: ``_a``, ``_mv``, ``_c``, ``_cap``, ``_wrap`` are its)."""

    __slots__ = ()

    def _outside(self, ago, v):
        """Upstream's list semantics for reads outside the stored bars: past
        the end -> IndexError, before the start -> wrap around the stored
        series (IndexError when that is empty too); NaN on a line upstream
        sizes up front (``set_nan_outside``)."""
        if getattr(self, '_nan_outside', False):
            return _NAN
        c = self._c
        i = c.idx + ago
        if i < 0 and self._holds_bars_so_far():
            return self.before_start(ago)
        n = c.buflen + c.extension
        if self._cap:
            if c.lencount + ago <= 0:
                # (a ring holding no bar yet: IndexError, as upstream's empty one)
                return self.before_start(ago)
            return v
        if 0 <= i < n:
            return v
        if i < 0 and n + i >= 0:
            return self._mv[n + i]
        raise IndexError('line index out of range (ago=%d, %d bars stored)' % (ago, n))

    def before_start(self, ago):
        """``line[ago]`` reaching before the first bar of a line that holds
        the bars so far (``_holds_bars_so_far``, checked by the caller; or a
        memory-saving ring not full yet): upstream's list semantics over
        those bars (``ind[-1]`` on its first bar is the current value);
        IndexError before the first of them. Other lines wrap around the
        whole stored series (``_outside``)."""
        c = self._c
        held = c.lencount
        back = held - 1 + ago       # position among the bars held, then wrapped
        if back < 0:
            back += held
        if back < 0:
            raise IndexError('line index out of range (ago=%d, %d bars held)' % (ago, held))
        return self._mv[c.idx - (held - 1 - back)]

    def set_bars_so_far(self, held: bool) -> None:
        """Mark this line as one upstream holds bar by bar in the run (its
        bars so far, not the whole series): reads before its first bar wrap
        around those and ``buflen()`` counts them."""
        self._bars_so_far = held

    def set_nan_outside(self, presized: bool) -> None:
        """Mark this line as one upstream sizes for the whole run up front
        (an observer's in a runonce run): a read outside the bars it holds
        -- before its first bar, ahead of its current one -- is NaN there."""
        self._nan_outside = presized

    def _holds_bars_so_far(self) -> bool:
        # (before_start) a line upstream holds bar by bar (``_bars_so_far``;
        # unset on a line of a checkpoint of an earlier version), with a bar,
        # stored from slot 0 (not a ring, nor a window of a streamed run)
        c = self._c
        return getattr(self, '_bars_so_far', False) and not self._cap \
            and c.lencount > 0 and c.idx == c.lencount - 1

    def _held_count(self):
        """The bars upstream holds for this line when not its whole stored
        series: a memory-saving ring's (``exactbars >= 1``), or the bars so
        far of a line it fills bar by bar; None otherwise."""
        c = self._c
        ring = self._wrap or self._cap
        if ring:
            return min(c.lencount, ring)
        if self._holds_bars_so_far():
            return c.lencount
        return None

    def _last_bars(self, n: int):
        # the last n bars, up to the current one (a numpy view)
        i = self._c.idx + 1
        return self._a[i - n:i]

    def held_bars(self):
        """The bars upstream holds for this line, oldest first, as a numpy
        view (``_held_count``; else every stored value: for unbounded lines
        the whole series plus any lookahead slots)."""
        held = self._held_count()
        return self.stored() if held is None else self._last_bars(held)

    def _copy_out(self, bars):
        """``bars`` (a numpy slice of the stored values) in upstream's
        container: a list on a memory-saving ring (a deque upstream), else an
        ``array('d')`` copy."""
        if self._wrap or self._cap:
            return bars.tolist()
        return _array('d', bars.tobytes())

    def getzeroval(self, idx: int = 0) -> float:
        """The value at position ``idx`` of the bars upstream holds
        (``held_bars``; Python's indexing rules)."""
        return float(self.held_bars()[idx])

    def getzero(self, idx: int = 0, size: int = 1):
        """``size`` values from position ``idx`` of the bars upstream holds
        on, as upstream's: an ``array('d')`` copy (Python's slice rules);
        with ``exactbars >= 1`` a list of the ring's bars (ValueError for a
        negative position, as ``itertools.islice``)."""
        if (self._wrap or self._cap) and (idx < 0 or idx + size < 0):
            raise ValueError('getzero(idx=%d, size=%d): a memory-saving line is read '
                             'from position 0 on' % (idx, size))
        return self._copy_out(self.held_bars()[idx:idx + size])

    def plot(self, idx: int = 0, size=None):
        """``getzero(idx, size)``, ``size`` None: as many values as bars so
        far (what upstream's plotting reads)."""
        return self.getzero(idx, len(self) if size is None else size)

    def plotrange(self, start, end):
        """The bars upstream holds, sliced ``[start:end]`` (Python's slice
        rules): an ``array('d')`` copy; a list on a memory-saving line."""
        return self._copy_out(self.held_bars()[start:end])

    def get(self, ago: int = 0, size: int = 1):
        """The ``size`` values ending ``ago`` bars back, oldest first, as
        upstream's: an ``array('d')`` copy sliced out of the bars upstream
        holds with Python's slice rules (fewer bars than ``size``: a start
        before the first bar wraps to the end of the stored series, so over
        preloaded data the result is empty); with ``exactbars >= 1`` a list
        of the bars its ring holds (ValueError when the window starts before
        them). ``view`` is the zero-copy numpy window."""
        held = self._held_count()
        if self._wrap or self._cap:
            start = held + ago - size
            if start < 0:
                raise ValueError('get(ago=%d, size=%d) reaches before the %d bars a '
                                 'memory-saving line holds' % (ago, size, held))
            return self._copy_out(self._last_bars(held)[start:held + ago])
        end = self._c.idx + ago + 1     # (the bars so far start at slot 0)
        return self._copy_out(self.held_bars()[end - size:end])
