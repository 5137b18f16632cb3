"""Vectorised indicator results shared between runs over the same preloaded
datas (optimisation: a grid over ``slow`` must not recompute the ``fast`` SMA).

While a cache is active (``shared_indicators(datas)``), a library indicator's
runonce computation is looked up by *what it computes*: its class, its
parameter values and its inputs (a data's line, or another such indicator,
recursively). A hit copies the stored arrays of the indicator and everything
below it into the new instance; a miss computes and stores them. Only
classes of this package whose stepping hooks are all the library's are
shared (their values are a function of class, parameters and inputs), and only
inputs known to the cache (the preloaded datas) can anchor a key.

An indicator is stored the second time it is computed (what a study never
repeats costs no memory) and entries are evicted least-useful first (never
reused, then oldest) past ``max_bytes``; values are bit-identical to a fresh
computation.
"""
from __future__ import annotations

import contextlib
from collections import OrderedDict
from typing import Any, Iterator, Optional

import numpy as np

__all__ = ['OnceCache', 'shared_indicators', 'active_cache']

_ACTIVE: Optional['OnceCache'] = None

_NOKEY = object()


def active_cache() -> Optional['OnceCache']:
    return _ACTIVE


class OnceCache:
    """Runonce results of indicators keyed by (class, params, inputs)."""

    def __init__(self, datas, max_bytes: int = 128 << 20) -> None:
        self.max_bytes = max_bytes
        self.nbytes = 0
        self.hits = self.misses = 0
        self._entries: 'OrderedDict[Any, list]' = OrderedDict()
        self._uses: dict = {}
        self._seen: 'OrderedDict[Any, None]' = OrderedDict()
        self.max_seen = 100000
        self._roots: dict = {}
        self.set_datas(datas)

    def set_datas(self, datas) -> None:
        """Anchor keys on these datas (their lines are the leaves of every key)."""
        roots = {}
        for i, data in enumerate(datas or ()):
            roots[id(data)] = ('data', i)
            for j, line in enumerate(data.lines.lines):
                roots[id(line)] = ('data', i, j)
        if roots != self._roots:
            self._roots = roots
            self.clear()

    def clear(self) -> None:
        self._seen.clear()
        self._entries.clear()
        self._uses.clear()
        self.nbytes = 0

    # -- keys ------------------------------------------------------------------------------------
    def key(self, obj) -> Any:
        """The identity of what ``obj`` computes, or None when not shareable."""
        d = obj.__dict__
        k = d.get('_bt_ckey', _NOKEY)
        if k is _NOKEY:
            k = self._make_key(obj)
            d['_bt_ckey'] = k
        return k

    def _input_key(self, obj) -> Any:
        root = self._roots.get(id(obj))
        if root is not None:
            return root
        stub = getattr(obj, '_stub_of', None)
        if stub is not None:
            return self._input_key(stub)
        owner = getattr(obj, '_owner', None) if not hasattr(obj, 'lines') else None
        if owner is not None and hasattr(owner, '_lineiterators'):
            # a line of an indicator: that indicator's key and the line's index
            okey = self.key(owner)
            if okey is None:
                return None
            for j, line in enumerate(owner.lines.lines):
                if line is obj:
                    return (okey, j)
            return None
        if hasattr(obj, '_lineiterators'):
            return self.key(obj)
        return None

    def _make_key(self, obj) -> Any:
        cls = type(obj)
        ok = cls.__dict__.get('_bt_shareable')
        if ok is None:
            ok = _shareable(cls)
        if not ok:
            return None
        if obj.__dict__.get('_bt_next_differs'):
            return None
        try:
            params = tuple(obj.params._getvalues())
            hash(params)
        except TypeError:
            return None
        inputs = []
        for data in obj.datas:
            k = self._input_key(data)
            if k is None:
                return None
            inputs.append(k)
        return (cls, params, tuple(inputs))

    # -- storage -----------------------------------------------------------------------------------
    @staticmethod
    def _subtree_lines(obj) -> list:
        out = []
        for node in obj._all_lineseries():
            out.extend(node.lines.lines)
        return out

    def restore(self, obj) -> bool:
        """Fill ``obj`` (and everything below it) from the cache; False on a miss."""
        key = self.key(obj)
        if key is None:
            return False
        arrays = self._entries.get(key)
        if arrays is None:
            self.misses += 1
            return False
        lines = self._subtree_lines(obj)
        if len(lines) != len(arrays):
            return False
        for line, arr in zip(lines, arrays):
            if arr is None:
                continue
            n = len(arr)
            if len(line._a) < n:
                return False
            line._a[:n] = arr
        self.hits += 1
        self._uses[key] += 1
        self._entries.move_to_end(key)
        for line in lines:
            if line.bindings:
                line.oncebinding()
        return True

    def store(self, obj) -> None:
        key = self.key(obj)
        if key is None or key in self._entries:
            return
        owner = obj._owner
        if owner is not None and hasattr(owner, '_lineiterators') and \
                self.key(owner) is not None:
            return      # stored with the shareable indicator it belongs to
        # admitted on its second computation: what a study never repeats (the
        # crossover of one particular pair of periods) costs no memory, nor the
        # copy and the fresh pages of storing it (more than a grid's repeated
        # periods save when stored at once: optstrategy measured both ways)
        if not self._seen_before(key):
            return
        arrays, size = [], 0
        for line in self._subtree_lines(obj):
            n = line._c.buflen
            if line._a is None or len(line._a) < n:
                arrays.append(None)
                continue
            arr = np.array(line._a[:n], copy=True)
            arrays.append(arr)
            size += arr.nbytes
        if size > self.max_bytes:
            return
        self._entries[key] = arrays
        self._uses[key] = 0
        self.nbytes += size
        self._evict()

    def _seen_before(self, key) -> bool:
        """True on the second computation of ``key`` (forgotten then);
        the first is remembered (the oldest beyond ``max_seen`` forgotten)."""
        seen = self._seen
        if key in seen:
            del seen[key]
            return True
        seen[key] = None
        if len(seen) > self.max_seen:
            seen.popitem(last=False)
        return False

    def _evict(self) -> None:
        if self.nbytes <= self.max_bytes:
            return
        # never-reused entries first (oldest first), then the least recently used
        order = sorted(self._entries, key=lambda k: self._uses[k] > 0)
        for k in order:
            if self.nbytes <= self.max_bytes:
                break
            arrays = self._entries.pop(k)
            del self._uses[k]
            self.nbytes -= sum(a.nbytes for a in arrays if a is not None)


def _shareable(cls) -> bool:
    """Library indicators whose stepping hooks all come from the library."""
    ok = bool(getattr(cls, '_bt_pure', False)) and \
        cls.__module__.startswith('backtrader.indicators') and \
        not getattr(cls, '_bt_next_differs', False)
    cls._bt_shareable = ok
    return ok


@contextlib.contextmanager
def shared_indicators(datas, cache: Optional[OnceCache] = None) -> Iterator[Optional[OnceCache]]:
    """Share runonce indicator results between the runs made inside (over
    ``datas``, preloaded once). ``datas=None`` shares nothing. Without a
    ``cache``, a new one."""
    global _ACTIVE
    if datas is None:
        yield None
        return
    previous = _ACTIVE
    if cache is None:
        cache = OnceCache(datas)
    else:
        cache.set_datas(datas)
    _ACTIVE = cache
    try:
        yield cache
    finally:
        _ACTIVE = previous
