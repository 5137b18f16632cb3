"""Where the broker touches line storage: the current bar of a data, past
closes for the deferred valuation, and the observer lines it writes into.

Every read or write of a line's storage (``_mv``, ``_a``, ``_c``) made by the
broker package is here and nowhere else, so a change of the line storage (or
a move to the lines' supported API) is a change of this file alone. Each
function reads or writes straight from the storage: callers on per-bar or
per-order paths pay one call.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

__all__ = ['current', 'prices', 'now', 'open_now', 'stamp', 'bar_index', 'window', 'take',
           'next_slot', 'write_pair', 'write_many']


# -- datas: the current bar ----------------------------------------------------------------
def current(line: Any) -> float:
    """``line[0]``, read straight from the storage of a data's line."""
    try:
        return line._mv[line._c.idx]
    except AttributeError:              # not a stored line: its own indexing
        return line[0]


def prices(data: Any) -> tuple:
    """(open, high, low, close) of ``data``'s current bar; while replaying,
    the values of the tick being delivered."""
    lines = data.lines
    try:
        o, h, lo, c = lines.open, lines.high, lines.low, lines.close
        return (data.tick_open or o._mv[o._c.idx], data.tick_high or h._mv[h._c.idx],
                data.tick_low or lo._mv[lo._c.idx], data.tick_close or c._mv[c._c.idx])
    except AttributeError:              # not stored lines: their own indexing
        return (data.tick_open or data.open[0], data.tick_high or data.high[0],
                data.tick_low or data.low[0], data.tick_close or data.close[0])


def now(data: Any) -> float:
    """Date number of ``data``'s current bar."""
    dtline = data.lines.datetime
    return dtline._mv[dtline._c.idx]


def open_now(data: Any) -> float:
    """Open of ``data``'s current bar (while replaying: of the tick)."""
    line = data.lines.open
    return data.tick_open or line._mv[line._c.idx]


def stamp(data: Any) -> tuple:
    """(date number, timezone) of ``data``'s current bar, as a Position
    records the time of an update."""
    dtline = data.lines.datetime
    return dtline._mv[dtline._c.idx], dtline._tz


def bar_index(line: Any) -> int:
    """Storage index of ``line``'s current bar (which bar it shows)."""
    return line._c.idx


# -- datas: past bars (deferred valuation) ---------------------------------------------------
def window(line: Any, start: int, count: int) -> list:
    """The values at storage indexes ``start`` .. ``start + count - 1``, as
    Python floats."""
    return line._a[start:start + count].tolist()


def take(line: Any, indexes: np.ndarray) -> np.ndarray:
    """The values at the storage ``indexes`` (an int array)."""
    return line._a[indexes]


# -- observer lines the broker fills (value sinks) -----------------------------------------
def next_slot(line: Any) -> int:
    """The slot ``line``'s clock moves to next (where a broker cycle's
    figures go, the observer running after the broker)."""
    return line._c.idx + 1


def write_pair(line0: Any, line1: Any, slot: Optional[int], value0: float,
               value1: float) -> None:
    """Store ``value0`` in ``line0`` and ``value1`` in ``line1`` (two lines of
    one clock) at ``slot`` (None: ``next_slot``), growing the storage if
    needed."""
    if slot is None:
        slot = line0._c.idx + 1
    if slot >= len(line0._mv):
        line0._c._ensure(slot + 1)
    line0._mv[slot] = value0
    line1._mv[slot] = value1


def write_many(line: Any, slots: np.ndarray, values: np.ndarray) -> None:
    """Store ``values`` at the ascending ``slots``, growing the storage if
    needed."""
    end = int(slots[-1]) + 1
    if end > len(line._mv):
        line._c._ensure(end)
    line._a[slots] = values
