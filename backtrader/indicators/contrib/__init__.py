"""Contributed indicators (``bt.indicators.contrib``)."""
from . import vortex
from .vortex import Vortex

__all__ = ['Vortex']
