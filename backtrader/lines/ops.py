"""Lazily computed line objects: arithmetic/comparison operations, delays and
constants (couplers: ``couplers.py``; the line functions ``And``, ``Or``,
``If``, ``Max``...: ``logic.py``).

Each is a one-line indicator: ``next()`` computes the current value from the
inputs' current values, ``once(start, end)`` computes a whole slice with numpy.
Warm-up bars (before the minimum period) stay NaN in both modes.
"""
from __future__ import annotations

import datetime as _dt
import functools
import operator
from typing import Callable

import numpy as np

from ..core.context import owner_stack
from ..utils.dateintern import num2date
from .buffer import NAN, LineBuffer
from .kernels import py_pow
from .iterator import IndicatorBase
from .root import LineRoot, operation_factory
from .series import as_line

__all__ = ['LineActions', 'LinesOperation', 'LineOwnOperation', 'LineDelay', 'LineForward',
           'LineNum', 'PseudoArray', 'make_delay']

def _errstate():
    return np.errstate(divide='ignore', invalid='ignore', over='ignore')


def _arr(src, start: int, end: int) -> np.ndarray:
    """Values [start, end) of a line-like input (unbounded storage)."""
    return as_line(src)._a[start:end]


def _ieee(op, a, b):
    """``op(a, b)``, with IEEE results (inf/nan) where Python raises
    ZeroDivisionError, as the vectorised path gives."""
    try:
        return op(a, b)
    except ZeroDivisionError:
        with _errstate():
            return float(op(np.float64(a), np.float64(b)))


def _pydiv(op):
    """Scalar version of ``op`` giving IEEE results (inf/nan) instead of
    raising on division by zero, consistent with the vectorised path (a
    partial, not a closure: an operation pickles with its strategy, e.g.
    from an optimisation worker)."""
    if op in (operator.truediv, operator.floordiv, operator.mod):
        return functools.partial(_ieee, op)
    return op


class LineActions(IndicatorBase):
    """Base of the single-line computed objects of this module."""
    lines = ('result',)
    plotinfo = dict(plot=False)
    _keepargs = True

    def _bt_choose_clock(self, datas, owner):
        # a clock given at construction (``_forced_clock``) wins
        forced = self.__dict__.pop('_forced_clock', None)
        if forced is not None:
            return forced
        return super()._bt_choose_clock(datas, owner)


# Upstream's operations are single lines: a script may use the read API of a
# line on them (``(close - open).getzero(0, 5)``, ``.idx``...). An operation
# here holds one line: these read that line (``idx`` is not set through them:
# upstream's moves one line, a line here moves with its clock).
_LINE_METHODS = ('get_idx', 'getzero', 'getzeroval', 'plot', 'plotrange',
                 'datetime', 'date', 'time', 'dt', 'tm', 'tm_raw', 'tm2datetime', 'tm2dtime',
                 'tm_eq', 'tm_lt', 'tm_le', 'tm_gt', 'tm_ge', 'addbinding')
_LINE_PROPERTIES = ('idx', 'lencount', 'extension', 'mode', 'bindings')


def _line_method(name: str):
    def method(self, *args, **kwargs):
        return getattr(self.lines[0], name)(*args, **kwargs)
    method.__name__ = name
    method.__qualname__ = 'LineActions.' + name
    method.__doc__ = '``%s`` of the operation\'s line.' % name
    return method


def _line_property(name: str):
    return property(lambda self: getattr(self.lines[0], name),
                    doc='``%s`` of the operation\'s line.' % name)


for _name in _LINE_METHODS:
    setattr(LineActions, _name, _line_method(_name))
for _name in _LINE_PROPERTIES:
    setattr(LineActions, _name, _line_property(_name))
LineActions.QBuffer, LineActions.UnBounded = LineBuffer.QBuffer, LineBuffer.UnBounded


class LinesOperation(LineActions):
    """``a <op> b`` where at least one side is a line."""

    def __init__(self, a, b, operation: Callable, r: bool = False) -> None:
        self.a, self.b, self.operation, self.r = a, b, operation, r
        self._bline = b if isinstance(b, LineRoot) else None
        self._sop = _pydiv(operation)
        self._aline = as_line(a)
        if self._bline is not None:
            self._bline = as_line(b)

    def next(self) -> None:
        a = self._aline[0]
        b = self._bline[0] if self._bline is not None else self.b
        self._l0[0] = self._sop(b, a) if self.r else self._sop(a, b)

    def once(self, start: int, end: int) -> None:
        a = self._aline._a[start:end]
        b = self._bline._a[start:end] if self._bline is not None else self.b
        if self.operation is operator.pow:
            self._l0._a[start:end] = _python_pow(a, b, self.r)
            return
        with _errstate():
            self._l0._a[start:end] = self.operation(b, a) if self.r else self.operation(a, b)


