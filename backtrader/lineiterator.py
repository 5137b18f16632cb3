"""Compat: upstream's import path ``backtrader.lineiterator``;
re-exports the line iterator bases and couplers."""
from .lines.iterator import (LineIterator, DataAccessor, IndicatorBase, ObserverBase,  # noqa: F401
                             StrategyBase)
from .lines.couplers import SingleCoupler, MultiCoupler, LinesCoupler, LineCoupler  # noqa: F401
from .core.legacymeta import MetaLineIterator, with_metaclass  # noqa: F401
