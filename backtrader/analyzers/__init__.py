"""Analyzers (``bt.analyzers``)."""
from .base import Analyzer, TimeFrameAnalyzerBase
from .drawdown import DrawDown
from .sqn import SQN
from .tradeanalyzer import TradeAnalyzer
