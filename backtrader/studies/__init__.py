"""Experimental indicators (``bt.studies``).

Layer: components. May import: core, utils, lines, model, and indicators
(studies are indicators).
"""
from . import contrib
from .contrib import Fractal
