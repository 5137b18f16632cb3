"""Compat path ``backtrader.lineroot``."""
from .lines.root import LineRoot, LineSingle, LineMultiple  # noqa: F401
MetaLineRoot = LineRoot
