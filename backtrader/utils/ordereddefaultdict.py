"""Compatibility path: ``backtrader.utils.ordereddefaultdict``."""
from .autodict import OrderedDefaultdict

__all__ = ['OrderedDefaultdict']
