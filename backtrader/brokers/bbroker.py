"""Compat path ``backtrader.brokers.bbroker``: the backtesting broker."""
from .backbroker import BackBroker, BrokerBack  # noqa: F401
