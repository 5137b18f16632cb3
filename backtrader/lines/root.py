"""Root of every line object and its two-stage operators.

Stage 1 (while objects are being declared, in ``__init__``): arithmetic and
comparisons between line objects and/or numbers build lazily computed line
operations. Stage 2 (while a run executes, ``start()`` .. ``stop()``): the same
operators act on current values and return plain Python values.

The stage is one switch for the whole process (``LineRoot._stage2``), flipped by
the engine around a run: checking it costs one class attribute lookup.
"""
from __future__ import annotations

import operator
from typing import Any, Callable

__all__ = ['LineRoot', 'LineSingle', 'LineMultiple', 'set_stage', 'operation_factory']


class _Factory:
    """Hooks filled by ``lines.ops`` when it is imported (``lines/__init__``
    always imports it): the modules below ``ops`` (this one, ``buffer``,
    ``series``, ``iterator``) build operation objects through them, so no
    module of ``lines/`` imports one above it."""
    binary: Callable = None     # (a, b, op, reverse) -> a <op> b
    unary: Callable = None      # (a, op) -> <op> a
    delay: Callable = None      # (src, ago) -> src(ago): delayed/forward line
    coupler: Callable = None    # (obj, clock) -> obj(): follows a faster clock
    constant: Callable = None   # (num, clock=None) -> a line holding num


operation_factory = _Factory()


_FAST_NS: dict = {}     # globals of the generated operators (holds STAGE2)


def set_stage(stage: int) -> None:
    """Switch every line object to stage 1 (declare) or 2 (execute)."""
    two = stage == 2
    if LineRoot._stage2 != two:
        LineRoot._stage2 = two
    _FAST_NS['STAGE2'] = two


def _value(obj):
    if isinstance(obj, LineRoot):
        return obj[0]
    return obj


def _binop(op, reverse=False):
    def method(self, other):
        if self._stage2:
            a = self[0]
            b = other[0] if isinstance(other, LineRoot) else other
            return op(b, a) if reverse else op(a, b)
        return operation_factory.binary(self, other, op, reverse)
    method.__name__ = '__%s%s__' % ('r' if reverse else '', op.__name__.strip('_'))
    return method


def _unop(op):
    def method(self):
        if self._stage2:
            return op(self[0])
        return operation_factory.unary(self, op)
    method.__name__ = '__%s__' % op.__name__.strip('_')
    return method


class LineRoot:
    """Common base: operator overloading with stage semantics."""

    __slots__ = ()
    _stage2 = False

    # identity hashing: == is overloaded
    __hash__ = object.__hash__

    __add__ = _binop(operator.add)
    __radd__ = _binop(operator.add, True)
    __sub__ = _binop(operator.sub)
    __rsub__ = _binop(operator.sub, True)
    __mul__ = _binop(operator.mul)
    __rmul__ = _binop(operator.mul, True)
    __truediv__ = _binop(operator.truediv)
    __rtruediv__ = _binop(operator.truediv, True)
    __floordiv__ = _binop(operator.floordiv)
    __rfloordiv__ = _binop(operator.floordiv, True)
    __pow__ = _binop(operator.pow)
    __rpow__ = _binop(operator.pow, True)
    __mod__ = _binop(operator.mod)
    __rmod__ = _binop(operator.mod, True)

    __lt__ = _binop(operator.lt)
    __le__ = _binop(operator.le)
    __gt__ = _binop(operator.gt)
    __ge__ = _binop(operator.ge)
    __eq__ = _binop(operator.eq)
    __ne__ = _binop(operator.ne)

    __abs__ = _unop(operator.abs)
    __neg__ = _unop(operator.neg)
    __pos__ = _unop(operator.pos)

    #: what a stepped object is (``_ltype``): indicator, strategy, observer.
    #: Upstream has them on every line object, datas and lines included.
    IndType, StratType, ObsType = 0, 1, 2

    # The stepping hooks upstream gives every line object: no-ops on what does
    # not step (a data's or an indicator's line, a data); line iterators
    # (lines/iterator.py) and datas (their ``next``) define their own.
    def prenext(self) -> None:
        """Nothing (a line object that is not stepped)."""

    def nextstart(self) -> None:
        """Nothing (a line object that is not stepped)."""

    def next(self) -> None:
        """Nothing (a line object that is not stepped)."""

    def preonce(self, start: int, end: int) -> None:
        """Nothing (a line object that is not stepped)."""

    def oncestart(self, start: int, end: int) -> None:
        """Nothing (a line object that is not stepped)."""

    def once(self, start: int, end: int) -> None:
        """Nothing (a line object that is not stepped)."""

    def __bool__(self) -> bool:
        if self._stage2:
            return bool(self[0])
        return True

    __nonzero__ = __bool__


