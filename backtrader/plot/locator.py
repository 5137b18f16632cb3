"""Ticks of a bar-numbered x axis placed where a calendar period starts.

Charts put bars at consecutive integers (no gaps for nights and weekends), so
matplotlib's date locators cannot be used directly: ``AutoDateLocator`` here
looks at the datetimes of the visible bars and puts a tick on the first bar of
each year, quarter, month, week, day, hour ... choosing the coarsest period
that gives enough ticks.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.ticker import Formatter, Locator

__all__ = ['AutoDateLocator', 'AutoDateFormatter', 'period_starts']

# (numpy unit, bins of that unit per period), coarse to fine
_PERIODS = (('Y', 10), ('Y', 5), ('Y', 1), ('M', 6), ('M', 3), ('M', 1), ('W', 1), ('D', 1),
            ('h', 6), ('h', 1), ('m', 15), ('m', 5), ('m', 1), ('s', 1))


def period_starts(dates: np.ndarray, minticks: int = 4, maxticks: int = 9) -> np.ndarray:
    """Indices into ``dates`` (datetime64, increasing) of the bars starting a
    calendar period, for the coarsest period giving at least ``minticks``
    of them (thinned to at most ``maxticks``)."""
    n = len(dates)
    if n == 0:
        return np.array([], dtype=int)
    best = None
    for unit, step in _PERIODS:
        keys = dates.astype('datetime64[%s]' % unit).astype(np.int64) // step
        starts = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        if len(starts) >= minticks:
            best = starts
            break
        best = starts if best is None or len(starts) > len(best) else best
    if best is None or not len(best):
        return np.linspace(0, n - 1, min(n, maxticks)).astype(int)
    if len(best) > maxticks:
        stride = int(math.ceil(len(best) / maxticks))
        best = best[::stride]
    return best


class AutoDateLocator(Locator):
    """Tick locator for an axis whose x values are bar numbers 0..n-1 with
    the given datetimes."""

    def __init__(self, dates, minticks: int = 4, maxticks: int = 9) -> None:
        self.dates = np.asarray(dates, dtype='datetime64[us]')
        self.minticks, self.maxticks = minticks, maxticks

    def __call__(self):
        vmin, vmax = self.axis.get_view_interval()
        return self.tick_values(vmin, vmax)

    def tick_values(self, vmin, vmax) -> list:
        n = len(self.dates)
        lo = max(int(math.ceil(min(vmin, vmax))), 0)
        hi = min(int(math.floor(max(vmin, vmax))), n - 1)
        if hi < lo:
            return []
        idx = period_starts(self.dates[lo:hi + 1], self.minticks, self.maxticks)
        return list(idx + lo)


class AutoDateFormatter(Formatter):
    """Tick formatter writing the datetime of bar number x with ``fmt``."""

    def __init__(self, dates, fmt: str = '%Y-%m-%d %H:%M') -> None:
        self.dates = np.asarray(dates, dtype='datetime64[us]')
        self.fmt = fmt

    def __call__(self, x, pos=0) -> str:
        i = int(round(x))
        if i < 0 or i >= len(self.dates):
            return ''
        return self.dates[i].astype(object).strftime(self.fmt)
