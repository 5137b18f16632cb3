"""backtrader — a modern, metaclass-free, numpy-backed re-implementation of the
backtrader 1.9.78.123 API.

This module is the public namespace: the same names as upstream's ``bt.``.
No class here is built by a metaclass; upstream's ``Meta*`` names and
``with_metaclass`` serve legacy code building its own classes with them
(``backtrader.core.legacymeta``). Names of capabilities not implemented yet are placeholder classes
that raise ``NotImplementedError`` when instantiated (``backtrader.unavailable``).

Layer: namespace (above everything but the command-line entry points). May import:
any module of the package; nothing imports it but the entry points.
"""
import sys as _sys
from collections import OrderedDict

from .version import __version__, __btversion__
from .core.errors import BacktraderError, StrategySkipError
from . import errors
from .core.strict import set_strict, strict_mode  # new API (not upstream)
from .utils import num2date, date2num, time2num, num2time, tzparse
from .utils.autodict import AutoOrderedDict, AutoDictList, DotDict
from .utils.timeframe import TimeFrame
from .core.params import AutoInfoClass, ParamsBase
from .metabase import MetaParams, findowner, with_metaclass
from .lines.buffer import LineBuffer, NAN, CyclicBuffer
from .lines.root import LineRoot, LineSingle, LineMultiple
from .lines.series import Lines, LineSeries, LineSeriesStub, LineSeriesMaker, LineAlias
from .lineseries import MetaLineSeries, Lines_LineSeries, Lines_LineSeries_LineSeriesStub
from .lines.iterator import (LineIterator, DataAccessor, IndicatorBase, ObserverBase,
                             StrategyBase)
from .lineiterator import MetaLineIterator
from .lines.ops import (LineActions, LinesOperation, LineOwnOperation, LineDelay, LineNum,
                        PseudoArray)
from .lines.couplers import LinesCoupler, LineCoupler, SingleCoupler, MultiCoupler
from .lines.logic import (And, Or, If, Max, Min, Sum, Any, All, Cmp, CmpEx, DivByZero,
                          DivZeroByZero, Reduce, MultiLogic, MultiLogicReduce, Logic, List)
from .linebuffer import MetaLineActions
from .order import (Order, OrderBase, BuyOrder, SellOrder, StopBuyOrder, StopSellOrder,
                    StopLimitBuyOrder, StopLimitSellOrder, OrderData, OrderExecutionBit)
from .comminfo import CommInfoBase, CommissionInfo
from .trade import Trade, TradeHistory
from .position import Position
from .feeds.dataseries import DataSeries, OHLC, OHLCDateTime, SimpleFilterWrapper
from .feeds.base import AbstractDataBase, DataBase, FeedBase
from .feeds.clone import DataClone
from .feeds.csvbase import CSVDataBase, CSVFeedBase
from .feeds.parallelcsv import ParallelCSVLoader
from .feed import MetaAbstractDataBase, MetaCSVDataBase
from .flt import Filter
from .resamplerfilter import (Resampler, Replayer, DTFaker, ResamplerTicks, ResamplerSeconds,
                              ResamplerMinutes, ResamplerDaily, ResamplerWeekly,
                              ResamplerMonthly, ResamplerYearly, ReplayerTicks,
                              ReplayerSeconds, ReplayerMinutes, ReplayerDaily,
                              ReplayerWeekly, ReplayerMonthly)
from .indicators.base import Indicator, LinePlotterIndicator, MtLinePlotterIndicator
from .indicator import MetaIndicator
from .observers.base import Observer, MetaObserver
from .analyzers.base import (Analyzer, TimeFrameAnalyzerBase, MetaAnalyzer,
                             MetaTimeFrameAnalyzerBase)
from .sizer import Sizer, SizerBase
from .sizers import SizerFix
from .brokers.base import BrokerBase, MetaBroker
from .brokers.backbroker import BackBroker
from .brokers.priceevaluator import PriceEvaluator  # new API (not upstream)
from .store import Store
from .strategy import Strategy, MetaStrategy, ItemCollection
from .signalstrategy import SignalStrategy, MetaSigStrategy
# upstream defines SignalStrategy in backtrader/strategy.py; here it has its own
# module above strategy.py, so the namespace publishes it at that path too
strategy.SignalStrategy = SignalStrategy
from .signal import (Signal, SignalTypes, SIGNAL_NONE, SIGNAL_LONGSHORT, SIGNAL_LONG,
                     SIGNAL_LONG_INV, SIGNAL_LONG_ANY, SIGNAL_SHORT, SIGNAL_SHORT_INV,
                     SIGNAL_SHORT_ANY, SIGNAL_LONGEXIT, SIGNAL_LONGEXIT_INV,
                     SIGNAL_LONGEXIT_ANY, SIGNAL_SHORTEXIT, SIGNAL_SHORTEXIT_INV,
                     SIGNAL_SHORTEXIT_ANY)
from .timer import Timer, SESSION_TIME, SESSION_START, SESSION_END
from .tradingcal import TradingCalendarBase, TradingCalendar, PandasMarketCalendar
from .writer import WriterBase, WriterFile, WriterStringIO
from .engine.cerebro import Cerebro, OptReturn

from . import feeds, indicators, analyzers, observers, sizers, brokers, commissions, utils
from . import filters, fillers, strategies, signals, stores, studies, talib
from . import plot, results      # charts; results as pandas (matplotlib/plotly/pandas load on use)
from . import state             # new API (not upstream): StateManager, checkpoints
from .state import StatefulStrategy  # new API (not upstream); StateManager: see __getattr__
from . import (analyzer, broker, cerebro, comminfo, dataseries, feed, flt, functions, indicator,
               linebuffer, lineiterator, lineroot, lineseries, mathsupport, metabase, observer,
               order, position, resamplerfilter, signal, sizer, store, strategy, timer, trade,
               tradingcal, version, writer)
from .unavailable import fill_missing as _fill_missing, PENDING_FEEDS as _PENDING_FEEDS

# feed classes the data-feeds work has not delivered yet: placeholders (never
# shadowing a real class of backtrader.feeds)
_fill_missing(feeds, _PENDING_FEEDS)

ind = indicators
obs = observers
comms = commissions
strats = strategies
filler = fillers

MAXINT = _sys.maxsize


# standard modules (and three classes/functions) upstream's namespace happens to hold (its
# star imports carry them): legacy scripts write ``bt.datetime.datetime(...)``, ``bt.math.sqrt``
_INCIDENTAL_NAMES = {'array': 'array', 'calendar': 'calendar', 'collections': 'collections',
                     'collectionsAbc': 'collections.abc', 'copy': 'copy', 'datetime': 'datetime',
                     'functools': 'functools', 'inspect': 'inspect', 'io': 'io',
                     'itertools': 'itertools', 'math': 'math', 'multiprocessing': 'multiprocessing',
                     'operator': 'operator', 'os': 'os', 'pp': 'pprint', 'sys': 'sys',
                     'date': 'datetime:date', 'timedelta': 'datetime:timedelta',
                     'islice': 'itertools:islice', 'backtrader': __name__, 'bt': __name__}


def __getattr__(name):
    # backtrader.StateManager (new API) loads the state files' machinery on first use
    if name == 'StateManager':
        return state.StateManager
    if name in _INCIDENTAL_NAMES:
        import importlib
        module, _, attr = _INCIDENTAL_NAMES[name].partition(':')
        found = importlib.import_module(module)
        return getattr(found, attr) if attr else found
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