class LineSingle(LineRoot):
    """A single line (``LineBuffer`` and its relatives)."""
    __slots__ = ()


class LineMultiple(LineRoot):
    """An object holding several lines (``LineSeries`` and subclasses)."""
    __slots__ = ()


# -- fast stage-2 operators ---------------------------------------------------------
# The generic operators above read ``self[0]`` through __getitem__. The classes
# below (single lines and multi-line series) get generated versions that read
# the current value straight from the storage, saving a call per comparison in
# strategies' next(). The other operand is used as it is: the current value is
# a float, so when the other side is a line object too, the float's operator
# returns NotImplemented and Python asks that line's reflected operator, which
# reads its own current value (``a > line`` is ``line < a``: the same result).
# A comparison with a number, the common case, so skips the isinstance test.
_BINOPS = [
    ('__add__', 'add', '{a} + {b}', False), ('__radd__', 'add', '{b} + {a}', True),
    ('__sub__', 'sub', '{a} - {b}', False), ('__rsub__', 'sub', '{b} - {a}', True),
    ('__mul__', 'mul', '{a} * {b}', False), ('__rmul__', 'mul', '{b} * {a}', True),
    ('__truediv__', 'truediv', '{a} / {b}', False), ('__rtruediv__', 'truediv', '{b} / {a}', True),
    ('__floordiv__', 'floordiv', '{a} // {b}', False),
    ('__rfloordiv__', 'floordiv', '{b} // {a}', True),
    ('__pow__', 'pow', '{a} ** {b}', False), ('__rpow__', 'pow', '{b} ** {a}', True),
    ('__mod__', 'mod', '{a} % {b}', False), ('__rmod__', 'mod', '{b} % {a}', True),
    ('__lt__', 'lt', '{a} < {b}', False), ('__le__', 'le', '{a} <= {b}', False),
    ('__gt__', 'gt', '{a} > {b}', False), ('__ge__', 'ge', '{a} >= {b}', False),
    ('__eq__', 'eq', '{a} == {b}', False), ('__ne__', 'ne', '{a} != {b}', False),
]

_TEMPLATE = '''
def {name}(self, other):
    if STAGE2:
        {fetch}
        return {expr}
    return operation_factory.binary(self, other, operator.{op}, {rev})
'''

# (fetch statement, the current value's expression: ``{a}`` in _BINOPS; ``{b}`` is other)
_FETCH = {
    'single': ('pass', 'self._mv[self._c.idx]'),
    'multiple': ('line = self._l0', 'line._mv[line._c.idx]'),
}


def install_fast_operators(cls: type, kind: str) -> None:
    """Give ``cls`` generated binary operators (``kind``: 'single' for
    LineBuffer-like storage, 'multiple' for objects with a ``_l0`` line)."""
    ns = _FAST_NS
    ns.update(operation_factory=operation_factory, operator=operator)
    ns.setdefault('STAGE2', False)
    fetch, current = _FETCH[kind]
    for name, op, expr, rev in _BINOPS:
        expr = expr.format(a=current, b='other')
        exec(_TEMPLATE.format(name=name, fetch=fetch, expr=expr, op=op, rev=rev), ns)
        setattr(cls, name, ns[name])
    cls.__hash__ = object.__hash__
