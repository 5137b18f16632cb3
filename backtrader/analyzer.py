"""Compat: upstream's import path ``backtrader.analyzer``; re-exports the analyzer bases."""
from .analyzers.base import Analyzer, TimeFrameAnalyzerBase, MetaAnalyzer, MetaTimeFrameAnalyzerBase  # noqa: F401
from .core.legacymeta import with_metaclass  # noqa: F401
