"""Compat: upstream's import path ``backtrader.brokers.bbroker``; re-exports the
backtesting broker."""
from .backbroker import BackBroker, BrokerBack  # noqa: F401
