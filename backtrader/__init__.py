"""backtrader — a modern, metaclass-free, numpy-backed re-implementation of the
backtrader 1.9.78.123 API."""
from __future__ import annotations

import sys as _sys

__version__ = '1.9.78.123'
__btversion__ = (1, 9, 78, 123)

from .core.errors import BacktraderError, StrategySkipError
from .core import errors
from .utils import num2date, date2num, time2num, num2time, tzparse
from .utils.autodict import AutoOrderedDict, AutoDictList, DotDict
from .utils.timeframe import TimeFrame
from .core.params import AutoInfoClass, ParamsBase
from .lines.buffer import LineBuffer, NAN, CyclicBuffer
from .lines.root import LineRoot, LineSingle, LineMultiple
from .lines.series import Lines, LineSeries, LineSeriesStub, LineSeriesMaker, LineAlias
from .lines.iterator import (LineIterator, DataAccessor, IndicatorBase, ObserverBase,
                             StrategyBase)
from .lines.ops import (LineActions, LinesOperation, LineOwnOperation, LineDelay, LineNum,
                        PseudoArray, LinesCoupler, LineCoupler, SingleCoupler, MultiCoupler,
                        And, Or, If, Max, Min, Sum, Any, All, Cmp, CmpEx, DivByZero,
                        DivZeroByZero, Reduce, MultiLogic, MultiLogicReduce, Logic, List)
from .order import (Order, OrderBase, BuyOrder, SellOrder, StopBuyOrder, StopSellOrder,
                    StopLimitBuyOrder, StopLimitSellOrder, OrderData, OrderExecutionBit)
from .comminfo import CommInfoBase, CommissionInfo
from .trade import Trade, TradeHistory
from .position import Position
from .feeds.dataseries import DataSeries, OHLC, OHLCDateTime, SimpleFilterWrapper
from .feeds.base import AbstractDataBase, DataBase, FeedBase, DataClone
from .feeds.csvbase import CSVDataBase, CSVFeedBase
from .indicators.base import Indicator, LinePlotterIndicator, MtLinePlotterIndicator
from .observers.base import Observer
from .analyzers.base import Analyzer, TimeFrameAnalyzerBase
from .sizer import Sizer, SizerBase
from .sizers import SizerFix
from .brokers.base import BrokerBase, MetaBroker
from .brokers.backbroker import BackBroker
from .strategy import Strategy, ItemCollection
from .engine.cerebro import Cerebro, OptReturn

from . import feeds, indicators, analyzers, observers, sizers, brokers, commissions, utils
from . import order, comminfo, trade, position, strategy

ind = indicators
obs = observers
comms = commissions

MAXINT = _sys.maxsize
