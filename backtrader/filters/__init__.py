"""Data filters (``bt.filters``), applied with ``data.addfilter(cls, **kwargs)``.

``Filter`` (next-style base) and ``SimpleFilterWrapper`` are provided; the
ready-made filters are not available in this version (placeholders, see
``backtrader.unavailable``).

Layer: components. May import: core, utils, lines, model, and feeds (filters
edit data feeds).
"""
from ..flt import Filter
from ..feeds.dataseries import SimpleFilterWrapper
from . import bsplitter, calendardays, datafiller, datafilter, daysteps, heikinashi, renko, session
from .session import SessionFilter, SessionFilterSimple, SessionFiller
from .calendardays import CalendarDays
from .datafiller import DataFiller
from .datafilter import DataFilter
from .daysteps import BarReplayer_Open, DayStepsFilter
from .bsplitter import DaySplitter_Close
from .heikinashi import HeikinAshi
from .renko import Renko
# upstream's names, for legacy code building classes with them
from ..core.legacymeta import with_metaclass