def _python_pow(a, b, reverse: bool):
    """``**`` with CPython's float semantics (libm pow is not always correctly
    rounded while numpy's fast paths are): vectorised where exactness is
    provable, element by element otherwise."""
    if not reverse and not isinstance(b, np.ndarray):
        return py_pow(a, float(b))
    base, exp = (b, a) if reverse else (a, b)
    n = len(a)
    base = np.broadcast_to(base, n).tolist()
    exp = np.broadcast_to(exp, n).tolist()
    out = np.empty(n)
    for i in range(n):
        try:
            v = base[i] ** exp[i]
            out[i] = v if isinstance(v, float) else NAN
        except (ZeroDivisionError, OverflowError):
            out[i] = NAN
    return out


class _TimeOperation(LineActions):
    """Comparison of a datetime line's time of day against a ``datetime.time``."""

    def __init__(self, a, b: _dt.time, operation: Callable, r: bool = False) -> None:
        self._aline, self.b, self.operation, self.r = as_line(a), b, operation, r

    def _value(self, num: float) -> float:
        t = num2date(num).time()
        return float(self.operation(self.b, t) if self.r else self.operation(t, self.b))

    def next(self) -> None:
        self._l0[0] = self._value(self._aline[0])

    def once(self, start: int, end: int) -> None:
        src = self._aline._a
        dst = self._l0._a
        for i in range(start, end):
            v = src[i]
            dst[i] = self._value(v) if v == v else NAN


class LineOwnOperation(LineActions):
    """``<op> a`` (abs, neg, pos) on a line."""

    def __init__(self, a, operation: Callable) -> None:
        self.a, self.operation = a, operation
        self._aline = as_line(a)

    def next(self) -> None:
        self._l0[0] = self.operation(self._aline[0])

    def once(self, start: int, end: int) -> None:
        self._l0._a[start:end] = self.operation(self._aline._a[start:end])


def _objcache():
    """The operation cache of the run being built (Cerebro ``objcache=True``),
    or None."""
    for obj in owner_stack:
        cache = getattr(obj, '_bt_objcache', None)
        if cache is not None:
            return cache
    return None


def _cached(key, build):
    cache = _objcache()
    if cache is None:
        return build()
    try:
        return cache[key]
    except KeyError:
        obj = cache[key] = build()
        return obj


def _binary(a, b, op, r):
    if isinstance(b, _dt.time):
        return _TimeOperation(a, b, operation=op, r=r)
    bkey = id(b) if isinstance(b, LineRoot) else ('value', b)
    return _cached((id(a), bkey, op, r),
                   lambda: LinesOperation(a, b, operation=op, r=r))


def _unary(a, op):
    return _cached((id(a), op), lambda: LineOwnOperation(a, operation=op))


operation_factory.binary = _binary
operation_factory.unary = _unary


class LineDelay(LineActions):
    """``line(-n)``: the value ``n`` bars ago (``n >= 0``)."""

    def __init__(self, a, ago: int) -> None:
        self.a, self.ago = a, ago
        self._aline = as_line(a)
        self.addminperiod(abs(ago) + 1)

    def next(self) -> None:
        self._l0[0] = self._aline[self.ago]

    def once(self, start: int, end: int) -> None:
        ago = self.ago
        self._l0._a[start:end] = self._aline._a[start + ago:end + ago]


class LineForward(LineActions):
    """``line(+n)``: writes the current value ``n`` bars back, so the new
    line looks ``n`` bars into the future."""

    _bt_streams = False         # reads bars ahead of the one it computes

    def __init__(self, a, ago: int) -> None:
        self.a, self.ago = a, ago
        self._aline = as_line(a)
        if ago > self._minperiod:
            self.updateminperiod(ago)

    def next(self) -> None:
        self._l0[-self.ago] = self._aline[0]

    def once(self, start: int, end: int) -> None:
        ago = self.ago
        lo = max(start - ago, 0)
        self._l0._a[lo:end - ago] = self._aline._a[lo + ago:end]


def make_delay(src, ago: int):
    """``src(ago)``: ``src`` delayed ``-ago`` bars (``ago <= 0``) or looking
    ``ago`` bars ahead."""
    if ago > 0:
        return LineForward(src, ago)
    return LineDelay(src, ago)


operation_factory.delay = make_delay


class LineNum(LineActions):
    """A line holding a constant."""

    def __init__(self, num, clock=None) -> None:
        self.num = float(num)

    def _bt_build(self, init, args, kwargs):
        clock = kwargs.pop('clock', None)
        if clock is not None:
            self._forced_clock = clock
        super()._bt_build(init, args, kwargs)

    def next(self) -> None:
        self._l0[0] = self.num

    def once(self, start: int, end: int) -> None:
        self._l0._a[start:end] = self.num

    def preonce(self, start: int, end: int) -> None:
        self._l0._a[start:end] = self.num

    def prenext(self) -> None:
        self._l0[0] = self.num


operation_factory.constant = LineNum


class PseudoArray:
    """Any index returns the wrapped value: lets a constant stand where an
    array is read (legacy helper)."""

    def __init__(self, wrapped) -> None:
        self.wrapped = wrapped

    def __getitem__(self, key):
        return self.wrapped

    def _itself(self) -> 'PseudoArray':
        return self

    array = property(_itself, doc='Itself: indexing it gives the wrapped value.')

