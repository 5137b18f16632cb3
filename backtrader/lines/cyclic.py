"""``CyclicBuffer``: a fixed-capacity numeric ring for user code, read as a
contiguous zero-copy window (mirrored storage).

Layer: lines (numpy only).
"""
from __future__ import annotations

import numpy as np

__all__ = ['CyclicBuffer']


class CyclicBuffer:
    """Fixed-capacity numeric ring for user code.

    ``append`` is O(1); ``buf[-1]`` is the newest value, ``buf[0]`` the oldest
    kept; ``to_array()`` returns the kept values, oldest first, as a zero-copy
    read-only view (the storage is mirrored so the window is contiguous).
    """

    __slots__ = ('_cap', '_a', '_n')

    def __init__(self, capacity: int, dtype=float) -> None:
        if int(capacity) < 1:
            raise ValueError('CyclicBuffer capacity must be >= 1, got %r' % (capacity,))
        self._cap = int(capacity)
        self._a = np.zeros(2 * self._cap, dtype=dtype)
        self._n = 0

    @property
    def capacity(self) -> int:
        """Number of values kept."""
        return self._cap

    def __len__(self) -> int:
        return min(self._n, self._cap)

    def append(self, value) -> None:
        """Add a value, dropping the oldest one when full."""
        q = self._n % self._cap
        self._a[q] = value
        self._a[q + self._cap] = value
        self._n += 1

    def extend(self, values) -> None:
        """Append each of ``values`` in turn."""
        for v in values:
            self.append(v)

    def clear(self) -> None:
        """Forget every value."""
        self._n = 0

    def to_array(self) -> np.ndarray:
        """The kept values, oldest first, as a read-only numpy view (no copy)."""
        n = len(self)
        end = (self._n - 1) % self._cap + self._cap + 1 if self._n else self._cap
        view = self._a[end - n:end]
        view.flags.writeable = False
        return view

    def __getitem__(self, i):
        n = len(self)
        if isinstance(i, slice):
            return self.to_array()[i]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError('CyclicBuffer index out of range')
        end = (self._n - 1) % self._cap + self._cap + 1
        return self._a[end - n + i]

    def __iter__(self):
        return iter(self.to_array())

    def __repr__(self) -> str:
        return 'CyclicBuffer(capacity=%d, values=%r)' % (self._cap, self.to_array().tolist())
