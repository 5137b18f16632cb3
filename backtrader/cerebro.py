"""Compat: upstream's import path ``backtrader.cerebro``;
re-exports ``Cerebro`` and ``OptReturn``."""
from .engine.cerebro import Cerebro, OptReturn  # noqa: F401
from .core.legacymeta import MetaParams, with_metaclass  # noqa: F401
