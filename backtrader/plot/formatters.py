"""Tick formatters of the matplotlib charts: datetimes of bar numbers on the
x axis, volumes in K/M/G on a volume axis."""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import Formatter

from ..utils.dateintern import num2date_array

from .locator import AutoDateFormatter, AutoDateLocator

__all__ = ['MyDateFormatter', 'MyVolFormatter', 'getlocator']


class MyDateFormatter(AutoDateFormatter):
    """The datetime of bar number x, written with ``fmt``."""

    def __init__(self, dates, fmt: str = '%Y-%m-%d') -> None:
        super().__init__(dates, fmt)


class MyVolFormatter(Formatter):
    """Volumes with a K/M/G suffix, scaled to the largest volume ``volmax``."""

    Suffixes = ['', 'K', 'M', 'G', 'T', 'P']

    def __init__(self, volmax: float) -> None:
        self.volmax = volmax
        magnitude = 0
        while volmax >= 1000.0 and magnitude < len(self.Suffixes) - 1:
            volmax /= 1000.0
            magnitude += 1
        self.divisor = 1000.0 ** magnitude
        self.suffix = self.Suffixes[magnitude]

    def __call__(self, y, pos=0) -> str:
        if y > self.volmax * 1.20:
            return ''
        return '%s%s' % (('%.1f' % (y / self.divisor)).rstrip('0').rstrip('.'), self.suffix)


def getlocator(xdates, numticks: int = 5, tz=None):
    """(locator, formatter) for an x axis of bar numbers whose bars have these
    datetimes (``datetime64`` values, or date numbers read in ``tz``)."""
    dates = np.asarray(xdates)
    if dates.dtype.kind == 'f':
        dates = num2date_array(dates, tz)
    return AutoDateLocator(dates, maxticks=numticks), MyDateFormatter(dates,
                                                                      '%Y-%m-%d %H:%M')
