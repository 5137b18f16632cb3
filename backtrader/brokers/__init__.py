"""Brokers (``bt.brokers``).

Layer: components. May import: core, utils, lines, model (orders, positions,
commission terms); not strategy.py, engine or above.
"""
from .base import BrokerBase
from .backbroker import BackBroker, BrokerBack
from . import bbroker, fillers, vcbroker
from .vcbroker import VCBroker
