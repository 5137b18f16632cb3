"""Stores (``bt.stores``): connections shared by live feeds and brokers.

``VChartFile`` locates VisualChart data files; ``VCStore`` (live trading) is a
placeholder (``backtrader.unavailable``).

Layer: components. May import: core, utils, lines, model.
"""
from . import vchartfile, vcstore
from .vchartfile import VChartFile
from .vcstore import VCStore
