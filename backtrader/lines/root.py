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
    """Hook filled by ``lines.ops`` (which sits above this module) to build
    stage-1 operation objects."""
    binary: Callable = None
    unary: Callable = None


operation_factory = _Factory()


def set_stage(stage: int) -> None:
    """Switch every line object to stage 1 (declare) or 2 (execute)."""
    LineRoot._stage2 = stage == 2


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
