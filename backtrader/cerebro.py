"""Compat path ``backtrader.cerebro``."""
from .engine.cerebro import Cerebro, OptReturn  # noqa: F401
