"""Stores (``bt.stores``): connections shared by live feeds and brokers.

``VChartFile`` locates VisualChart data files; ``VCStore`` (live trading) is a
placeholder (``backtrader.unavailable``).
"""
from . import vchartfile, vcstore
from .vchartfile import VChartFile
from .vcstore import VCStore
