"""The run machinery: Cerebro facade, data/strategy managers and loops.

Layer: engine. May import: strategy, components, model, lines, utils, core; not
the tools built on it (optimizers, state, plot, results), compat modules or the
namespace.
"""
from .cerebro import Cerebro, OptReturn
from .datamanager import DataManager
from .strategymanager import StrategyManager
from .engine import Engine
