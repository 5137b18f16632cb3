"""Compat path ``backtrader.observer``: re-exports the observer base."""
from .observers.base import Observer, MetaObserver  # noqa: F401
