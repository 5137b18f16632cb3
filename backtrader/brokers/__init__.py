"""Brokers (``bt.brokers``)."""
from .base import BrokerBase
from .backbroker import BackBroker, BrokerBack
from . import bbroker, fillers, vcbroker
from .vcbroker import VCBroker
