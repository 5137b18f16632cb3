"""Compat: upstream's import path ``backtrader.feeds.csvgeneric``; re-exports the
generic CSV feed."""
from .generic import GenericCSVData, GenericCSV  # noqa: F401
