"""Compat: upstream's import path ``backtrader.indicators.vortex``; re-exports
``Vortex`` (``indicators/contrib/vortex.py``)."""
from .contrib.vortex import Vortex  # noqa: F401

__all__ = ['Vortex']
