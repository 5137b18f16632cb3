"""Compat: upstream's import path ``backtrader.utils.ordereddefaultdict``;
re-exports ``OrderedDefaultdict``."""
from .autodict import OrderedDefaultdict

__all__ = ['OrderedDefaultdict']
