"""Indicators (``bt.indicators`` / ``bt.ind``)."""
from .base import Indicator, LinePlotterIndicator, MtLinePlotterIndicator
from ..lines.ops import (And, Or, If, Max, Min, Sum, Any, All, Cmp, CmpEx, DivByZero,
                         DivZeroByZero, Reduce, List, Logic, MultiLogic, MultiLogicReduce,
                         LineActions)
from .mabase import MovingAverage, MovAv, MovingAverageBase
from .sma import *
from .ema import *
from .crossover import *
from .rsi import *
from .atr import *
import sys as _sys
MAXINT = _sys.maxsize
