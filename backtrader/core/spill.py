"""A history list that moves its finished entries to a private temporary file.

Memory-saving runs (``exactbars >= 1``) promise memory bounded in the bar count,
but a run's history (every order the broker took, every fill and closed trade
of a strategy) grows with it. ``SpillList`` keeps that history readable with
the list API used on it (``append``, ``len``, iteration, indexing, slicing,
truthiness) while holding in memory only the entries that may still change:
once ``block`` entries have accumulated, the longest leading run of finished
ones (``is_final``) is pickled to a temporary file and dropped from memory.
Reading a spilled entry loads it back (a copy equal in value to the object that
was spilled; the owner may still hold the original).

The file is private to the process (``tempfile``, deleted when the list goes):
it is never loaded from a path a user gives, so pickle is safe here. Objects
that belong to the running setup (datas, strategies, classes, commission
schemes...) are not copied into the file: instances of ``reference_types``
(and classes) are stored as references to the live objects.
"""
from __future__ import annotations

import gc
import io
import pickle
import sys
import tempfile
import warnings
from typing import Any, Callable, Iterator, List, Optional

__all__ = ['SpillList', 'DEFAULT_BLOCK']

#: entries gathered before the finished ones are written out together
DEFAULT_BLOCK = 1024


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
    """A list whose leading finished entries live in a temporary file."""

    def __init__(self, items=(), *, is_final: Callable[[Any], bool],
                 reference_types: tuple = (), block: Optional[int] = None):
        self._mem: List[Any] = list(items)
        self._is_final = is_final
        self._types = tuple(reference_types)
        self._by_type: dict = {}
        self._block = block or DEFAULT_BLOCK
        self._table: dict = {}          # live objects referenced from the file
        self._file = None
        self._spans: List[tuple] = []   # (offset, size, count) of each spilled block
        self._nspilled = 0
        self._cache = (-1, None)        # the last block read back

    # -- writing -----------------------------------------------------------------------
    def append(self, item: Any) -> None:
        mem = self._mem
        mem.append(item)
        if len(mem) >= self._block:
            self._spill()

    def _spill(self) -> None:
        mem, final = self._mem, self._is_final
        n = 0
        for item in mem:
            if not final(item):
                break
            n += 1
        if n < self._block // 2:        # mostly unfinished: wait for more
            return
        buf = io.BytesIO()
        try:
            _Writer(buf, self._table, self._types, self._by_type).dump(mem[:n])
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
        self._spans.append((f.tell(), len(data), n))
        f.write(data)
        del mem[:n]
        self._nspilled += n
        # what was spilled sits in reference cycles (an order and its parts), and runs raise
        # the collector's thresholds: free it now, or it piles up until a full collection
        gc.collect()

    def _load(self, block: int) -> list:
        if self._cache[0] == block:
            return self._cache[1]
        offset, size, _ = self._spans[block]
        f = self._file
        f.seek(offset)
        items = _Reader(f.read(size), self._table).load()
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
        if isinstance(index, slice):
            return list(self)[index] if self._nspilled else self._mem[index]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError('list index out of range')
        if index >= self._nspilled:
            return self._mem[index - self._nspilled]
        for block, (_, _, count) in enumerate(self._spans):
            if index < count:
                return self._load(block)[index]
            index -= count
        raise IndexError('list index out of range')  # pragma: no cover

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
