"""Compat: upstream's import path ``backtrader.dataseries``; re-exports the data line sets."""
from .feeds.dataseries import DataSeries, OHLC, OHLCDateTime, SimpleFilterWrapper  # noqa: F401
from .utils.timeframe import TimeFrame  # noqa: F401
from .core.legacymeta import with_metaclass  # noqa: F401
