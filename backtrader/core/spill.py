"""A history list that moves its finished entries to a private temporary file.

Memory-saving runs (``exactbars >= 1``) promise memory bounded in the bar count,
but a run's history (every order the broker took, every fill and closed trade
of a strategy) grows with it. ``SpillList`` keeps that history readable with
the list API used on it (``append``, ``len``, iteration, indexing, slicing,
truthiness) while holding in memory only the entries that may still change:
once ``block`` entries have accumulated, the longest leading run of finished
ones (``is_final``) is written to a temporary file and dropped from memory.
Reading a spilled entry loads it back (a copy equal in value to the object that
was spilled; the owner may still hold the original).

A block is written column-wise when that copies it exactly (``core.spillcodec``:
a few C-level passes per attribute instead of a pickler's work per object),
else pickled as it is. The file is private to the process (``tempfile``,
deleted when the list goes): it is never loaded from a path a user gives, so
pickle is safe here. Objects that belong to the running setup (datas,
strategies, classes, commission schemes...) are not copied into the file:
instances of ``reference_types`` (and classes) are stored as references to the
live objects.
"""
from __future__ import annotations

import bisect
import gc
import io
import itertools
import operator
import pickle
import sys
import tempfile
import warnings
import weakref
from typing import Any, Callable, Iterator, List, Optional

from .spillcodec import ColumnCodec

__all__ = ['SpillList', 'DEFAULT_BLOCK']

_compress, _count, _not = itertools.compress, itertools.count, operator.not_

#: entries gathered before the finished ones are written out together
DEFAULT_BLOCK = 1024

#: blocks written (by any list) between two full collections of the cyclic collector
COLLECT_EVERY = 32
_written = [0]


def _live_object(key: int) -> Any:
    """Stands for a live object in a spilled block; ``_Reader`` resolves it."""
    raise RuntimeError('spilled history is read back by its SpillList only')


class _Writer(pickle.Pickler):
    """Pickler storing classes and instances of ``reference_types`` as keys of
    ``table``. ``reducer_override`` is not called for plain numbers, strings,
    lists, tuples and dicts (most of a history), which keeps writing cheap."""

    def __init__(self, stream, table: dict, reference_types: tuple, by_type: dict):
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self._table = table
        self._types = reference_types
        self._by_type = by_type      # type -> stored by reference?

    def reducer_override(self, obj: Any):
        cls = type(obj)
        ref = self._by_type.get(cls)
        if ref is None:
            ref = self._by_type[cls] = issubclass(cls, type) or issubclass(cls, self._types)
        if not ref or obj is _live_object:     # the reader of references: by name
            return NotImplemented
        key = id(obj)
        self._table[key] = obj
        return _live_object, (key,)


class _Reader(pickle.Unpickler):
    """Unpickler giving back the live objects a block refers to (from ``table``)."""

    def __init__(self, data: bytes, table: dict):
        super().__init__(io.BytesIO(data))
        self._table = table

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == '_live_object':
            return self._table.__getitem__
        return super().find_class(module, name)


