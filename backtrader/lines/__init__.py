"""The line system: numpy buffers on shared clocks, multi-line series,
operations and the iterating objects built on them.

Layer: lines. May import: core, utils (nothing from indicators, feeds or any
layer above). Inside, modules import downward only:
``root <- buffer <- series <- iterator <- ops`` (``kernels`` stands alone);
``root``, ``buffer``, ``series`` and ``iterator`` build operations, delays and
constants through the hooks of ``root.operation_factory``, which ``ops``
fills when it is imported (this package always imports it).

The supported way to read and write lines from outside this package
(docs/lines-api.md; a line's ``_a``, ``_mv`` and ``_c`` stay private here):

* per bar, always valid: ``line[ago]``, ``line[ago] = v``, ``len(line)``,
  ``line.get(ago, size)`` (read-only numpy window), ``line.window(size, ago)``
  (memoryview window, Python floats), ``current_value(line)``;
* handles taken once per ``once(start, end)`` call or per run, then indexed
  with no call per bar: ``line.storage()`` (the writable numpy array, physical
  positions: on unbounded lines position ``p`` is bar ``p``),
  ``line.scalars()`` (the same memory as a memoryview), ``line.clock``
  (``idx`` = position of the current bar, ``lencount``, ``buflen``,
  ``capacity``); ``line.reserve(n)`` grows the storage;
* validity: handles stay valid inside ``once()`` and for a whole run over a
  preloaded clock; a clock that grows bar by bar reallocates its lines'
  storage when ``clock.capacity`` changes (take the handles again then).
  Memory-saving rings never reallocate but store each value twice: write to
  them with ``line[ago] = v``.
* ``kernels``: vectorised numeric kernels for ``once()`` (exact window sums,
  seeded recursions, Python-exact powers...).
"""
from .buffer import (Clock, FrozenClock, LineBuffer, RingLineBuffer, CyclicBuffer, NAN,
                     current_value)
from .root import LineRoot, LineSingle, LineMultiple, set_stage
from .series import (Lines, LineSeries, LineSeriesStub, LineSeriesMaker, LineAlias,
                     as_line)
from .iterator import (LineIterator, DataAccessor, IndicatorBase, ObserverBase,
                       StrategyBase, clock_of)
from . import ops
from .ops import (LineActions, LinesOperation, LineOwnOperation, LineDelay, LineForward,
                  LineNum, PseudoArray)
from .couplers import LinesCoupler, LineCoupler, SingleCoupler, MultiCoupler
from .logic import (Logic, MultiLogic, MultiLogicReduce, Reduce, And, Or, If, Max, Min, Sum,
                    Any, All, Cmp, CmpEx, DivByZero, DivZeroByZero, List)
