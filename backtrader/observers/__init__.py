"""Observers (``bt.observers`` / ``bt.obs``)."""
from .base import Observer
from .broker import Cash, Value, Broker, CashValue, FundValue, FundShares, FundShareValue, FundVal
from .buysell import BuySell
from .trades import Trades, DataTrades, MetaDataTrades
from .drawdown import DrawDown, DrawDownLength, DrawDown_Old
from .timereturn import TimeReturn
from .benchmark import Benchmark
from .logreturns import LogReturns, LogReturns2
# upstream's names, for legacy code building classes with them
from ..core.legacymeta import with_metaclass
