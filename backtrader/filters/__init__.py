"""Data filters (``bt.filters``), applied with ``data.addfilter(cls, **kwargs)``
(or ``filters=[...]`` on a feed); ``DataFilter``/``DataFiller`` are feeds
wrapping another data.

The filter protocol: ``F(data, **params)`` is built once; ``F(data)`` is
called with every bar the data loads (at ``[0]``) and returns True when it
removed the bar; ``last(data)`` (optional) flushes at the end of the data and
returns True when it delivered something; ``check(data, _forcedata=None)``
(optional) is called when the data had no bar in an engine cycle. Bars a
filter pushes with ``data._add2stack(values)`` / ``data._save2stack()`` are
delivered next, before new input.

Layer: components. May import: core, utils, lines, model, and feeds (filters
edit data feeds).
"""
from ..core.legacymeta import with_metaclass  # noqa: F401 (upstream's name)
from ..flt import Filter
from ..feeds.dataseries import SimpleFilterWrapper
from ..feeds.base import AbstractDataBase
from ..utils.timeframe import TimeFrame
from . import bsplitter, calendardays, datafiller, datafilter, daysteps, heikinashi, renko, session
from .session import SessionFilter, SessionFilterSimple, SessionFiller
from .calendardays import CalendarDays
from .datafiller import DataFiller
from .datafilter import DataFilter
from .daysteps import BarReplayer_Open, DayStepsFilter
from .bsplitter import DaySplitter_Close
from .heikinashi import HeikinAshi
from .renko import Renko
