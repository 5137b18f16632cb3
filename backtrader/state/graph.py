"""The run-state graph in tagged JSON, written incrementally.

What a run holds besides its setup -- orders, trades, positions, the
broker's queues, analyzers' results, a strategy's own attributes -- is a
graph of Python objects. ``GraphWriter`` turns it into *nodes*: every
mutable container and every object instance gets an id (``oid``) and a row
of JSON; values refer to nodes as ``{"$r": oid}``, to the run's structural
objects (``AnchorMap``) as ``{"$a": path}``, to classes and functions as
``{"$g": "module:name"}`` and to bound methods as ``{"$m": [self, name]}``.
Shared references and cycles come back as they were.

Checkpoints repeat: the writer keeps each node's last row and reports only
the rows that changed. History does not cost again and again:

* a node whose class says it is *final* (a completed order, a closed
  trade, a fill) is encoded one last time and then skipped, with what it
  owns; only its links to nodes that can still change are followed. The
  objects it owns that are not nodes yet are written inside its row
  (``{"$i": index, ...}``; referred to from elsewhere as
  ``{"$s": [oid, index]}``): one row per order, not one per object;
* object rows hold attribute values, the names once per schema (the
  ``$schemas`` root);
* long lists, dicts, sets and ``array.array`` histories are cut into chunks;
  the leading chunks of final items written before are checked in one pass
  over the list's own item pointers (identity at memory speed) and not
  re-encoded; numeric histories are compared as bytes in one pass, and
  their chunks stored deflated when that pays.

A class may say what its state is: ``_bt_checkpoint_state()`` returns
it (any value this module can store) and ``_bt_checkpoint_restore(state)``
rebuilds an instance made by ``cls.__new__`` from it.

``GraphReader`` rebuilds the objects from the rows (classes only from
allowed modules: backtrader, the standard containers, numpy/pandas and the
modules of the run's own classes -- never arbitrary code).
"""
from __future__ import annotations

import array
import base64
import collections
import ctypes
import gc
import importlib
import itertools
import json
import operator
import random
import sys
import types
import zlib
from typing import Any, Callable, Optional

import numpy as np

from ..core.classkind import made_by_class_statement
from ..core.errors import CheckpointError, StateFileCorruptError, StateValueError
from ..core.params import AutoInfoClass
from .codec import _PLAIN, ValueCodec, _float_tag, _Located

__all__ = ['GraphWriter', 'GraphReader', 'register_final', 'ClassPolicy', 'SCHEMAS']

CHUNK = 128                 # list items per chunk
SCHEMAS = '$schemas'        # the root holding the attribute names of object rows
ARRAY_CHUNK = 1024          # array.array (and line history) items per chunk
_PRUNE_EVERY = 32           # captures between sweeps for unreachable nodes

# -- finality ---------------------------------------------------------------------------------------
# class -> predicate(obj) -> bool. A node of such a class is "final" once the
# predicate holds: it will not change again, nor will what it owns (nodes of
# classes without a predicate reached through it). Classes mapped to None are
# never final and never owned (shared objects such as commission schemes).
_FINALITY: dict = {}


_FINALITY_OF: dict = {}     # cls -> (has a rule, predicate), resolved through the MRO


def register_final(cls: type, predicate: Optional[Callable]) -> None:
    """Declare when instances of ``cls`` stop changing (None: never)."""
    _FINALITY[cls] = predicate
    _FINALITY_OF.clear()


def _finality(cls: type):
    """(has a rule, predicate) for ``cls`` (the nearest class in its MRO)."""
    found = _FINALITY_OF.get(cls)
    if found is None:
        found = (False, None)
        for base in cls.__mro__:
            if base in _FINALITY:
                found = (True, _FINALITY[base])
                break
        _FINALITY_OF[cls] = found
    return found


_MUTABLE_BUILTINS = (list, dict, set, bytearray, collections.OrderedDict, np.ndarray)
_FORBIDDEN = (types.GeneratorType, types.CoroutineType, types.FrameType, types.TracebackType,
              types.CodeType, memoryview)


class ClassPolicy:
    """Which modules classes and functions may be loaded from."""

    SAFE = ('backtrader', 'builtins', 'collections', 'datetime', 'decimal', 'fractions',
            'numpy', 'pandas', 'random', 'array', 'itertools', 'math', 'operator', 'functools',
            'zoneinfo', 'dateutil', 'pytz', 'copy', 'enum')

    def __init__(self, modules=()) -> None:
        self.modules = set(modules)

    def allow_class_of(self, obj: Any) -> None:
        """Allow the module of ``obj``'s class (a class of the run's setup)."""
        self.modules.add(type(obj).__module__)

    def allowed(self, module: str) -> bool:
        """Whether a global may be loaded from ``module``."""
        if module in self.modules:
            return True
        root = module.split('.', 1)[0]
        return root in self.SAFE or root.startswith('_') and root.lstrip('_') in self.SAFE


def global_name(obj: Any) -> str:
    """``module:qualname`` of a class or function (checked to load back)."""
    module = getattr(obj, '__module__', None)
    qualname = getattr(obj, '__qualname__', None) or getattr(obj, '__name__', None)
    if not module or not qualname or '<locals>' in qualname:
        raise _Located('cannot refer to %r by name (defined inside a function?)' % (obj,), [])
    return '%s:%s' % (module, qualname)


def load_global(name: str, policy: ClassPolicy):
    """The class or function ``module:qualname`` (an allowed module only)."""
    module, _, qualname = name.partition(':')
    if not policy.allowed(module):
        raise CheckpointError('the checkpoint names %s, from a module this run does not '
                              'use: refused' % name)
    try:
        obj = importlib.import_module(module)
        for part in qualname.split('.'):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise CheckpointError('the checkpoint names %s, which cannot be found (%s)'
                              % (name, exc)) from None
    return obj


