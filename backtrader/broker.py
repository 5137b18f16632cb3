"""Compat: upstream's import path ``backtrader.broker``;
re-exports the broker base (and ``fillers``, also as ``filler``)."""
from .brokers.base import BrokerBase, MetaBroker  # noqa: F401
from .core.legacymeta import MetaParams, with_metaclass  # noqa: F401
from . import fillers  # noqa: F401
filler = fillers
