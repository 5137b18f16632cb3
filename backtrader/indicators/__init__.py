"""Indicators (``bt.indicators`` / ``bt.ind``)."""
from .base import Indicator, LinePlotterIndicator, MtLinePlotterIndicator
from ..lines.ops import (And, Or, If, Max, Min, Sum, Any, All, Cmp, CmpEx, DivByZero,
                         DivZeroByZero, Reduce, List, Logic, MultiLogic, MultiLogicReduce,
                         LineActions)
from .mabase import MovingAverage, MovAv, MovingAverageBase
from .basicops import *
from .sma import *
from .ema import *
from .smma import *
from .wma import *
from .crossover import *
from .rsi import *
from .atr import *
from .deviation import *
from .bollinger import *
from .macd import *
from .stochastic import *
import sys as _sys
MAXINT = _sys.maxsize
