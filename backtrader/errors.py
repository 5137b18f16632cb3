"""Compat: upstream's import path ``backtrader.errors`` (``from backtrader.errors
import StrategySkipError``); re-exports the package's exceptions
(``core/errors.py``), upstream's and the typed ones deriving from them."""
from .core.errors import *  # noqa: F401,F403
from .core.errors import __all__  # noqa: F401
