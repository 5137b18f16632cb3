"""Compat: upstream's import path ``backtrader.indicator``; re-exports the indicator base."""
from .indicators.base import Indicator, LinePlotterIndicator, MtLinePlotterIndicator  # noqa: F401
from .core.legacymeta import MetaIndicator, with_metaclass  # noqa: F401