class SpillList:
    """A list whose leading finished entries live in a temporary file.

    ``is_final(entry)``: the entry will not change any more (it may be written
    out). ``reference_types``: stored as references, never copied.
    ``plain_types``: see ``ColumnCodec``. ``to_stored``/``from_stored``: map a
    block of entries to what is written and back (a history whose entries point
    into another one). ``track``: remember where the last blocks' entries went
    (``spilled_index``) while they are alive elsewhere.
    """

    def __init__(self, items=(), *, is_final: Callable[[Any], bool],
                 reference_types: tuple = (), block: Optional[int] = None,
                 plain_types: tuple = (), codec: Optional[ColumnCodec] = None,
                 to_stored: Optional[Callable[[list], list]] = None,
                 from_stored: Optional[Callable[[list], list]] = None,
                 track: bool = False):
        self._mem: List[Any] = list(items)
        self._is_final = is_final
        self._types = tuple(reference_types)
        self._by_type: dict = {}
        self._codec = codec or ColumnCodec(self._types, plain_types)
        self._to_stored = to_stored
        self._from_stored = from_stored
        self._block = block or DEFAULT_BLOCK
        self._table: dict = {}          # live objects referenced from the file
        self._file = None
        self._spans: List[tuple] = []   # (offset, size) of each spilled block
        self._starts: List[int] = []    # index of the first entry of each spilled block
        self._nspilled = 0
        self._cache = (-1, None)        # the last block read back
        # id -> (index, weak reference) of the entries of the last two spilled blocks
        self._where = ({}, {}) if track else None

    # -- writing -----------------------------------------------------------------------
    def append(self, item: Any) -> None:
        mem = self._mem
        mem.append(item)
        if len(mem) >= self._block:
            self._spill()

    def _spill(self) -> None:
        mem = self._mem
        # the leading run of finished entries (its length: the first unfinished one's index)
        n = next(_compress(_count(), map(_not, map(self._is_final, mem))), len(mem))
        if n < self._block // 2:        # mostly unfinished: wait for more
            return
        block = mem[:n]
        stored = block if self._to_stored is None else self._to_stored(block)
        code = self._codec.encode(stored)
        buf = io.BytesIO()
        try:
            _Writer(buf, self._table, self._types, self._by_type).dump(
                (True, code) if code is not None else (False, stored))
        except Exception as exc:    # an entry holds what pickle cannot write (a lock...)
            # upstream keeps such a history in memory and runs: so do we, from now on
            self._block = sys.maxsize
            warnings.warn('history not spilled to disk (memory grows with it): %s: %s'
                          % (type(exc).__name__, exc), RuntimeWarning, stacklevel=3)
            return
        data = buf.getvalue()
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix='bt-history-')
        f = self._file
        f.seek(0, io.SEEK_END)
        self._spans.append((f.tell(), len(data)))
        self._starts.append(self._nspilled)
        f.write(data)
        if self._where is not None:
            self._remember(block)
        del mem[:n]
        self._nspilled += n
        # spilled entries are freed as they go (no reference cycles among orders, fills
        # and trades), but a user's may hold some, and runs raise the collector's
        # thresholds: a full collection every few blocks keeps those from piling up
        _written[0] += 1
        if _written[0] % COLLECT_EVERY == 0:
            gc.collect()

    def _remember(self, block: list) -> None:
        where = {}
        ref = weakref.ref
        try:
            for index, item in enumerate(block, self._nspilled):
                where[id(item)] = (index, ref(item))
        except TypeError:       # entries without weak references: nothing remembered
            where = {}
        self._where = (where, self._where[0])

    def spilled_index(self, item: Any) -> Optional[int]:
        """The index of ``item`` (this very object, still alive) if one of the
        last two blocks written holds it, else None (``track=True`` only)."""
        key = id(item)
        for where in self._where or ():
            found = where.get(key)
            if found is not None and found[1]() is item:
                return found[0]
        return None

    def _load(self, block: int) -> list:
        if self._cache[0] == block:
            return self._cache[1]
        offset, size = self._spans[block]
        f = self._file
        f.seek(offset)
        encoded, stored = _Reader(f.read(size), self._table).load()
        items = self._codec.decode(stored) if encoded else stored
        if self._from_stored is not None:
            items = self._from_stored(items)
        self._cache = (block, items)
        return items

    # -- reading (the list API) ----------------------------------------------------------
    def __len__(self) -> int:
        return self._nspilled + len(self._mem)

    def __bool__(self) -> bool:
        return bool(self._mem) or self._nspilled > 0

    def __iter__(self) -> Iterator[Any]:
        for block in range(len(self._spans)):
            yield from self._load(block)
        yield from self._mem

    def __getitem__(self, index):
        mem = self._mem
        if type(index) is int and 0 > index >= -len(mem):
            return mem[index]       # a recent entry (the last trade...): the common read
        if isinstance(index, slice):
            return list(self)[index] if self._nspilled else self._mem[index]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError('list index out of range')
        if index >= self._nspilled:
            return self._mem[index - self._nspilled]
        block = bisect.bisect_right(self._starts, index) - 1
        return self._load(block)[index - self._starts[block]]

    def __reduce__(self):
        # pickled (a strategy sent back from a worker process...) as the plain list it reads as
        return list, (list(self),)

    def __contains__(self, item: Any) -> bool:
        return any(x is item or x == item for x in self)

    def __eq__(self, other: Any) -> bool:
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))

    def __del__(self) -> None:
        f = self._file
        if f is not None:
            try:
                f.close()
            except Exception:
                pass
