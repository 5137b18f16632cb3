"""``LineArray``: what ``line.array`` returns -- the bars a line holds as a
writable numpy view that reads and prints as upstream's ``array('d')`` (a
``deque`` with ``maxlen`` for the rings of the memory-saving modes).

Upstream's ``line.array`` is a Python container: an item is a plain
``float`` (numpy 2 prints its own scalars as ``np.float64(...)``), iterating
gives floats and the container prints as ``array('d', [...])``. A numpy view
keeps writes going to the line (``once(start, end)`` loops of user
indicators write through it) and numpy functions working on it; the results
of numpy operations on it are plain arrays.
"""
from __future__ import annotations

import numpy as np

__all__ = ['LineArray', 'line_array']

_F64 = np.float64
_NUMPY1 = int(np.__version__.split('.')[0]) < 2


class LineArray(np.ndarray):
    """A line's values (see the module docstring); ``maxlen``: the ring size
    upstream's deque has (0: not a ring)."""

    maxlen = 0

    def __getitem__(self, key, _get=np.ndarray.__getitem__, _item=np.ndarray.item):
        # an item as upstream's, a Python float (``item``); slices stay views
        if type(key) is int and self.ndim == 1:
            return _item(self, key)
        value = _get(self, key)
        return float(value) if type(value) is _F64 else value

    def __iter__(self):
        if self.ndim == 1:
            return iter(self.tolist())
        return np.ndarray.__iter__(self)

    def __array_wrap__(self, arr, context=None, return_scalar=False):
        # results of numpy operations are plain arrays (or scalars; NumPy 1.x
        # does not say so and hands a reduction's result over 0-d)
        if return_scalar or (_NUMPY1 and arr.ndim == 0):
            return arr[()]
        return arr.view(np.ndarray) if isinstance(arr, LineArray) else arr

    def __repr__(self) -> str:
        if self.ndim != 1 or self.dtype != _F64:
            return repr(self.view(np.ndarray))
        if self.maxlen:
            return 'deque(%r, maxlen=%d)' % (self.tolist(), self.maxlen)
        return "array('d', %r)" % (self.tolist(),) if len(self) else "array('d')"

    __str__ = __repr__

    def __reduce__(self):
        # pickled (a checkpoint, a worker's result) as the plain array it views
        return np.ndarray.__reduce__(self.view(np.ndarray))


def line_array(values: np.ndarray, maxlen: int = 0) -> LineArray:
    """``values`` (a numpy view of a line's storage) as a ``LineArray``."""
    out = values.view(LineArray)
    if maxlen:
        out.maxlen = maxlen
    return out
