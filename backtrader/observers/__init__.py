"""Observers (``bt.observers`` / ``bt.obs``)."""
from .base import Observer
from .broker import Cash, Value, Broker, CashValue, FundValue, FundShares, FundShareValue, FundVal
from .buysell import BuySell
from .trades import Trades, DataTrades
