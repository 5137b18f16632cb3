"""A compact, column-wise form of a block of history entries (``core.spill``).

A general pickler pays per object: a reduction call, a memo entry and every
attribute name written again for each instance. A run's history is thousands
of objects of a handful of shapes (an order: its parameters, two ``OrderData``
snapshots, their fills...), so ``ColumnCodec`` writes a block the other way
round: objects of one class with the same attribute names become one column of
values per attribute, walked with C-level ``map``/``zip`` instead of one Python
call per object. Only plain values are left for the pickler: numbers, strings,
columns of them, and references to live objects (``reference_types``).

The form is exact or not used: ``encode`` gives up (``None``) on anything whose
copy through it could differ from what ``pickle`` rebuilds -- a class with its
own reduction or state methods, an object reached twice (shared identity), a
mapping with attributes, a deque with a ``maxlen``... -- and the caller pickles
that block as it is.
"""
from __future__ import annotations

import collections
import datetime
import functools
import itertools
import numbers
import operator
import types
from typing import Any, Optional

from .classkind import made_by_class_statement

__all__ = ['ColumnCodec']

_new = object.__new__
_deque = collections.deque
_OrderedDict = collections.OrderedDict
_chain = itertools.chain.from_iterable
_compress = itertools.compress
_repeat = itertools.repeat
_is = operator.is_
_maxlen = operator.attrgetter('maxlen')

# what a column code is (its first item)
_VALUES, _OBJECTS, _SHAPES, _SEQUENCES, _TUPLES, _MAPPINGS, _OPTIONAL = range(7)

# how a type's instances travel (``ColumnCodec._kind``)
_PASS = 0       # as they are, to the pickler: plain values and live references
_OBJECT = 1     # column-wise, rebuilt as object.__new__(cls) with the same __dict__
_SEQUENCE = 2   # list / deque without maxlen: lengths and the column of all elements
_TUPLE = 3      # tuples of one width: a column per position
_MAPPING = 4    # dict / OrderedDict (subclass) without attributes: keys and values
_NONE = 5       # anything else: the block is pickled as it is

_NoneType = type(None)
_ATOMS = frozenset((float, int, str, bytes, bool, _NoneType, complex))
# immutable values: a copy stands for the object wherever it was referenced
_VALUE_TYPES = (numbers.Number, datetime.date, datetime.time, datetime.timedelta,
                datetime.tzinfo)
_LIVE_ALWAYS = (type, types.FunctionType, types.BuiltinFunctionType, types.MethodType,
                types.ModuleType)


class _Unencodable(Exception):
    """A block the column form cannot copy exactly."""


# (object.__getstate__ exists from Python 3.11 on)
_OBJECT_GETSTATE = getattr(object, '__getstate__', None)


def _default_reduction(cls: type) -> bool:
    """True when ``pickle`` copies instances of ``cls`` as ``object.__new__(cls)``
    plus its ``__dict__`` (a class statement's class with a ``__dict__`` and no
    reduction, state or constructor methods of its own)."""
    return (made_by_class_statement(cls) and cls.__dictoffset__ != 0
            and cls.__reduce_ex__ is object.__reduce_ex__ and cls.__reduce__ is object.__reduce__
            and getattr(cls, '__getstate__', _OBJECT_GETSTATE) is _OBJECT_GETSTATE
            and not hasattr(cls, '__setstate__') and not hasattr(cls, '__getnewargs_ex__')
            and not hasattr(cls, '__getnewargs__') and cls.__new__ is object.__new__
            and not any('__slots__' in vars(c) for c in cls.__mro__[:-1]))


class ColumnCodec:
    """Encodes a list of entries column-wise and decodes it back (see the module).

    ``reference_types``: instances (and classes, functions, modules) left to the
    pickler as references. ``plain_types``: classes whose instances copy as
    ``__new__`` plus ``__dict__`` although they define a reduction of their own
    (one meant for other processes, not for a copy read back in this one).
    """

    def __init__(self, reference_types: tuple = (), plain_types: tuple = ()) -> None:
        self._live = _LIVE_ALWAYS + tuple(reference_types)
        self._plain = tuple(plain_types)
        self._kinds: dict = {}

    def _kind(self, cls: type) -> int:
        kind = self._kinds.get(cls)
        if kind is None:
            kind = self._kinds[cls] = self._classify(cls)
        return kind

    def _classify(self, cls: type) -> int:
        if cls in _ATOMS or issubclass(cls, self._live) or issubclass(cls, _VALUE_TYPES):
            return _PASS
        if cls is list or cls is _deque:
            return _SEQUENCE
        if cls is tuple:
            return _TUPLE
        if cls is dict or (issubclass(cls, _OrderedDict) and cls.__new__ is _OrderedDict.__new__
                           and cls.__reduce__ is _OrderedDict.__reduce__
                           and not hasattr(cls, '__setstate__')):
            return _MAPPING
        if issubclass(cls, self._plain) or _default_reduction(cls):
            return _OBJECT
        return _NONE

    # -- encoding ------------------------------------------------------------------------
    def encode(self, items: list) -> Optional[tuple]:
        """The column code of ``items``, or None when it would not copy them exactly."""
        try:
            return _Encoding(self).column(items)
        except _Unencodable:
            return None

    # -- decoding ------------------------------------------------------------------------
    def decode(self, code: tuple) -> list:
        """The entries ``code`` stands for (new objects, equal to those encoded)."""
        return _decode(code)


