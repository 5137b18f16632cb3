"""Where the broker touches line storage: the current bar of a data, past
closes for the deferred valuation, and the observer lines it writes into.

Every read or write of line storage made by the broker package is here and
nowhere else, through the supported lines API (``current_value``,
``storage()``, ``scalars()``, ``clock``, ``reserve()``: docs/lines-api.md).
Callers on per-bar or per-order paths pay one call.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from ..lines.buffer import current_value

__all__ = ['current', 'prices', 'now', 'open_now', 'stamp', 'market_bar', 'bar_index',
           'window', 'take', 'next_slot', 'slots', 'write_pair', 'write_many']


# -- datas: the current bar ----------------------------------------------------------------
#: ``line[0]`` of a data's line, read straight from its storage
current = current_value


def prices(data: Any) -> tuple:
    """(open, high, low, close) of ``data``'s current bar; while replaying,
    the values of the tick being delivered."""
    lines = data.lines
    return (data.tick_open or current_value(lines.open),
            data.tick_high or current_value(lines.high),
            data.tick_low or current_value(lines.low),
            data.tick_close or current_value(lines.close))


def now(data: Any) -> float:
    """Date number of ``data``'s current bar."""
    return current_value(data.lines.datetime)


def open_now(data: Any) -> float:
    """Open of ``data``'s current bar (while replaying: of the tick)."""
    return data.tick_open or current_value(data.lines.open)


def stamp(data: Any) -> tuple:
    """(date number, timezone) of ``data``'s current bar, as a Position
    records the time of an update."""
    dtline = data.lines.datetime
    return current_value(dtline), dtline._tz


def market_bar(data: Any) -> tuple:
    """(date number, timezone, open) of ``data``'s current bar: what a
    Market order's fill reads (``now``, ``stamp``, ``open_now`` in one call)."""
    dtline = data.lines.datetime
    return (current_value(dtline), dtline._tz,
            data.tick_open or current_value(data.lines.open))


def bar_index(line: Any) -> int:
    """Storage position of ``line``'s current bar (which bar it shows)."""
    return line.clock.idx


# -- datas: past bars (deferred valuation) ---------------------------------------------------
def window(line: Any, start: int, count: int) -> list:
    """The values at storage positions ``start`` .. ``start + count - 1``, as
    Python floats."""
    return line.storage()[start:start + count].tolist()


def take(line: Any, indexes: np.ndarray) -> np.ndarray:
    """The values at the storage ``indexes`` (an int array)."""
    return line.storage()[indexes]


# -- observer lines the broker fills (value sinks) -----------------------------------------
def next_slot(line: Any) -> int:
    """The slot ``line``'s clock moves to next (where a broker cycle's
    figures go, the observer running after the broker)."""
    return line.clock.idx + 1


def slots(line: Any, size: int) -> tuple:
    """(clock, scalars) of ``line`` for writes by position, the storage grown
    to ``size`` positions first; valid while ``clock.capacity`` stays."""
    clock = line.clock
    if size > clock.capacity:
        line.reserve(size)
    return clock, line.scalars()


def write_pair(line0: Any, line1: Any, slot: Optional[int], value0: float,
               value1: float) -> None:
    """Store ``value0`` in ``line0`` and ``value1`` in ``line1`` (two lines of
    one clock) at ``slot`` (None: ``next_slot``), growing the storage if
    needed."""
    clock = line0.clock
    if slot is None:
        slot = clock.idx + 1
    if slot >= clock.capacity:
        line0.reserve(slot + 1)
    line0.scalars()[slot] = value0
    line1.scalars()[slot] = value1


def write_many(line: Any, first: int, values: np.ndarray) -> None:
    """Store ``values`` at the slots from ``first`` on, growing the storage
    if needed."""
    end = first + len(values)
    if end > line.clock.capacity:
        line.reserve(end)
    line.storage()[first:end] = values
