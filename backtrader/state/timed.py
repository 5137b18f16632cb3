"""``TimedSeries``: the values a timed state variable took, by time.

Points are kept sorted by their time (datetimes, dates or numbers: any
mutually ordered keys). Setting a point at a time already present replaces
its value; ``asof(t)`` is the value of the last point at or before ``t``.
Appending after the last time is the common case and what incremental
stores write as new rows; anything else (a point inserted earlier, a value
replaced, the series cleared) bumps ``generation`` so that they rewrite it.
"""
from __future__ import annotations

import bisect
from typing import Any, Iterator, Optional

from ..core.errors import StateValueError

__all__ = ['TimedSeries']

_MISSING = object()


class TimedSeries:
    """Sorted (time, value) points of one timed state variable."""

    __slots__ = ('times', 'values', 'generation')

    def __init__(self, points=()) -> None:
        self.times: list = []
        self.values: list = []
        self.generation = 0             # bumped by every change other than an append
        for when, value in points:
            self.set(when, value)

    def __len__(self) -> int:
        return len(self.times)

    def __iter__(self) -> Iterator[tuple]:
        return zip(self.times, self.values)

    def __eq__(self, other) -> bool:
        return isinstance(other, TimedSeries) and self.times == other.times and \
            self.values == other.values

    def __repr__(self) -> str:
        return 'TimedSeries(%r)' % (list(self),)

    def set(self, when, value) -> None:
        """The value at time ``when`` (replacing the one set for that time)."""
        times = self.times
        if not times or _after(when, times[-1]):
            times.append(when)
            self.values.append(value)
            return
        i = _bisect_left(times, when)
        if i < len(times) and times[i] == when:
            self.values[i] = value
        else:
            times.insert(i, when)
            self.values.insert(i, value)
        self.generation += 1

    def asof(self, when=None, default: Any = _MISSING) -> Any:
        """The value of the last point at or before ``when`` (the last point
        when ``when`` is None); ``default`` (or KeyError) before the first."""
        if when is None:
            if self.times:
                return self.values[-1]
        else:
            i = _bisect_right(self.times, when)
            if i:
                return self.values[i - 1]
        if default is _MISSING:
            raise KeyError(when)
        return default

    def last_time(self) -> Optional[Any]:
        """Time of the last point (None when empty)."""
        return self.times[-1] if self.times else None

    def clear(self) -> None:
        """Remove every point."""
        self.times = []
        self.values = []
        self.generation += 1

    def copy(self, copier=None) -> 'TimedSeries':
        """A copy (values passed through ``copier`` when given)."""
        out = TimedSeries()
        out.times = list(self.times)
        out.values = [copier(v) for v in self.values] if copier else list(self.values)
        return out


def _after(when, last) -> bool:
    try:
        return when > last
    except TypeError:
        raise StateValueError('time %r cannot be ordered with the times already set (%r): '
                              'use one kind of time per timed variable' % (when, last)) from None


def _bisect_left(times, when) -> int:
    try:
        return bisect.bisect_left(times, when)
    except TypeError:
        raise StateValueError('time %r cannot be ordered with the times already set' % (when,)
                              ) from None


def _bisect_right(times, when) -> int:
    try:
        return bisect.bisect_right(times, when)
    except TypeError:
        raise StateValueError('time %r cannot be ordered with the times of this variable'
                              % (when,)) from None
