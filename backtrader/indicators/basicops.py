"""Basic window operations: the building blocks of most indicators.

``PeriodN`` adds a lookback of ``period`` bars to the minimum period;
``OperationN`` applies ``func`` to the window of the last ``period`` values of
the input's line 0 (oldest first). The concrete operations (``Highest``,
``SumN``, ``Average``...) compute the whole series with numpy in runonce mode
and give the same floats as their bar-by-bar ``next``.
"""
from __future__ import annotations

import functools
import math
from typing import Any, Callable, Optional

import numpy as np

from ..core.errors import NotInWindowError, ParameterError
from ..lines.series import as_line
from .base import Indicator
from ..lines.kernels import (window_fsum_inf, exp_smooth, window_dot_fsum, rolling_pymax,
                     rolling_pymin, window_argext, seeded_cumsum, dynamic_smooth,
                     windows_over)

__all__ = ['PeriodN', 'OperationN', 'BaseApplyN', 'ApplyN', 'Highest', 'MaxN', 'Lowest',
           'MinN', 'ReduceN', 'SumN', 'AnyN', 'AllN', 'FindFirstIndex',
           'FindFirstIndexHighest', 'FindFirstIndexLowest', 'FindLastIndex',
           'FindLastIndexHighest', 'FindLastIndexLowest', 'Accum', 'CumSum', 'CumulativeSum',
           'Average', 'ArithmeticMean', 'Mean', 'ExponentialSmoothing', 'ExpSmoothing',
           'ExponentialSmoothingDynamic', 'ExpSmoothingDynamic', 'WeightedAverage',
           'AverageWeighted']


class PeriodN(Indicator):
    """Base of indicators looking back ``period`` bars (adds it to the
    minimum period)."""

    params = (('period', 1),)

    def __init__(self) -> None:
        super().__init__()
        self.addminperiod(self.p.period)


class OperationN(PeriodN):
    """``func(window)`` of the last ``period`` values of the input (oldest
    first); subclasses set ``func``. The window is a read-only numpy array."""

    func: Optional[Callable] = None

    def __init__(self) -> None:
        super().__init__()
        self._src = as_line(self.data)

    def next(self) -> None:
        self._l0[0] = self.func(self._src.view(size=self.p.period))

    def once(self, start: int, end: int) -> None:
        # generic path: one call per bar (the function is arbitrary Python)
        src = self._src.storage()
        dst = self._l0.storage()
        p = self.p.period
        func = self.func
        for i in range(start, end):
            dst[i] = func(src[i - p + 1:i + 1])


class BaseApplyN(OperationN):
    """``OperationN`` whose function is the ``func`` parameter."""

    params = (('func', None),)

    def __init__(self) -> None:
        self.func = self.p.func
        super().__init__()


class ApplyN(BaseApplyN):
    """``func(window)`` with ``func`` given as parameter."""

    lines = ('apply',)
    plotlines = dict(apply=dict())


class Highest(OperationN):
    """Highest value of the last ``period`` bars."""

    alias = ('MaxN',)
    lines = ('highest',)
    plotlines = dict(highest=dict())
    func = max

    def next(self) -> None:
        self._l0[0] = max(self._src.window(self.p.period))

    def once(self, start: int, end: int) -> None:
        src, dst = self._src.storage(), self._l0.storage()
        dst[start:end] = windows_over(rolling_pymax, src, start, end, self.p.period)


class Lowest(OperationN):
    """Lowest value of the last ``period`` bars."""

    alias = ('MinN',)
    lines = ('lowest',)
    plotlines = dict(lowest=dict())
    func = min

    def next(self) -> None:
        self._l0[0] = min(self._src.window(self.p.period))

    def once(self, start: int, end: int) -> None:
        src, dst = self._src.storage(), self._l0.storage()
        dst[start:end] = windows_over(rolling_pymin, src, start, end, self.p.period)


class ReduceN(OperationN):
    """``functools.reduce(function, window[, initializer])``; ``function`` is
    the first positional argument after the datas."""

    lines = ('reduced',)
    plotlines = dict(reduced=dict())

    def __init__(self, function: Callable, **kwargs: Any) -> None:
        unknown = [k for k in kwargs if k != 'initializer']
        if unknown:
            raise ParameterError('ReduceN: unknown parameter(s) %s; valid parameters are: '
                                 'period, initializer' % ', '.join(map(repr, unknown)))
        if not callable(function):
            raise ParameterError('ReduceN: the first argument after the datas must be the '
                                 'reducing function, got %r' % (function,))
        if 'initializer' in kwargs:
            self.func = functools.partial(_reduce_init, function, kwargs['initializer'])
        else:
            self.func = functools.partial(functools.reduce, function)
        super().__init__()


def _reduce_init(function, initializer, window):
    return functools.reduce(function, window, initializer)


