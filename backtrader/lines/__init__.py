"""The line system: numpy buffers on shared clocks, multi-line series,
operations and the iterating objects built on them."""
from .buffer import Clock, FrozenClock, LineBuffer, RingLineBuffer, CyclicBuffer, NAN
from .root import LineRoot, LineSingle, LineMultiple, set_stage
from .series import (Lines, LineSeries, LineSeriesStub, LineSeriesMaker, LineAlias,
                     as_line)
from .iterator import (LineIterator, DataAccessor, IndicatorBase, ObserverBase,
                       StrategyBase, clock_of)
from . import ops
from .ops import (LineActions, LinesOperation, LineOwnOperation, LineDelay, LineForward,
                  LineNum, PseudoArray, LinesCoupler, LineCoupler, SingleCoupler,
                  MultiCoupler, Logic, MultiLogic, MultiLogicReduce, Reduce, And, Or, If,
                  Max, Min, Sum, Any, All, Cmp, CmpEx, DivByZero, DivZeroByZero, List)