class _Node:
    """What the writer knows about one node."""

    __slots__ = ('oid', 'obj', 'text', 'final', 'open', 'owned', 'chunks', 'kind_rule', 'kids',
                 'prefix', 'inlined')

    def __init__(self, oid: int, obj: Any) -> None:
        self.oid = oid
        self.obj = obj
        self.text = None
        self.final = False
        self.open = ()          # (final nodes) children to keep following
        self.owned = ()         # (final nodes) oids of the nodes they own
        self.chunks = None      # long lists/arrays: per-chunk caches
        self.kids = ()          # the nodes its row refers to (as last encoded)
        self.prefix = None      # long lists/arrays: what their leading chunks hold
        self.inlined = ()       # (final nodes) ids of the objects written inside its row
        self.kind_rule = _finality(type(obj))


class _Inline:
    """An object written inside the row of the final node that owns it
    (``{"$i": index, ...its row}``); other references to it are
    ``{"$s": [owner oid, index]}``."""

    __slots__ = ('owner', 'index', 'obj')

    def __init__(self, owner: _Node, index: int, obj: Any) -> None:
        self.owner = owner
        self.index = index
        self.obj = obj


class _Chunk:
    """A stretch of a long list (or array): its row, and once all its items
    are final, the nodes it pins and their links still to follow."""

    __slots__ = ('oid', 'items', 'text', 'frozen', 'pins', 'open')

    def __init__(self, oid: int) -> None:
        self.oid = oid
        self.items = None
        self.text = None
        self.frozen = False
        self.pins = ()
        self.open = ()


