"""Compat path ``backtrader.feeds.csvgeneric``: re-exports ``generic``."""
from .generic import GenericCSVData, GenericCSV  # noqa: F401