class SumN(OperationN):
    """Exact sum (``math.fsum``) of the last ``period`` values."""

    lines = ('sumn',)
    plotlines = dict(sumn=dict())
    func = math.fsum

    def next(self) -> None:
        self._l0[0] = math.fsum(self._src.window(self.p.period))

    def once(self, start: int, end: int) -> None:
        src, dst = self._src.storage(), self._l0.storage()
        dst[start:end] = windows_over(window_fsum_inf, src, start, end, self.p.period)


class AnyN(OperationN):
    """1.0 if any of the last ``period`` values is true (non zero)."""

    lines = ('anyn',)
    plotlines = dict(anyn=dict())
    func = any

    def next(self) -> None:
        self._l0[0] = any(self._src.window(self.p.period))

    def once(self, start: int, end: int) -> None:
        truth = _window_truth(self._src.storage(), start, end, self.p.period, True)
        self._l0.storage()[start:end] = truth


class AllN(OperationN):
    """1.0 if all of the last ``period`` values are true (non zero)."""

    lines = ('alln',)
    plotlines = dict(alln=dict())
    func = all

    def next(self) -> None:
        self._l0[0] = all(self._src.window(self.p.period))

    def once(self, start: int, end: int) -> None:
        truth = _window_truth(self._src.storage(), start, end, self.p.period, False)
        self._l0.storage()[start:end] = truth


def _window_truth(src: np.ndarray, start: int, end: int, period: int, anyof: bool) -> np.ndarray:
    from numpy.lib.stride_tricks import sliding_window_view
    lo = start - period + 1
    if end <= start:
        return np.empty(0)
    truth = src[lo:end] != 0          # NaN is true, like Python's bool(nan)
    win = sliding_window_view(truth, period)
    res = win.any(axis=1) if anyof else win.all(axis=1)
    return res.astype(float)


def _not_in_window(ind, value) -> NotInWindowError:
    # (FindFirstIndex/FindLastIndex: the window's function picked a value the
    # window does not hold, a NaN)
    return NotInWindowError('%s: %r not found in the window' % (type(ind).__name__, value))


class FindFirstIndex(OperationN):
    """Bars-ago distance (0 = current bar) of the most recent value equal to
    ``_evalfunc(window)``."""

    lines = ('index',)
    plotlines = dict(index=dict())
    params = (('_evalfunc', None),)

    def func(self, window) -> int:
        """Bars ago of the most recent value of ``window`` equal to ``_evalfunc(window)``."""
        m = self.p._evalfunc(window)
        n = len(window)
        for i in range(n - 1, -1, -1):
            if window[i] == m:
                return n - 1 - i
        raise _not_in_window(self, m)

    _recent = True

    def once(self, start: int, end: int) -> None:
        evalfunc = self.p._evalfunc
        src = self._src.storage()
        p = self.p.period
        if evalfunc in (max, min) and end > start and \
                not np.isnan(src[start - p + 1:end]).any():
            res = window_argext(src[start - p + 1:end], p, evalfunc is max, self._recent)
            self._l0.storage()[start:end] = res[p - 1:]
        else:
            OperationN.once(self, start, end)


class FindFirstIndexHighest(FindFirstIndex):
    """Bars ago of the most recent highest value of the window."""

    params = (('_evalfunc', max),)


class FindFirstIndexLowest(FindFirstIndex):
    """Bars ago of the most recent lowest value of the window."""

    params = (('_evalfunc', min),)


class FindLastIndex(OperationN):
    """Bars-ago distance of the oldest value equal to ``_evalfunc(window)``."""

    lines = ('index',)
    plotlines = dict(index=dict())
    params = (('_evalfunc', None),)

    _recent = False
    once = FindFirstIndex.once

    def func(self, window) -> int:
        """Bars ago of the oldest value of ``window`` equal to ``_evalfunc(window)``."""
        m = self.p._evalfunc(window)
        n = len(window)
        for i in range(n):
            if window[i] == m:
                return n - 1 - i
        raise _not_in_window(self, m)


class FindLastIndexHighest(FindLastIndex):
    """Bars ago of the oldest highest value of the window."""

    params = (('_evalfunc', max),)


class FindLastIndexLowest(FindLastIndex):
    """Bars ago of the oldest lowest value of the window."""

    params = (('_evalfunc', min),)


class Accum(Indicator):
    """Cumulative sum of the input: first value ``seed + x``, then
    ``previous + x``."""

    alias = ('CumSum', 'CumulativeSum')
    lines = ('accum',)
    plotlines = dict(accum=dict())
    params = (('seed', 0.0),)
    _bt_drops_kwargs = True     # as upstream's (no __init__ of its own there)

    def __init__(self) -> None:
        super().__init__()
        self._src = as_line(self.data)

    def nextstart(self) -> None:
        self._l0[0] = self.p.seed + self._src[0]

    def next(self) -> None:
        l0 = self._l0
        l0[0] = l0[-1] + self._src[0]

    def oncestart(self, start: int, end: int) -> None:
        self._l0.storage()[start] = self.p.seed + self._src.storage()[start]

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        dst = self._l0.storage()
        dst[start:end] = seeded_cumsum(self._src.storage()[start:end], dst[start - 1])


