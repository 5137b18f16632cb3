"""The run machinery: Cerebro facade, data/strategy managers and loops."""
from .cerebro import Cerebro, OptReturn
from .datamanager import DataManager
from .strategymanager import StrategyManager
from .engine import Engine
