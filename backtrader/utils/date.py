"""Compat module at upstream's path ``backtrader.utils.date``: the date-number
and time-zone helpers of ``dateintern`` (re-exports only)."""
from .dateintern import (TIME_MAX, TIME_MIN, UTC, Localizer, TZLocal, date2num, num2date,
                         num2dt, num2time, time2num, tzparse)

__all__ = ('num2date', 'num2dt', 'date2num', 'time2num', 'num2time', 'UTC', 'TZLocal',
           'Localizer', 'tzparse', 'TIME_MAX', 'TIME_MIN')
