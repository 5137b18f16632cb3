"""Utilities: date numbers, time zones and self-extending dictionaries (``bt.utils``).

Layer: utils. May import: core.
"""
from collections import OrderedDict, defaultdict

from . import autodict, date, dateintern, ordereddefaultdict, py3
from .autodict import (AutoDict, AutoDictList, AutoOrderedDict, DotDict,
                       OrderedDefaultdict, Tree, py3lvalues)
from .dateintern import (TIME_MAX, TIME_MIN, UTC, Localizer, TZLocal, date2num,
                         date2num_array, num2date, num2dt, num2time, time2num,
                         tzparse)
from .py3 import iteritems

__all__ = [
    'num2date', 'date2num', 'num2dt', 'num2time', 'time2num', 'date2num_array',
    'UTC', 'TZLocal', 'Localizer', 'tzparse', 'TIME_MAX', 'TIME_MIN',
    'AutoDict', 'AutoOrderedDict', 'AutoDictList', 'DotDict',
    'OrderedDefaultdict', 'Tree', 'py3lvalues',
]
