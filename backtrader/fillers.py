"""Compat path ``backtrader.fillers`` (also ``bt.broker.fillers``/``bt.broker.filler``)."""
from .brokers.fillers import FixedSize, FixedBarPerc, BarPointPerc, MAXINT  # noqa: F401
