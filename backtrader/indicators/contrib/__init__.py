"""Contributed indicators (``bt.indicators.contrib``).

Layer: components (part of indicators). May import: what indicators may.
"""
from . import vortex
from .vortex import Vortex

__all__ = ['Vortex']
