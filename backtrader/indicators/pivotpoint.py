"""Pivot points (classic, Fibonacci, Demark) of the previous period's bar.

Meant for a data of a larger timeframe than the one traded (e.g. monthly
pivots over daily bars). With ``_autoplot`` the indicator is plotted on the
underlying data through a coupler instead of on its own data.
"""
from __future__ import annotations

from ..core.context import owner_stack
from ..lines.logic import CmpEx
from .base import Indicator

__all__ = ['PivotPoint', 'FibonacciPivotPoint', 'DemarkPivotPoint']


def _pivot_level(ind):
    """The pivot line expression of ``ind`` (params ``open``/``close``)."""
    d = ind.data
    if ind.params.close:
        return (d.high + d.low + 2.0 * d.close) / 4.0
    if ind.params.open:
        return (d.high + d.low + d.close + d.open) / 4.0
    return (d.high + d.low + d.close) / 3.0


def _prepare(ind) -> None:
    # the pivot line is called ``p``: as upstream, ``self.p`` stays the
    # parameters (the line is ``self.lines.p``)
    ind.p = ind.params


def _autoplot(ind) -> None:
    """With ``_autoplot``: hide the indicator and plot its levels over the
    base data through a coupler owned by the object the pivot is built in
    (usually the strategy)."""
    if not ind.params._autoplot:
        return
    ind.plotinfo.plot = False
    owner_stack.pop()
    try:
        ind()
    finally:
        owner_stack.append(ind)


_PLOTINFO = dict(subplot=False)


class PivotPoint(Indicator):
    """``p = (h + l + c) / 3`` (``close``: ``(h + l + 2c) / 4``, else ``open``:
    ``(h + l + c + o) / 4``); ``s1 = 2p - h``, ``r1 = 2p - l``,
    ``s2 = p - (h - l)``, ``r2 = p + (h - l)``."""

    lines = ('p', 's1', 's2', 'r1', 'r2',)
    plotinfo = _PLOTINFO
    params = (('open', False), ('close', False), ('_autoplot', True),)

    def __init__(self) -> None:
        _prepare(self)
        d = self.data
        pivot = _pivot_level(self)
        spread = d.high - d.low
        self.lines.p = pivot
        self.lines.s1 = 2.0 * pivot - d.high
        self.lines.r1 = 2.0 * pivot - d.low
        self.lines.s2 = pivot - spread
        self.lines.r2 = pivot + spread
        super().__init__()
        _autoplot(self)


class FibonacciPivotPoint(Indicator):
    """``p`` as PivotPoint; ``s_i = p - level_i * (h - l)``,
    ``r_i = p + level_i * (h - l)``."""

    lines = ('p', 's1', 's2', 's3', 'r1', 'r2', 'r3',)
    plotinfo = _PLOTINFO
    params = (('open', False), ('close', False), ('_autoplot', True),
              ('level1', 0.382), ('level2', 0.618), ('level3', 1.0),)

    def __init__(self) -> None:
        _prepare(self)
        d = self.data
        pivot = _pivot_level(self)
        spread = d.high - d.low
        self.lines.p = pivot
        levels = (self.p.level1, self.p.level2, self.p.level3)
        for i, level in enumerate(levels, start=1):
            setattr(self.lines, 's%d' % i, pivot - level * spread)
        for i, level in enumerate(levels, start=1):
            setattr(self.lines, 'r%d' % i, pivot + level * spread)
        super().__init__()
        _autoplot(self)


class DemarkPivotPoint(Indicator):
    """``x = h + 2l + c`` when close < open, ``h + l + 2c`` when close > open
    and ``2h + l + c`` when they are equal (upstream's choice, observed on its
    outputs); ``p = x / 4``, ``s1 = x / 2 - h``, ``r1 = x / 2 - l``.

    Uses ``CmpEx``: like upstream, ``x`` is only right in runonce mode; in
    next mode ``x`` is ``cmp(close, open)``.
    """

    _bt_next_differs = True
    lines = ('p', 's1', 'r1',)
    plotinfo = _PLOTINFO
    params = (('open', False), ('close', False), ('_autoplot', True),
              ('level1', 0.382), ('level2', 0.618), ('level3', 1.0),)

    def __init__(self) -> None:
        _prepare(self)
        d = self.data
        below = d.high + 2.0 * d.low + d.close
        equal = 2.0 * d.high + d.low + d.close
        above = d.high + d.low + 2.0 * d.close
        x = CmpEx(d.close, d.open, below, equal, above)
        self.lines.p = x / 4.0
        half = x / 2.0
        self.lines.s1 = half - d.high
        self.lines.r1 = half - d.low
        super().__init__()
        _autoplot(self)
