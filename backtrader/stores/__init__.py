"""Stores (``bt.stores``): connections shared by live feeds and brokers.

None is provided yet: the names are placeholders (``backtrader.unavailable``).

Layer: components. May import: core, utils, lines, model.
"""
from . import vchartfile, vcstore
from .vchartfile import VChartFile
from .vcstore import VCStore
