"""Compat: upstream's import path ``backtrader.lineroot``; re-exports the line root classes."""
from .lines.root import LineRoot, LineSingle, LineMultiple  # noqa: F401
from .core.legacymeta import MetaLineRoot, with_metaclass  # noqa: F401
