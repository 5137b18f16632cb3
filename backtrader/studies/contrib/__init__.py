"""Contributed studies (``bt.studies.contrib``)."""
from . import fractal
from .fractal import Fractal
