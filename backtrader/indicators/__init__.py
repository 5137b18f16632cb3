"""Indicators (``bt.indicators`` / ``bt.ind``).

Import order matters: the moving averages register themselves in
``MovingAverage`` as they are defined, and the ``envelope``/``oscillator``
modules generate one variant per registered moving average.

Layer: components. May import: core, utils, lines (line API and vectorised
kernels), model; not feeds, strategy.py, engine or above.
"""
from .base import Indicator
from ..lines.ops import LineActions
from ..lines.logic import (And, Or, If, Max, Min, Sum, Any, All, Cmp, CmpEx, DivByZero,
                           DivZeroByZero, Reduce, List, Logic, MultiLogic, MultiLogicReduce)
from .mabase import MovingAverage, MovAv, MovingAverageBase, MetaMovAvBase
from .basicops import *

# moving averages (registration order = upstream's)
from .sma import *
from .ema import *
from .smma import *
from .wma import *
from .dema import *
from .kama import *
from .zlema import *
from .hma import *
from .zlind import *
from .dma import *

# envelope and oscillator variants of every moving average above
from .envelope import *
from .oscillator import *

from .prettygoodoscillator import *
from .deviation import *
from .bollinger import *
from .crossover import *
from .rsi import *
from .rmi import *
from .atr import *
from .directionalmove import *
from .aroon import *
from .macd import *
from .stochastic import *
from .priceoscillator import *
from .momentum import *
from .percentchange import *
from .percentrank import *
from .trix import *
from .tsi import *
from .ultimateoscillator import *
from .williams import *
from .cci import *
from .dpo import *
from .dv2 import *
from .kst import *
from .awesomeoscillator import *
from .accdecoscillator import *
from .lrsi import *
from .psar import *
from .ichimoku import *
from .pivotpoint import *
from .heikinashi import *
from .hadelta import *
from .hurst import *
from .ols import *
from . import contrib
from .contrib import *

import sys as _sys
MAXINT = _sys.maxsize

# upstream's names, for legacy code: the metaclass helper, and the last moving
# average and generated class of upstream's variant-generating loops
from ..core.legacymeta import with_metaclass
from .oscillator import movav, newcls

# implementation modules that upstream does not have: keep them out of the
# public namespace (they stay importable as ``backtrader.indicators.<name>``)
del base
