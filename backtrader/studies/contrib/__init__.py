"""Contributed studies (``bt.studies.contrib``).

Layer: components (part of studies). May import: what studies may.
"""
from . import fractal
from .fractal import Fractal
