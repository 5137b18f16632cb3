"""Experimental indicators (``bt.studies``)."""
from . import contrib
from .contrib import Fractal
