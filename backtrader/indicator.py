"""Compat path ``backtrader.indicator``: re-exports the indicator base."""
from .indicators.base import Indicator, LinePlotterIndicator, MtLinePlotterIndicator  # noqa: F401
MetaIndicator = Indicator
