"""Compat path ``backtrader.broker``: the broker base (and ``fillers``)."""
from .brokers.base import BrokerBase, MetaBroker  # noqa: F401
from .core.legacymeta import MetaParams, with_metaclass  # noqa: F401
from . import fillers  # noqa: F401
filler = fillers
