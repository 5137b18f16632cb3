"""The line functions: ``And``, ``Or``, ``If``, ``Max``, ``Min``, ``Sum``,
``Any``, ``All``, ``Cmp``, ``CmpEx``, ``DivByZero``, ``DivZeroByZero`` -- one
line computed from several inputs (lines or numbers), ``next`` per bar and
``once`` over whole arrays.

Layer: lines.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from .buffer import NAN
from .root import LineRoot, LineSingle
from .series import as_line
from .ops import LineActions, _errstate

__all__ = ['Logic', 'MultiLogic', 'MultiLogicReduce', 'Reduce', 'And', 'Or', 'If', 'Max', 'Min',
           'Sum', 'Any', 'All', 'Cmp', 'CmpEx', 'DivByZero', 'DivZeroByZero', 'List']


def _truthy(x: np.ndarray) -> np.ndarray:
    # Python truthiness of floats: 0.0 is False, NaN is True
    return x != 0


class Logic(LineActions):
    """Base of functions over several inputs (lines or numbers)."""

    def __init__(self, *args) -> None:
        self.args = [as_line(a) if isinstance(a, LineRoot) else a for a in args]
        self._islines = [isinstance(a, LineSingle) for a in self.args]

    def _vals(self) -> list:
        return [a[0] if isl else a for a, isl in zip(self.args, self._islines)]

    def _arrays(self, start: int, end: int) -> list:
        n = end - start
        return [a._a[start:end] if isl else np.full(n, float(a))
                for a, isl in zip(self.args, self._islines)]

    # subclasses define _scalar(vals) and _vector(arrays)
    def next(self) -> None:
        self._l0[0] = self._scalar(self._vals())

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        with _errstate():
            self._l0._a[start:end] = self._vector(self._arrays(start, end))

    def _vector(self, arrays: list) -> np.ndarray:
        # generic fallback: scalar function per bar
        return np.array([self._scalar(list(vals)) for vals in zip(*arrays)], dtype=float)


class MultiLogic(Logic):
    """``flogic(*values)`` each bar."""

    flogic = None

    def _scalar(self, vals):
        return self.flogic(vals)


class MultiLogicReduce(MultiLogic):
    """``functools.reduce(flogic, values[, initializer])`` each bar."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args)
        if 'initializer' in kwargs:
            self._init = (kwargs['initializer'],)
        else:
            self._init = ()

    def _scalar(self, vals):
        return functools.reduce(type(self).flogic, vals, *self._init)


class Reduce(MultiLogicReduce):
    """``Reduce(func, *args, initializer=...)``."""

    def __init__(self, flogic, *args, **kwargs) -> None:
        self._func = flogic
        super().__init__(*args, **kwargs)

    def _scalar(self, vals):
        return functools.reduce(self._func, vals, *self._init)


def _and(x, y):
    """Python ``x and y``."""
    return x and y


def _or(x, y):
    """Python ``x or y``."""
    return x or y


class And(MultiLogicReduce):
    """Logical and of the inputs, Python style (returns the deciding value)."""
    flogic = staticmethod(_and)

    def _vector(self, arrays):
        out = arrays[0]
        for a in arrays[1:]:
            out = np.where(_truthy(out), a, out)
        return out


class Or(MultiLogicReduce):
    """Logical or of the inputs, Python style (returns the deciding value)."""
    flogic = staticmethod(_or)

    def _vector(self, arrays):
        out = arrays[0]
        for a in arrays[1:]:
            out = np.where(_truthy(out), out, a)
        return out


def _pymax(vals):
    """Python ``max`` of the values."""
    return max(vals)


def _pymin(vals):
    """Python ``min`` of the values."""
    return min(vals)


class Max(MultiLogic):
    """Largest input value each bar (Python ``max`` semantics)."""
    flogic = staticmethod(_pymax)

    def _vector(self, arrays):
        out = arrays[0]
        for a in arrays[1:]:
            out = np.where(a > out, a, out)
        return out


class Min(MultiLogic):
    """Smallest input value each bar (Python ``min`` semantics)."""
    flogic = staticmethod(_pymin)

    def _vector(self, arrays):
        out = arrays[0]
        for a in arrays[1:]:
            out = np.where(a < out, a, out)
        return out


class Sum(MultiLogic):
    """Exact (``math.fsum``) sum of the inputs each bar."""
    flogic = staticmethod(math.fsum)

    def _vector(self, arrays):
        if len(arrays) <= 2:
            return arrays[0] + arrays[1] if len(arrays) == 2 else arrays[0]
        return Logic._vector(self, arrays)


def _pyany(vals):
    """Python ``any`` of the values."""
    return any(vals)


def _pyall(vals):
    """Python ``all`` of the values."""
    return all(vals)


class Any(MultiLogic):
    """1.0 if any input is truthy."""
    flogic = staticmethod(_pyany)

    def _vector(self, arrays):
        return np.logical_or.reduce([_truthy(a) for a in arrays]).astype(float)


class All(MultiLogic):
    """1.0 if every input is truthy."""
    flogic = staticmethod(_pyall)

    def _vector(self, arrays):
        return np.logical_and.reduce([_truthy(a) for a in arrays]).astype(float)


def _cmp(a, b):
    return (a > b) - (a < b)


class Cmp(Logic):
    """-1, 0 or 1 comparing two inputs."""

    def _scalar(self, vals):
        return _cmp(vals[0], vals[1])

    def _vector(self, arrays):
        a, b = arrays
        return (a > b).astype(float) - (a < b).astype(float)


class CmpEx(Logic):
    """``r1`` if a < b, ``r2`` if a == b, ``r3`` if a > b.

    Next mode reproduces upstream: it yields ``cmp(a, b)`` there.
    """

    _bt_next_differs = True

    def _scalar(self, vals):
        return _cmp(vals[0], vals[1])

    def _vector(self, arrays):
        a, b, r1, r2, r3 = arrays
        out = np.full(len(a), NAN)
        out = np.where(a < b, r1, out)
        out = np.where(a == b, r2, out)
        out = np.where(a > b, r3, out)
        return out


class If(Logic):
    """``a`` where ``cond`` is truthy, else ``b``."""

    def _scalar(self, vals):
        return vals[1] if vals[0] else vals[2]

    def _vector(self, arrays):
        c, a, b = arrays
        return np.where(_truthy(c), a, b)


class DivByZero(Logic):
    """``a / b``, or ``zero`` where ``b == 0``."""

    def __init__(self, a, b, zero: float = 0.0) -> None:
        super().__init__(a, b)
        self.zero = zero

    def _scalar(self, vals):
        a, b = vals
        return a / b if b else self.zero

    def _vector(self, arrays):
        a, b = arrays
        return np.where(b != 0, a / np.where(b != 0, b, 1.0), self.zero)


class DivZeroByZero(Logic):
    """``a / b``; where ``b == 0``: ``dual`` if ``a == 0`` else ``single``."""

    def __init__(self, a, b, single: float = float('inf'), dual: float = 0.0) -> None:
        super().__init__(a, b)
        self.single, self.dual = single, dual

    def _scalar(self, vals):
        a, b = vals
        if b == 0.0:
            return self.dual if a == 0.0 else self.single
        return a / b

    def _vector(self, arrays):
        a, b = arrays
        safe = np.where(b == 0.0, 1.0, b)
        res = a / safe
        return np.where(b == 0.0, np.where(a == 0.0, self.dual, self.single), res)


class List(list):
    """A list whose ``in`` compares by hash (lines overload ``==``)."""

    def __contains__(self, other) -> bool:
        h = hash(other)
        return any(hash(x) == h for x in self)
