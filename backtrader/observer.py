"""Compat: upstream's import path ``backtrader.observer``; re-exports the observer base."""
from .observers.base import Observer, MetaObserver  # noqa: F401
from .core.legacymeta import with_metaclass  # noqa: F401
