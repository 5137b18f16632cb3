"""Analyzers (``bt.analyzers``).

Layer: components. May import: core, utils, lines, model (orders, positions,
writer); not strategy.py (an analyzer finds its strategy through
``lines.StrategyBase``), nor engine or above.
"""
from ..mathsupport import average, standarddev
from .base import Analyzer, TimeFrameAnalyzerBase
from .annualreturn import AnnualReturn
from .drawdown import DrawDown, TimeDrawDown
from .timereturn import TimeReturn
from .sharpe import SharpeRatio, SharpeRatio_A
from .tradeanalyzer import TradeAnalyzer
from .sqn import SQN
from .leverage import GrossLeverage
from .positions import PositionsValue
from .transactions import Transactions
from .pyfolio import PyFolio
from .returns import Returns
from .vwr import VWR, VariabilityWeightedReturn
from .logreturnsrolling import LogReturnsRolling
from .calmar import Calmar
from .periodstats import PeriodStats
