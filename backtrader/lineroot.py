"""Compat path ``backtrader.lineroot``."""
from .lines.root import LineRoot, LineSingle, LineMultiple  # noqa: F401
from .core.legacymeta import MetaLineRoot, with_metaclass  # noqa: F401