class _Encoding:
    """One ``encode`` call: the codec and the ids of the objects met so far
    (an object met twice would come back as two copies: not encodable)."""

    __slots__ = ('kind', 'seen')

    def __init__(self, codec: ColumnCodec) -> None:
        self.kind = codec._kind
        self.seen: set = set()

    def _first_time(self, objs) -> None:
        seen = self.seen
        before = len(seen)
        seen.update(map(id, objs))
        if len(seen) != before + len(objs):
            raise _Unencodable

    def column(self, values, classes: Optional[set] = None) -> tuple:
        """The code of a column of values (``classes``: their classes, when known)."""
        if classes is None:
            classes = set(map(type, values))
        kind = self.kind
        kinds = {kind(cls) for cls in classes}
        if kinds == {_PASS} or not values:
            return (_VALUES, tuple(values))
        if len(kinds) != 1:
            if _NoneType in classes and len(kinds) == 2:
                return self._optional(values)
            raise _Unencodable
        (k,) = kinds
        if k == _OBJECT:
            return self._objects(values, classes)
        if len(classes) != 1:
            raise _Unencodable
        (cls,) = classes
        if k == _SEQUENCE:
            return self._sequences(values, cls)
        if k == _TUPLE:
            return self._tuples(values)
        if k == _MAPPING:
            return self._mappings(values, cls)
        raise _Unencodable

    def _objects(self, objs, classes) -> tuple:
        self._first_time(objs)
        dicts = list(map(vars, objs))
        if len(classes) == 1:
            return self._of_class(next(iter(classes)), dicts)
        # several classes (buy and sell orders)
        return self._grouped(list(map(type, objs)), dicts, self._of_class)

    def _of_class(self, cls: type, dicts: list) -> tuple:
        keys = tuple(dicts[0])
        if all(map(keys.__eq__, map(tuple, dicts))):
            return self._shape(cls, keys, dicts)
        # several sets of attribute names
        return self._grouped(list(map(tuple, dicts)), dicts, functools.partial(self._shape, cls))

    @staticmethod
    def _grouped(groups: list, dicts: list, encode) -> tuple:
        """Objects of several groups (``groups``: each one's): every group encoded
        apart (``encode(group, its dicts)``), and which group each object is in."""
        index = {group: at for at, group in enumerate(dict.fromkeys(groups))}
        which = list(map(index.__getitem__, groups))
        return (_SHAPES, which, [encode(group, list(_compress(dicts, map(at.__eq__, which))))
                                 for group, at in index.items()])

    def _shape(self, cls: type, keys: tuple, dicts: list) -> tuple:
        columns = list(zip(*map(dict.values, dicts))) if keys else []
        codes: list = []
        earlier: list = []
        kind = self.kind
        for pos, col in enumerate(columns):
            if kind(type(col[0])) != _PASS:
                alias = next((at for at, other in earlier if all(map(_is, col, other))), None)
                if alias is not None:
                    codes.append(alias)
                    continue
                earlier.append((pos, col))
            codes.append(self.column(col))
        return (_OBJECTS, cls, keys, len(dicts), codes)

    def _optional(self, values) -> tuple:
        # None or an object (a bracket child's parent...): where the objects are, and them
        at = [i for i, v in enumerate(values) if v is not None]
        return (_OPTIONAL, len(values), at, self.column([values[i] for i in at]))

    def _sequences(self, seqs, cls) -> tuple:
        if cls is _deque and set(map(_maxlen, seqs)) != {None}:
            raise _Unencodable
        self._first_time(seqs)
        return (_SEQUENCES, cls, list(map(len, seqs)), self.column(list(_chain(seqs))))

    def _tuples(self, tups) -> tuple:
        widths = set(map(len, tups))
        if len(widths) != 1:
            raise _Unencodable
        (width,) = widths
        columns = list(zip(*tups)) if width else []
        return (_TUPLES, len(tups), [self.column(col) for col in columns])

    def _mappings(self, maps, cls) -> tuple:
        if cls is not dict and any(map(len, map(vars, maps))):
            raise _Unencodable          # attributes besides the items: pickle's own way
        self._first_time(maps)
        return (_MAPPINGS, cls, list(map(len, maps)), self.column(list(_chain(maps))),
                self.column(list(_chain(map(dict.values, maps)))))


def _decode(code: tuple) -> list:
    tag = code[0]
    if tag == _VALUES:
        return list(code[1])
    if tag == _OBJECTS:
        _, cls, keys, n, codes = code
        objs = [_new(cls) for _ in range(n)]
        if keys:
            columns: list = []
            for c in codes:
                columns.append(columns[c] if type(c) is int else _decode(c))
            for obj, row in zip(objs, zip(*columns)):
                obj.__dict__ = dict(zip(keys, row))
        return objs
    if tag == _SHAPES:
        _, which, groups = code
        members = [iter(_decode(g)) for g in groups]
        return list(map(next, map(members.__getitem__, which)))
    if tag == _SEQUENCES:
        _, cls, lengths, elements = code
        flat = iter(_decode(elements))
        islice = itertools.islice
        return [cls(islice(flat, n)) for n in lengths]
    if tag == _OPTIONAL:
        _, n, at, present = code
        out = [None] * n
        for i, value in zip(at, _decode(present)):
            out[i] = value
        return out
    if tag == _TUPLES:
        _, n, codes = code
        if not codes:
            return [()] * n
        return list(zip(*map(_decode, codes)))
    _, cls, lengths, keys, values = code        # _MAPPINGS
    pairs = zip(_decode(keys), _decode(values))
    out = []
    for n in lengths:
        m = cls()
        for key, value in itertools.islice(pairs, n):
            m[key] = value
        out.append(m)
    return out
