"""Observers (``bt.observers`` / ``bt.obs``).

Layer: components. May import: core, utils, lines, model, and analyzers (the
figures some observers show per bar); not strategy.py (an observer finds its
strategy through ``lines.StrategyBase``), nor engine or above.
"""
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
