"""Compat: upstream's import path ``backtrader.fillers``;
re-exports the volume fillers (also ``bt.broker.fillers``/``bt.broker.filler``)."""
from .brokers.fillers import FixedSize, FixedBarPerc, BarPointPerc, MAXINT  # noqa: F401
# upstream's names, for legacy code building classes with them
from .core.legacymeta import MetaParams, with_metaclass  # noqa: F401
