"""Brokers (``bt.brokers``)."""
from .base import BrokerBase
from .backbroker import BackBroker, BrokerBack