class Average(PeriodN):
    """Arithmetic mean of the last ``period`` values (``fsum / period``)."""

    alias = ('ArithmeticMean', 'Mean')
    lines = ('av',)
    plotlines = dict(av=dict())

    def __init__(self) -> None:
        super().__init__()
        self._src = as_line(self.data)

    def next(self) -> None:
        p = self.p.period
        self._l0[0] = math.fsum(self._src.window(p)) / p

    def once(self, start: int, end: int) -> None:
        p = self.p.period
        src, dst = self._src.storage(), self._l0.storage()
        dst[start:end] = windows_over(window_fsum_inf, src, start, end, p) / p


class SeededSmoothing:
    """Methods shared by the seeded exponential smoothings (EMA, SMMA,
    ExponentialSmoothing): ``y = y[-1] * alpha1 + x * alpha`` after a seed
    equal to the simple average of the first ``period`` values.

    Not a base class (upstream's MROs hold no mixin): hosts copy the methods,
    set ``alpha``/``alpha1``/``_src`` and add ``period`` to their minimum
    period.
    """

    def nextstart(self) -> None:
        p = self.p.period
        self._l0[0] = math.fsum(self._src.window(p)) / p

    def next(self) -> None:
        l0 = self._l0
        l0[0] = l0[-1] * self.alpha1 + self._src[0] * self.alpha

    def oncestart(self, start: int, end: int) -> None:
        p = self.p.period
        src = self._src.storage()
        self._l0.storage()[start] = math.fsum(src[start - p + 1:start + 1].tolist()) / p

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        dst = self._l0.storage()
        dst[start:end] = exp_smooth(self._src.storage()[:end], start, dst[start - 1],
                                    self.alpha, self.alpha1)


class ExponentialSmoothing(Average):
    """Exponential smoothing with factor ``alpha`` (``2 / (1 + period)`` when
    None), seeded with the average of the first ``period`` values."""

    alias = ('ExpSmoothing',)
    params = (('alpha', None),)

    nextstart = SeededSmoothing.nextstart
    next = SeededSmoothing.next
    oncestart = SeededSmoothing.oncestart
    once = SeededSmoothing.once

    def __init__(self) -> None:
        super().__init__()
        alpha = self.p.alpha
        self.alpha = 2.0 / (1.0 + self.p.period) if alpha is None else alpha
        self.alpha1 = 1.0 - self.alpha


class ExponentialSmoothingDynamic(ExponentialSmoothing):
    """Exponential smoothing whose ``alpha`` is a line (a new factor each
    bar). The first value waits for ``alpha`` to be available."""

    alias = ('ExpSmoothingDynamic',)

    def __init__(self) -> None:
        super().__init__()
        alpha = self.p.alpha
        if alpha is None or isinstance(alpha, (int, float)):
            # a constant factor: plain exponential smoothing
            self._alpha_line = None
            return
        self._alpha_line = as_line(alpha)
        extra = max(0, self._alpha_line._minperiod - self.p.period)
        self.incminperiod(extra)

    def next(self) -> None:
        al = self._alpha_line
        if al is None:
            return super().next()
        a = al[0]
        l0 = self._l0
        l0[0] = l0[-1] * (1.0 - a) + self._src[0] * a

    def once(self, start: int, end: int) -> None:
        al = self._alpha_line
        if al is None:
            return super().once(start, end)
        if end <= start:
            return
        dst = self._l0.storage()
        alpha = al.storage()[start:end]
        dst[start:end] = dynamic_smooth(self._src.storage()[start:end], alpha, 1.0 - alpha,
                                        dst[start - 1])


class WeightedAverage(PeriodN):
    """``coef * fsum(weights[i] * window[i])`` (weights aligned oldest to
    newest)."""

    alias = ('AverageWeighted',)
    lines = ('av',)
    plotlines = dict(av=dict())
    params = (('coef', 1.0), ('weights', ()),)

    def __init__(self) -> None:
        super().__init__()
        self._src = as_line(self.data)

    def next(self) -> None:
        window = self._src.window(self.p.period)
        self._l0[0] = self.p.coef * math.fsum(map(_mul, window, self.p.weights))

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        p = self.p.period
        weights = list(self.p.weights)[:p]
        q = len(weights)
        seg = self._src.storage()[start - p + 1:end]
        if q == 0:
            sums = np.zeros(end - start)
        else:
            # fewer weights than bars (zip semantics): only the oldest q
            # values of each window are weighted
            dots = window_dot_fsum(seg[:len(seg) - (p - q)], weights)
            sums = dots[q - 1:q - 1 + end - start]
        self._l0.storage()[start:end] = self.p.coef * sums


def _mul(a, b):
    return a * b
