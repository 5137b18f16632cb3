"""Where the broker touches line storage: the current bar of a data, past
closes for the deferred valuation, and the observer lines it writes into.

Every read or write of a line's storage (``_mv``, ``_a``, ``_c``) made by the
broker package is here and nowhere else, so a change of the line storage (or
a move to the lines' supported API) is a change of this file alone. Each
function is one storage access: callers on per-bar paths pay one call.
"""
from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ['current', 'prices', 'now', 'stamp', 'bar_index', 'window', 'take',
           'next_slot', 'write', 'write_many']


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
    return (data.tick_open or current(data.open), data.tick_high or current(data.high),
            data.tick_low or current(data.low), data.tick_close or current(data.close))


def now(data: Any) -> float:
    """Date number of ``data``'s current bar."""
    return current(data.datetime)


def stamp(data: Any) -> tuple:
    """(date number, timezone) of ``data``'s current bar, as a Position
    records the time of an update."""
    dtline = data.lines.datetime
    return current(dtline), dtline._tz


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


def write(line: Any, slot: int, value: float) -> None:
    """Store ``value`` at ``slot``, growing the storage if needed."""
    mv = line._mv
    if slot >= len(mv):
        line._c._ensure(slot + 1)
        mv = line._mv
    mv[slot] = value


def write_many(line: Any, slots: np.ndarray, values: np.ndarray) -> None:
    """Store ``values`` at the ascending ``slots``, growing the storage if
    needed."""
    end = int(slots[-1]) + 1
    if end > len(line._mv):
        line._c._ensure(end)
    line._a[slots] = values