class GraphWriter(ValueCodec):
    """Encodes run-state graphs into node rows, checkpoint after checkpoint."""

    def __init__(self, anchors, policy: Optional[ClassPolicy] = None) -> None:
        super().__init__()
        self.anchors = anchors
        self.policy = policy or ClassPolicy()
        for cls in _MUTABLE_BUILTINS:
            self._encoders.pop(cls, None)
        self._value_encoders = dict(self._encoders)
        self._nodes: dict = {}          # id(obj) -> _Node
        self._by_oid: dict = {}         # oid -> _Node or _Chunk
        self._next = itertools.count(1)
        self._pins: collections.Counter = collections.Counter()
        self._visited: set = set()
        self._changed: dict = {}        # oid -> row text
        self._trail: Optional[list] = None
        self._owner: Optional[_Node] = None     # the final node being encoded, if any
        self._node_classes: set = set()         # classes whose instances are nodes
        self._instance_classes: set = set()     # classes whose rows are plain 'obj' rows
        self._anchor_refs: dict = {}            # path -> its {"$a": path} (shared)
        self._schemas: dict = {}                # attribute names -> schema number
        self._schema_list: list = []            # schema number -> attribute names
        self._captures = 0
        self._after_prune = 1024
        self._series: dict = {}         # key -> pseudo node of a numeric history
        self._globals: dict = {}        # class/function/module -> its {"$g": name} (shared)

    # -- a checkpoint -----------------------------------------------------------------------
    def capture(self, roots: dict) -> tuple:
        """Encode ``roots`` (name -> JSON-ready data of a root, built with
        ``encode``); returns (root data, changed rows {oid: text}, removed
        oids). Encoding errors name the root and the place."""
        self._visited = set()
        self._changed = {}
        out = {}
        # a capture makes many containers and frees none: the cyclic collector
        # would only walk the run's whole heap again and again meanwhile
        collecting = gc.isenabled()
        gc.disable()
        try:
            for name, build in roots.items():
                try:
                    out[name] = build(self)
                except _Located as exc:
                    where = ''.join('[%r]' % (s,) for s in reversed(exc.path))
                    raise StateValueError('cannot checkpoint %s%s: %s'
                                          % (name, where, exc.message)) from None
        finally:
            if collecting:
                gc.enable()
        out[SCHEMAS] = list(self._schema_list)     # a copy: written by another thread
        self._captures += 1
        removed = []
        if self._captures % _PRUNE_EVERY == 0 or len(self._by_oid) > 2 * self._after_prune:
            removed = self._prune()
            self._after_prune = max(len(self._by_oid), 1024)
        return out, self._changed, removed

    def attrs(self, obj: Any, skip=()) -> dict:
        """The instance attributes of an anchor (a root), encoded."""
        out = {}
        enc = self._enc
        d = getattr(obj, '__dict__', None)
        items = list(d.items()) if d is not None else []
        slots = _slot_names(type(obj))
        if slots:
            items.extend(_slot_items(obj, slots))
        for name, value in items:
            cls = type(value)
            # plain values and finite floats are their own JSON (most attributes)
            if (cls in _PLAIN or cls is float and value - value == 0.0) and not skip:
                out[name] = value
                continue
            if name in skip:
                continue
            try:
                out[name] = enc(value)
            except _Located as exc:
                exc.path.append(name)
                raise
        return out

    def value(self, value: Any) -> Any:
        """``value`` encoded (nodes registered)."""
        return self._enc(value)

    # -- encoding ---------------------------------------------------------------------------------
    def _enc(self, value: Any) -> Any:
        cls = type(value)
        if cls in _PLAIN:
            return value
        if cls is float:
            return _float_tag(value)
        if cls is tuple:
            return {'$tuple': self._enc_list(value)}
        if cls is type:
            ref = self._globals.get(value)
            if ref is not None:
                return ref
        key = id(value)
        path = self.anchors.path_of.get(key)
        if path is not None and self.anchors.obj_at[path] is value:
            ref = self._anchor_refs.get(path)
            if ref is None:
                ref = self._anchor_refs[path] = {'$a': path}
            return ref
        node = self._nodes.get(key)
        if node is not None and node.obj is value:
            if type(node) is _Inline:
                return self._inline_ref(node)
            if node.oid not in self._visited:
                self._visit(node)
            if self._trail is not None:
                self._trail.append(node)
            return {'$r': node.oid}
        if cls in self._node_classes:
            return self._new_node(key, value, cls)
        enc = self._value_encoders.get(cls)
        if enc is not None:
            return enc(value)
        if isinstance(value, np.generic):
            return self._enc_npscalar(value)
        if self._pandas_pending and self._pandas_type(cls):
            self._value_encoders.update((k, v) for k, v in self._encoders.items()
                                        if k not in _MUTABLE_BUILTINS)
            return self._enc(value)
        if cls is frozenset:
            return {'$frozenset': self._enc_list(value)}
        if isinstance(value, type) or cls in (types.FunctionType, types.BuiltinFunctionType) \
                and getattr(value, '__self__', None) is None or cls is types.ModuleType:
            ref = self._globals.get(value)
            if ref is None:
                ref = self._globals[value] = {
                    '$g': global_name(value) if cls is not types.ModuleType
                    else value.__name__ + ':'}
            return ref
        if cls in (types.MethodType, types.BuiltinMethodType, types.MethodWrapperType):
            owner = value.__self__
            if isinstance(owner, types.ModuleType):
                return {'$g': global_name(value)}
            return {'$m': [self._enc(owner), value.__name__]}
        if cls is memoryview or cls is np.ndarray:
            # a line's storage handle taken after the anchors were named
            self.anchors.refresh_storage()
            path = self.anchors.path(value)
            if path is not None:
                return {'$a': path}
        if isinstance(value, _FORBIDDEN) or not _has_state(value):
            if isinstance(value, memoryview):
                raise _Located('a memoryview that is not the storage of a line of the run', [])
            raise _Located('cannot checkpoint a %s.%s' % (cls.__module__, cls.__qualname__), [])
        if cls is not np.ndarray:
            self._node_classes.add(cls)     # the checks above hold for the whole class
        return self._new_node(key, value, cls)

    def _new_node(self, key: int, value: Any, cls: type) -> dict:
        """A reference to ``value``, met for the first time: a new node, or
        an object inside the row of the final node being encoded."""
        owner = self._owner
        if owner is not None and not _finality(cls)[0] and _small(value):
            return self._inline(owner, key, value)
        node = _Node(next(self._next), value)
        self._nodes[key] = node
        self._by_oid[node.oid] = node
        self._visit(node)
        if self._trail is not None:
            self._trail.append(node)
        return {'$r': node.oid}

    def _visit(self, node: _Node) -> None:
        self._visited.add(node.oid)
        if node.final:
            for child in node.open:
                if child.oid not in self._visited:
                    self._visit(child)
            return
        obj = node.obj
        has_rule, rule = node.kind_rule
        final = has_rule and rule is not None and rule(obj)
        # a final node's row is written once: the objects it owns that are
        # not nodes yet go inside it (one row, not one each)
        outer, self._trail = self._trail, []
        outer_owner, self._owner = self._owner, node if final else None
        try:
            row = self._content(node, obj)
        except _Located as exc:
            exc.path.append('<%s>' % type(obj).__name__)
            raise
        finally:
            children, self._trail = self._trail, outer
            self._owner = outer_owner
        node.kids = children
        text = _dumps(row)
        if text != node.text:
            node.text = text
            self._changed[node.oid] = text
        if final:
            self._freeze(node, children)

    def _inline(self, owner: _Node, key: int, value: Any) -> dict:
        """``value`` (no node yet, owned by the final node ``owner``) written
        inside ``owner``'s row."""
        if not owner.inlined:
            owner.inlined = []
        record = _Inline(owner, len(owner.inlined), value)
        owner.inlined.append(key)
        self._nodes[key] = record
        try:
            row = self._content(None, value)
        except _Located as exc:
            exc.path.append('<%s>' % type(value).__name__)
            raise
        out = {'$i': record.index}
        out.update(row)
        return out

    def _inline_ref(self, record: _Inline) -> dict:
        """A reference to an object written inside its owner's row."""
        owner = record.owner
        if owner.oid not in self._visited:
            self._visit(owner)
        if self._trail is not None and owner is not self._owner:
            self._trail.append(owner)
        return {'$s': [owner.oid, record.index]}

    def _freeze(self, node: _Node, children: list) -> None:
        """``node`` is final: what it owns is pinned, its links to shared or
        still-changing nodes kept to follow."""
        open_, owned = [], []
        stack = list(children)
        seen = set()
        while stack:
            child = stack.pop()
            if child.oid in seen:
                continue
            seen.add(child.oid)
            has_rule, rule = child.kind_rule
            if has_rule:
                if not child.final:
                    open_.append(child)
                owned.append(child.oid)
                continue
            owned.append(child.oid)
            owned.extend(c.oid for c in child.chunks or ())
            stack.extend(self._children_of(child))
        owned.extend(c.oid for c in node.chunks or ())
        node.final = True
        node.open = open_
        node.owned = owned
        for oid in owned:
            self._pins[oid] += 1

    @staticmethod
    def _children_of(node: _Node) -> list:
        """The nodes a node's row refers to."""
        return node.kids

    def _content(self, node: _Node, obj: Any) -> dict:
        cls = type(obj)
        if cls in self._instance_classes:        # most rows: skip the checks below
            return self._with_attrs({'k': 'obj', 'c': self._enc(cls)}, obj)
        row: dict = {}
        if isinstance(obj, dict):
            row['k'] = 'dict'
            if cls is not dict:
                row['c'] = self._enc(cls)
            if isinstance(obj, collections.defaultdict):
                row['f'] = self._enc(obj.default_factory)
            if len(obj) > CHUNK:
                # long dicts (orders by reference...) grow like lists: chunks of
                # key, value, key, value... whose final ones are not encoded again
                row['chunks'] = self._chunked_list(node, (list(obj), list(obj.values())))
                row['items'] = []
            else:
                row['items'] = [[self._enc(k), self._enc(v)] for k, v in obj.items()]
        elif isinstance(obj, list):
            row['k'] = 'list'
            if cls is not list:
                row['c'] = self._enc(cls)
            if len(obj) > CHUNK:
                row['chunks'] = self._chunked_list(node, (obj,))
                row['items'] = []
            else:
                row['items'] = self._enc_list(obj)
        elif isinstance(obj, collections.deque):
            row.update(k='deque', items=self._enc_list(obj), maxlen=obj.maxlen)
            if cls is not collections.deque:
                row['c'] = self._enc(cls)
        elif isinstance(obj, (set,)):
            row['k'] = 'set'
            if len(obj) > CHUNK:
                try:                    # a stable order, so that chunks repeat
                    items = sorted(obj)
                except TypeError:
                    items = list(obj)
                row['chunks'] = self._chunked_list(node, (items,))
                row['items'] = []
            else:
                row['items'] = self._enc_list(obj)
            if cls is not set:
                row['c'] = self._enc(cls)
        elif cls is array.array:
            row.update(k='array', t=obj.typecode)
            if len(obj) > ARRAY_CHUNK:
                row['chunks'] = self._chunked_array(node, obj)
                tail = obj[len(row['chunks']) * ARRAY_CHUNK:]
            else:
                tail = obj
            row['b'] = base64.b64encode(tail.tobytes()).decode('ascii')
            return row
        elif cls is bytearray:
            return {'k': 'bytearray', 'b': base64.b64encode(bytes(obj)).decode('ascii')}
        elif isinstance(obj, np.ndarray):
            if cls is not np.ndarray:
                raise _Located('cannot checkpoint a numpy array subclass %s' % cls.__name__, [])
            return {'k': 'ndarray', 'v': self._enc_ndarray_nodes(obj)}
        elif cls is itertools.count:
            start, step = _count_state(obj)
            return {'k': 'count', 'n': self._enc(start), 's': self._enc(step)}
        elif isinstance(obj, random.Random) and cls in (random.Random, random.SystemRandom):
            return {'k': 'random', 'c': self._enc(cls), 'state': self._enc(obj.getstate())}
        elif cls is np.random.Generator:
            bitgen = obj.bit_generator
            return {'k': 'npgenerator', 'bitgen': self._enc(type(bitgen)),
                    'state': self._enc(bitgen.state)}
        elif cls is np.random.RandomState:
            return {'k': 'nprandomstate', 'state': self._enc(obj.get_state(legacy=False))}
        elif isinstance(obj, AutoInfoClass):
            row.update(k='info', owner=self._enc(cls._owner), attr=cls._bt_attr)
        elif hasattr(cls, '_bt_checkpoint_state'):
            # the class says what its state is (and rebuilds itself from it)
            return {'k': 'custom', 'c': self._enc(cls),
                    'state': self._enc(obj._bt_checkpoint_state())}
        else:
            if not made_by_class_statement(cls):
                # a type made in C (files, sockets, locks...): its state is not
                # in its attributes, so it cannot be rebuilt from them
                raise _Located('cannot checkpoint a %s.%s (name it in the strategy\'s '
                               'checkpoint_exclude to leave it out)'
                               % (cls.__module__, cls.__qualname__), [])
            row['k'] = 'obj'
            row['c'] = self._enc(cls)
            self._instance_classes.add(cls)
        return self._with_attrs(row, obj)

    def _with_attrs(self, row: dict, obj: Any) -> dict:
        """``row`` with the instance attributes of ``obj``."""
        attrs = self._attrs_of(obj)
        if attrs:
            if row['k'] in ('obj', 'info'):
                # instances of a class share their attribute names: the names
                # once (a schema, in the checkpoint's roots), the values per row
                names = tuple(attrs)
                sid = self._schemas.get(names)
                if sid is None:
                    sid = self._schemas[names] = len(self._schema_list)
                    self._schema_list.append(list(names))
                row['s'] = sid
                row['v'] = list(attrs.values())
            else:
                row['d'] = attrs
        return row

    _attrs_of = attrs

    def _enc_ndarray_nodes(self, array_: np.ndarray) -> dict:
        if array_.dtype.hasobject:
            out = self._enc_ndarray(np.empty(array_.shape, dtype=float))
            out.pop('data')
            out['$ndarray'] = self._enc(np.lib.format.dtype_to_descr(array_.dtype))
            out['items'] = self._enc_list(array_.ravel().tolist())
            return out
        return self._enc_ndarray(array_)

    # -- chunks ----------------------------------------------------------------------------------
    def _chunked_list(self, node: _Node, columns: tuple) -> list:
        """Chunk rows of a long sequence: ``columns`` is (a list,) or (a
        dict's keys, its values), a chunk holds ``CHUNK`` entries (keys and
        values interleaved). Frozen chunks (all their items final) that did
        not change are not encoded again."""
        chunks = node.chunks
        if chunks is None:
            chunks = node.chunks = []
        width = CHUNK * len(columns)
        nfull = -(-len(columns[0]) // CHUNK)      # the last one may be partial
        start = self._frozen_prefix(node, columns)
        out = [chunk.oid for chunk in chunks[:start]]
        skip = start * CHUNK
        items = columns[0][skip:] if len(columns) == 1 else \
            list(itertools.chain.from_iterable(zip(*(c[skip:] for c in columns))))
        for j in range(start, nfull):
            part = items[(j - start) * width:(j - start + 1) * width]
            if j < len(chunks):
                chunk = chunks[j]
                if chunk.frozen and len(chunk.items) == len(part) and \
                        _same_ids(chunk.items, part):
                    self._visited.add(chunk.oid)
                    for child in chunk.open:
                        if child.oid not in self._visited:
                            self._visit(child)
                    out.append(chunk.oid)
                    continue
                if chunk.frozen:
                    self._unpin(chunk.pins)
                    chunk.frozen, chunk.pins, chunk.open = False, (), ()
            else:
                chunk = _Chunk(next(self._next))
                chunks.append(chunk)
                self._by_oid[chunk.oid] = chunk
            outer, self._trail = self._trail, []
            outer_owner, self._owner = self._owner, None     # chunks are rows of their own
            try:
                text = _dumps({'k': 'chunk', 'items': self._enc_list(part)})
            finally:
                children, self._trail = self._trail, outer
                self._owner = outer_owner
            self._visited.add(chunk.oid)
            if text != chunk.text:
                chunk.text = text
                self._changed[chunk.oid] = text
            chunk.items = part
            if all(c.final for c in children):
                chunk.frozen = True
                chunk.pins = tuple({c.oid: None for c in children})
                chunk.open = list({o.oid: o for c in children for o in c.open}.values())
                for oid in chunk.pins:
                    self._pins[oid] += 1
            out.append(chunk.oid)
        # chunks past the end (the list shrank) are no longer visited: pruned
        del chunks[nfull:]
        self._extend_prefix(node, columns, width, start)
        return out

    def _frozen_prefix(self, node: _Node, columns: tuple) -> int:
        """How many leading chunks are frozen and unchanged, checked in one
        pass over the item pointers of ``columns`` (their open links
        visited); 0 after any change there (the chunks are then checked one
        by one)."""
        prefix = node.prefix
        if prefix is None:
            return 0
        count, open_, pointers = prefix
        for column, addresses in zip(columns, pointers):
            if _item_pointers(column, len(addresses) // _POINTER) != addresses:
                node.prefix = None
                return 0
        visited = self._visited
        visited.update(chunk.oid for chunk in node.chunks[:count])
        for child in open_:
            if child.oid not in visited:
                self._visit(child)
        return count

    @staticmethod
    def _extend_prefix(node: _Node, columns: tuple, width: int, start: int) -> None:
        """Make the node's frozen prefix cover every leading full chunk that
        is frozen now (``start``: those it covered already). Its items stay
        held by the chunks (``chunk.items``): their addresses cannot be
        reused while the pointers are compared."""
        chunks = node.chunks
        count = start
        while count < len(chunks) and chunks[count].frozen and \
                len(chunks[count].items) == width:
            count += 1
        if count == start:
            return
        old_count, open_, old = node.prefix if node.prefix is not None else (0, (), None)
        open_ = {o.oid: o for o in open_}
        for chunk in chunks[old_count:count]:
            open_.update((o.oid, o) for o in chunk.open)
        pointers = []
        for i, column in enumerate(columns):
            new = _item_pointers(column, count * CHUNK, old_count * CHUNK)
            if new is None:
                return          # lists cannot be read in place here: chunk by chunk
            pointers.append(old[i] + new if old is not None else new)
        node.prefix = (count, list(open_.values()), tuple(pointers))

    def _chunked_array(self, node: _Node, values: array.array) -> list:
        return self._chunked_bytes(node, np.frombuffer(values, dtype=np.uint8),
                                   values.itemsize * ARRAY_CHUNK)

    def _chunked_bytes(self, node: _Node, raw: np.ndarray, width: int) -> list:
        """Full chunks of ``width`` bytes of ``raw`` (a uint8 view) as chunk
        rows; a chunk whose bytes did not change is not written again (all
        of them compared in one pass while none did)."""
        chunks = node.chunks
        if chunks is None:
            chunks = node.chunks = []
        nfull = len(raw) // width
        # node.prefix: (buffer, n) -- the first n bytes of the buffer are
        # those of the full chunks as written (the buffer grows by doubling)
        known = node.prefix[0][:node.prefix[1]] if node.prefix is not None else None
        if known is not None and len(known) <= len(raw) and _same_bytes(raw, known):
            start = len(chunks)
        else:
            start = 0
        out = [chunk.oid for chunk in chunks[:start]]
        self._visited.update(out)
        part = None
        for j in range(start, nfull):
            part = raw[j * width:(j + 1) * width]
            if j < len(chunks):
                chunk = chunks[j]
                if known is not None and (j + 1) * width <= len(known) and \
                        _same_bytes(part, known[j * width:(j + 1) * width]):
                    self._visited.add(chunk.oid)
                    out.append(chunk.oid)
                    continue
            else:
                chunk = _Chunk(next(self._next))
                chunks.append(chunk)
                self._by_oid[chunk.oid] = chunk
            chunk.text = _dumps(_bytes_row(part.tobytes()))
            self._changed[chunk.oid] = chunk.text
            self._visited.add(chunk.oid)
            out.append(chunk.oid)
        if start < nfull or len(chunks) > nfull:
            node.prefix = _grown_prefix(node.prefix, raw, start * width, nfull * width)
        del raw, part, known        # release the export: an array.array may grow again
        del chunks[nfull:]
        return out

    def series(self, key: str, values: np.ndarray) -> dict:
        """A numeric history (e.g. a line's values) as chunk rows that are
        written once full plus the tail inline: ``{"chunks": [...], "b": ...}``."""
        node = self._series.get(key)
        if node is None:
            node = self._series[key] = _Node(0, None)
        values = np.ascontiguousarray(values)
        raw = values.view(np.uint8).reshape(-1) if values.size else np.empty(0, np.uint8)
        width = values.itemsize * ARRAY_CHUNK
        chunks = self._chunked_bytes(node, raw, width)
        tail = raw[len(chunks) * width:]
        return {'dtype': values.dtype.str, 'n': int(values.size), 'chunks': chunks,
                'b': base64.b64encode(tail.tobytes()).decode('ascii')}

    # -- forgetting unreachable nodes --------------------------------------------------------------
    def _unpin(self, oids) -> None:
        for oid in oids:
            self._pins[oid] -= 1
            if self._pins[oid] <= 0:
                del self._pins[oid]

    def _prune(self) -> list:
        """Forget nodes and chunks neither visited nor pinned by a final
        node or frozen chunk (releasing their own pins, repeatedly)."""
        removed = []
        while True:
            gone = [oid for oid in self._by_oid
                    if oid not in self._visited and oid not in self._pins]
            if not gone:
                return removed
            for oid in gone:
                entry = self._by_oid.pop(oid)
                removed.append(oid)
                if isinstance(entry, _Chunk):
                    if entry.frozen:
                        self._unpin(entry.pins)
                    continue
                if self._nodes.get(id(entry.obj)) is entry:
                    del self._nodes[id(entry.obj)]
                for key in entry.inlined:
                    record = self._nodes.get(key)
                    if type(record) is _Inline and record.owner is entry:
                        del self._nodes[key]
                if entry.final:
                    self._unpin(entry.owned)


def _grown_prefix(prefix: Optional[tuple], raw: np.ndarray, same: int, size: int) -> tuple:
    """(buffer, size): the first ``size`` bytes of ``raw`` kept, reusing the
    ``same`` first bytes already in ``prefix``'s buffer (no copy of a
    history at every checkpoint)."""
    buffer = prefix[0] if prefix is not None else None
    if buffer is None or len(buffer) < size:
        grown = np.empty(max(size, 2 * (len(buffer) if buffer is not None else 0)), np.uint8)
        if same:
            grown[:same] = buffer[:same]
        buffer = grown
    buffer[same:size] = raw[same:size]
    return buffer, size


def _find_inline(data: Any, index: int) -> Optional[dict]:
    """The ``{"$i": index, ...}`` object inside the row ``data``."""
    if isinstance(data, dict):
        if data.get('$i') == index and next(iter(data)) == '$i':
            return data
        data = data.values()
    elif not isinstance(data, list):
        return None
    for item in data:
        if isinstance(item, (dict, list)):
            found = _find_inline(item, index)
            if found is not None:
                return found
    return None


#: a history chunk is stored deflated when that saves at least this share of it
_DEFLATE_GAIN = 0.25


def _bytes_row(raw: bytes) -> dict:
    """The row of a chunk of a numeric history: its bytes deflated (zlib,
    fastest level: lines of events -- buys, sells, trades -- are mostly NaN
    and shrink tenfold) when that pays, else as they are; base64 either way."""
    packed = zlib.compress(raw, 1)
    if len(packed) <= (1 - _DEFLATE_GAIN) * len(raw):
        return {'k': 'bytes', 'z': base64.b64encode(packed).decode('ascii')}
    return {'k': 'bytes', 'b': base64.b64encode(raw).decode('ascii')}


def _same_bytes(raw: np.ndarray, known: np.ndarray) -> bool:
    """Whether ``raw`` starts with the bytes ``known`` (uint8 arrays whose
    length is a multiple of 8: compared as 64-bit words, the fastest)."""
    return np.array_equal(raw[:len(known)].view(np.uint64), known.view(np.uint64))


_POINTER = ctypes.sizeof(ctypes.c_void_p)


def _list_pointers_raw(items: list, start: int, stop: int) -> bytes:
    # a CPython list: the object header (refcount, type, size), then the
    # address of its array of item pointers. string_at copies while holding
    # the GIL: no thread can change the list meanwhile
    base = ctypes.c_void_p.from_address(id(items) + 3 * _POINTER).value
    return ctypes.string_at(base + start * _POINTER, (stop - start) * _POINTER)


def _pointers_readable() -> bool:
    """Whether this interpreter lays lists out as ``_list_pointers_raw``
    reads them (checked on a probe list, not assumed)."""
    try:
        probe = [object() for _ in range(3)]
        found = np.frombuffer(_list_pointers_raw(probe, 0, 3), dtype=np.uintp)
        return [int(p) for p in found] == [id(x) for x in probe]
    except Exception:       # noqa: BLE001 (another layout or no ctypes: not used)
        return False


_POINTERS_OK = sys.implementation.name == 'cpython' and _pointers_readable()


def _item_pointers(items: list, stop: int, start: int = 0) -> Optional[bytes]:
    """The addresses of items ``start:stop`` of list ``items``, copied from
    the list's own pointer array, or None where lists cannot be read so.
    Comparing two of them compares the items by identity without touching
    a single item: at memory speed, where ``operator.is_`` over scattered
    objects runs into a cache miss each."""
    if not _POINTERS_OK or not isinstance(items, list) or stop > len(items):
        return None
    return _list_pointers_raw(items, start, stop) if stop > start else b''


def _same_ids(a: list, b: list) -> bool:
    return all(map(operator.is_, a, b))


def _count_state(counter) -> tuple:
    text = repr(counter)            # 'count(5)' or 'count(5, 2)': read without consuming
    inner = text[text.index('(') + 1:-1]
    parts = [p.strip() for p in inner.split(',')]
    start = _number(parts[0])
    step = _number(parts[1]) if len(parts) > 1 else 1
    return start, step


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        return float(text)


_SIZED = (dict, list, set, collections.deque, bytearray, array.array)


def _small(value: Any) -> bool:
    """Whether ``value`` is written whole (not cut into chunks)."""
    if isinstance(value, _SIZED):
        return len(value) <= CHUNK
    return not isinstance(value, np.ndarray) or value.size <= CHUNK
_CONTAINERS = (dict, list, set, collections.deque, bytearray, array.array, np.ndarray,
               itertools.count, random.Random, np.random.Generator, np.random.RandomState)


def _has_state(obj: Any) -> bool:
    return isinstance(obj, _CONTAINERS) or hasattr(obj, '__dict__') or \
        bool(_slot_names(type(obj)))


_SLOTS_CACHE: dict = {}


def _slot_names(cls: type) -> tuple:
    names = _SLOTS_CACHE.get(cls)
    if names is None:
        found = []
        for base in cls.__mro__:
            slots = base.__dict__.get('__slots__', ())
            if isinstance(slots, str):
                slots = (slots,)
            for name in slots:
                if name not in ('__dict__', '__weakref__') and name not in found:
                    found.append(name)
        names = _SLOTS_CACHE[cls] = tuple(found)
    return names


_MISSING = object()


def _slot_items(obj: Any, slots: tuple) -> list:
    """(name, value) of the slots ``obj`` has a value in."""
    out = []
    for name in slots:
        value = getattr(obj, name, _MISSING)
        if value is not _MISSING:
            out.append((name, value))
    return out


_dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(',', ':')).encode


# -- reading ------------------------------------------------------------------------------------------
class GraphReader(ValueCodec):
    """Rebuilds objects from the rows a ``GraphWriter`` produced."""

    def __init__(self, rows: dict, anchors, policy: ClassPolicy, schemas=()) -> None:
        super().__init__()
        self.rows = rows            # oid -> row text (or parsed row)
        self.schemas = schemas      # the capture's SCHEMAS root: attribute names
        self.anchors = anchors
        self.policy = policy
        self._objs: dict = {}
        self._decoders['$a'] = lambda path, obj: self.anchors.get(path)
        self._decoders['$r'] = lambda oid, obj: self.node(oid)
        self._decoders['$i'] = self._inline
        self._decoders['$s'] = lambda ref, obj: self._inline_at(*ref)
        self._building: list = []       # oids of the rows being decoded, innermost last
        self._decoders['$g'] = lambda name, obj: self._global(name)
        self._decoders['$m'] = lambda pair, obj: getattr(self.decode(pair[0]), pair[1])

    def _global(self, name: str):
        if name.endswith(':'):
            module = name[:-1]
            if not self.policy.allowed(module):
                raise CheckpointError('the checkpoint names module %s: refused' % module)
            return importlib.import_module(module)
        return load_global(name, self.policy)

    def _row(self, oid: int) -> dict:
        row = self.rows.get(oid)
        if row is None:
            raise StateFileCorruptError('the checkpoint misses object %d' % oid)
        if isinstance(row, str):
            import json
            row = json.loads(row)
            self.rows[oid] = row
        return row

    def node(self, oid: int) -> Any:
        """The object of node ``oid`` (built once)."""
        obj = self._objs.get(oid, _MISSING)
        if obj is not _MISSING:
            return obj
        self._building.append(oid)
        try:
            return self._build(oid, self._row(oid))
        finally:
            self._building.pop()

    def _inline(self, index: int, row: dict) -> Any:
        """An object written inside the row being decoded (``$i``)."""
        if not self._building:
            raise StateFileCorruptError('an inline object outside any row')
        key = (self._building[-1], index)
        obj = self._objs.get(key, _MISSING)
        return self._build(key, row) if obj is _MISSING else obj

    def _inline_at(self, oid: int, index: int) -> Any:
        """The object written inside row ``oid`` as number ``index`` (``$s``):
        built with its row, or now when its row is being built and has not
        reached it yet."""
        key = (oid, index)
        obj = self._objs.get(key, _MISSING)
        if obj is not _MISSING:
            return obj
        if oid not in self._objs:
            self.node(oid)
        else:
            row = _find_inline(self._row(oid), index)
            if row is None:
                raise StateFileCorruptError('object %d holds no object %d' % (oid, index))
            self._building.append(oid)
            try:
                self._build(key, row)
            finally:
                self._building.pop()
        obj = self._objs.get(key, _MISSING)
        if obj is _MISSING:
            raise StateFileCorruptError('object %d holds no object %d' % (oid, index))
        return obj

    def _build(self, oid, row: dict) -> Any:
        """The object ``row`` describes, registered as ``oid`` (a node's oid,
        or (owner oid, index) for an object inside a row) before its content
        is decoded, so that cycles come back."""
        kind = row.get('k')
        cls = self.decode(row['c']) if 'c' in row else None
        if kind == 'dict':
            obj = (cls or dict).__new__(cls or dict)
            if isinstance(obj, collections.defaultdict):
                obj.default_factory = None
            self._objs[oid] = obj
            self._fill_attrs(obj, row)
            if 'f' in row:
                obj.default_factory = self.decode(row['f'])
            setitem = collections.OrderedDict.__setitem__ \
                if isinstance(obj, collections.OrderedDict) else dict.__setitem__
            for chunk in row.get('chunks', ()):
                flat = self._row(chunk)['items']
                for j in range(0, len(flat) - 1, 2):
                    setitem(obj, self.decode(flat[j]), self.decode(flat[j + 1]))
            for k, v in row['items']:
                setitem(obj, self.decode(k), self.decode(v))
            return obj
        if kind == 'list':
            obj = (cls or list).__new__(cls or list)
            self._objs[oid] = obj
            self._fill_attrs(obj, row)
            for chunk in row.get('chunks', ()):
                list.extend(obj, [self.decode(x) for x in self._row(chunk)['items']])
            list.extend(obj, [self.decode(x) for x in row['items']])
            return obj
        if kind == 'deque':
            obj = (cls or collections.deque)(maxlen=row['maxlen'])
            self._objs[oid] = obj
            obj.extend(self.decode(x) for x in row['items'])
            self._fill_attrs(obj, row)
            return obj
        if kind == 'set':
            obj = (cls or set)()
            self._objs[oid] = obj
            for chunk in row.get('chunks', ()):
                obj.update(self.decode(x) for x in self._row(chunk)['items'])
            obj.update(self.decode(x) for x in row['items'])
            return obj
        if kind == 'array':
            obj = array.array(row['t'])
            for chunk in row.get('chunks', ()):
                obj.frombytes(self._chunk_bytes(chunk))
            obj.frombytes(base64.b64decode(row['b']))
            self._objs[oid] = obj
            return obj
        if kind == 'bytearray':
            obj = self._objs[oid] = bytearray(base64.b64decode(row['b']))
            return obj
        if kind == 'ndarray':
            obj = self._objs[oid] = self.decode(row['v'])
            return obj
        if kind == 'count':
            obj = self._objs[oid] = itertools.count(self.decode(row['n']), self.decode(row['s']))
            return obj
        if kind == 'random':
            obj = cls()
            obj.setstate(self.decode(row['state']))
            self._objs[oid] = obj
            return obj
        if kind == 'info':
            owner = self.decode(row['owner'])
            info_cls = getattr(owner, row['attr'])
            obj = info_cls.__new__(info_cls)
            self._objs[oid] = obj
            self._fill_attrs(obj, row)
            return obj
        if kind == 'npgenerator':
            bitgen = self.decode(row['bitgen'])()
            bitgen.state = self.decode(row['state'])
            obj = self._objs[oid] = np.random.Generator(bitgen)
            return obj
        if kind == 'nprandomstate':
            obj = np.random.RandomState()
            obj.set_state(self.decode(row['state']))
            self._objs[oid] = obj
            return obj
        if kind == 'custom':
            obj = cls.__new__(cls)
            self._objs[oid] = obj
            obj._bt_checkpoint_restore(self.decode(row['state']))
            return obj
        if kind == 'obj':
            if not isinstance(cls, type):
                raise StateFileCorruptError('object %d has no class' % oid)
            obj = cls.__new__(cls)
            self._objs[oid] = obj
            self._fill_attrs(obj, row)
            return obj
        raise StateFileCorruptError('unknown kind of object %r' % (kind,))

    def _fill_attrs(self, obj: Any, row: dict) -> None:
        if 's' in row:
            try:
                names = self.schemas[row['s']]
            except (IndexError, TypeError, KeyError):
                raise StateFileCorruptError('an object names attribute schema %r, which the '
                                            'checkpoint does not have' % (row['s'],)) from None
            if len(names) != len(row['v']):
                raise StateFileCorruptError('an object has %d attribute values for %d names'
                                            % (len(row['v']), len(names)))
            attrs = zip(names, row['v'])
        else:
            attrs = row.get('d')
            if not attrs:
                return
            attrs = attrs.items()
        slots = _slot_names(type(obj))
        d = getattr(obj, '__dict__', None)
        for name, value in attrs:
            value = self.decode(value)
            if d is not None and name not in slots:
                d[name] = value
            else:
                object.__setattr__(obj, name, value)

    def _chunk_bytes(self, oid: int) -> bytes:
        """The bytes of chunk row ``oid`` (``_bytes_row``)."""
        row = self._row(oid)
        try:
            if 'z' in row:
                return zlib.decompress(base64.b64decode(row['z']))
            return base64.b64decode(row['b'])
        except (zlib.error, ValueError, TypeError, KeyError) as exc:
            raise StateFileCorruptError('chunk %d of a stored history is damaged (%s)'
                                        % (oid, exc)) from None

    def series(self, data: dict) -> np.ndarray:
        """The values ``GraphWriter.series`` stored."""
        raw = b''.join(self._chunk_bytes(oid) for oid in data['chunks'])
        raw += base64.b64decode(data['b'])
        values = np.frombuffer(raw, dtype=np.dtype(data['dtype'])).copy()
        if values.size != data['n']:
            raise StateFileCorruptError('a stored history has %d values, not %d'
                                        % (values.size, data['n']))
        return values

    def restore_attrs(self, obj: Any, attrs: dict) -> None:
        """Set an anchor's attributes from ``GraphWriter.attrs`` data."""
        self._fill_attrs(obj, {'d': attrs})


# -- the model's finality ----------------------------------------------------------------------------
def _install_model_rules() -> None:
    from ..comminfo import CommInfoBase
    from ..order import OrderBase, OrderExecutionBit
    from ..position import Position
    from ..trade import Trade
    done = (OrderBase.Completed, OrderBase.Canceled, OrderBase.Expired, OrderBase.Margin,
            OrderBase.Rejected)
    register_final(OrderBase, lambda o: o.status in done)
    register_final(OrderExecutionBit, lambda bit: True)
    register_final(Trade, lambda t: t.isclosed)
    register_final(CommInfoBase, None)
    register_final(Position, None)


_install_model_rules()
