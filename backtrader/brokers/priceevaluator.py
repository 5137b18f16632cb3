"""PriceEvaluator: composable rules that turn a bar into a target price.

An evaluator reads one bar (open, high, low, close, volume and the previous
bar's close) and returns a price, or ``None`` when no price is possible for
that side on that bar (for instance a buy while the bar is locked at its
limit-up price). Evaluators compose with arithmetic::

    from backtrader import PriceEvaluator as PE
    PE.Mid()                         # (high + low) / 2
    PE.Mid('typical') + 0.05         # (high + low + close) / 3, plus 5 cents
    PE.Open * 0.995                  # half a percent under the open
    PE.Func(lambda bar: bar.low + (bar.high - bar.low) / 3)
    PE.Open.clamp(0.10, tick=0.01)   # A-share style +-10% daily limits

Two uses with the simulated broker (``BackBroker``):

* ``price=`` of an order (``self.buy(price=PE.Mid())``): the price is evaluated
  on each bar the order may execute on. A Market order fills at it (kept
  inside the bar's low..high); for Limit/Stop/StopLimit orders it is that
  bar's limit/stop price. The value on the creation bar is the order's
  ``created.price`` (what the cash check of ``checksubmit`` uses).
* a broker-level fill rule (``broker.set_fill_rule(PE.Open.clamp(0.10))``):
  Market orders fill at the rule's price instead of the open, and whenever
  the rule gives ``None`` for a side (a bar locked at a price limit) no order
  of that side executes on that bar: it stays pending.

None of this exists upstream; orders with plain numeric prices and brokers
without a fill rule behave exactly as upstream's.
"""
from __future__ import annotations

import math
import operator
from typing import Any, Callable, NamedTuple, Optional, Union

__all__ = ['Bar', 'PriceEvaluator', 'Field', 'Open', 'High', 'Low', 'Close', 'Mid', 'Const',
           'Func', 'BinaryOp', 'LimitClamp']

Number = Union[int, float]
_EPS = 1e-9


class Bar(NamedTuple):
    """The bar an evaluator reads (``prevclose`` is NaN on a data's first bar)."""
    open: float
    high: float
    low: float
    close: float
    volume: float = 0.0
    prevclose: float = math.nan

    @classmethod
    def from_data(cls, data: Any) -> 'Bar':
        """The current bar of a data feed (tick values when replaying)."""
        lines = data.lines
        prev = lines.close[-1] if len(data) > 1 else math.nan
        return cls(data.tick_open or lines.open[0], data.tick_high or lines.high[0],
                   data.tick_low or lines.low[0], data.tick_close or lines.close[0],
                   lines.volume[0], prev)


class PriceEvaluator:
    """Base class: subclasses implement ``value(bar, isbuy)``.

    ``+ - * /`` with numbers or other evaluators build new evaluators; a
    ``None`` operand makes the result ``None``. The classes of this module are
    reachable as attributes (``PriceEvaluator.Mid``, ``PriceEvaluator.Open`` ...).
    """

    def value(self, bar: Bar, isbuy: bool = True) -> Optional[float]:
        """The price for an order of side ``isbuy`` on ``bar`` (None: no price)."""
        raise NotImplementedError('%s must implement value(bar, isbuy)' % type(self).__name__)

    def evaluate(self, data: Any, isbuy: bool = True) -> Optional[float]:
        """``value`` on the current bar of a data feed."""
        return self.value(Bar.from_data(data), isbuy)

    def __call__(self, source: Any, isbuy: bool = True) -> Optional[float]:
        """The price on ``source``: a ``Bar`` (or a tuple of its fields, see
        ``value``) or a data feed (its current bar, see ``evaluate``)."""
        if isinstance(source, tuple):
            return self.value(source if isinstance(source, Bar) else Bar(*source), isbuy)
        return self.evaluate(source, isbuy)

    def clamp(self, up: float = 0.10, down: Optional[float] = None,
              tick: Optional[float] = None, lock: bool = True) -> 'LimitClamp':
        """Keep the price within the previous close's limit-up/limit-down band
        (see ``LimitClamp``)."""
        return LimitClamp(self, up=up, down=down, tick=tick, lock=lock)

    # -- arithmetic -----------------------------------------------------------------------
    def __add__(self, other): return BinaryOp(self, other, operator.add, '+')
    def __radd__(self, other): return BinaryOp(other, self, operator.add, '+')
    def __sub__(self, other): return BinaryOp(self, other, operator.sub, '-')
    def __rsub__(self, other): return BinaryOp(other, self, operator.sub, '-')
    def __mul__(self, other): return BinaryOp(self, other, operator.mul, '*')
    def __rmul__(self, other): return BinaryOp(other, self, operator.mul, '*')
    def __truediv__(self, other): return BinaryOp(self, other, operator.truediv, '/')
    def __rtruediv__(self, other): return BinaryOp(other, self, operator.truediv, '/')

    def __neg__(self):
        return BinaryOp(0.0, self, operator.sub, '-')


def _as_evaluator(x: Any) -> PriceEvaluator:
    if isinstance(x, PriceEvaluator):
        return x
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return Const(x)
    if callable(x):
        return Func(x)
    raise TypeError('cannot combine a PriceEvaluator with %r' % (x,))


class Field(PriceEvaluator):
    """One field of the bar: ``'open'``, ``'high'``, ``'low'`` or ``'close'``."""

    _FIELDS = ('open', 'high', 'low', 'close')

    def __init__(self, name: str) -> None:
        if name not in self._FIELDS:
            raise ValueError('Field must be one of %s, got %r' % (self._FIELDS, name))
        self.name = name
        self._index = Bar._fields.index(name)

    def value(self, bar: Bar, isbuy: bool = True) -> Optional[float]:
        return bar[self._index]

    def __repr__(self) -> str:
        return self.name.capitalize()


#: ready-made field evaluators
Open, High, Low, Close = Field('open'), Field('high'), Field('low'), Field('close')


class Mid(PriceEvaluator):
    """A central price of the bar.

    ``kind``: ``'median'`` (default, (H+L)/2), ``'typical'`` ((H+L+C)/3),
    ``'weighted'`` ((H+L+2C)/4), ``'oc'`` ((O+C)/2), ``'ohlc'`` ((O+H+L+C)/4).
    """

    _KINDS = {
        'median': lambda b: (b.high + b.low) / 2.0,
        'typical': lambda b: (b.high + b.low + b.close) / 3.0,
        'weighted': lambda b: (b.high + b.low + 2.0 * b.close) / 4.0,
        'oc': lambda b: (b.open + b.close) / 2.0,
        'ohlc': lambda b: (b.open + b.high + b.low + b.close) / 4.0,
    }

    def __init__(self, kind: str = 'median') -> None:
        try:
            self._fn = self._KINDS[kind]
        except KeyError:
            raise ValueError('Mid kind must be one of %s, got %r'
                             % (sorted(self._KINDS), kind)) from None
        self.kind = kind

    def value(self, bar: Bar, isbuy: bool = True) -> Optional[float]:
        return self._fn(bar)

    def __repr__(self) -> str:
        return 'Mid(%r)' % self.kind


class Const(PriceEvaluator):
    """A fixed price."""

    def __init__(self, price: Number) -> None:
        self.price = float(price)

    def value(self, bar: Bar, isbuy: bool = True) -> Optional[float]:
        return self.price

    def __repr__(self) -> str:
        return repr(self.price)


class Func(PriceEvaluator):
    """A user callable ``fn(bar)`` (or ``fn(bar, isbuy)`` with ``side=True``)
    returning a price or None."""

    def __init__(self, fn: Callable[..., Optional[float]], side: bool = False) -> None:
        if not callable(fn):
            raise TypeError('Func needs a callable, got %r' % (fn,))
        self.fn = fn
        self.side = side

    def value(self, bar: Bar, isbuy: bool = True) -> Optional[float]:
        res = self.fn(bar, isbuy) if self.side else self.fn(bar)
        return None if res is None else float(res)

    def __repr__(self) -> str:
        return 'Func(%s)' % getattr(self.fn, '__name__', repr(self.fn))


class BinaryOp(PriceEvaluator):
    """``left <op> right`` on the values of two evaluators (numbers allowed)."""

    def __init__(self, left: Any, right: Any, op: Callable[[float, float], float],
                 symbol: str = '?') -> None:
        self.left, self.right = _as_evaluator(left), _as_evaluator(right)
        self.op, self.symbol = op, symbol

    def value(self, bar: Bar, isbuy: bool = True) -> Optional[float]:
        a = self.left.value(bar, isbuy)
        if a is None:
            return None
        b = self.right.value(bar, isbuy)
        if b is None:
            return None
        return self.op(a, b)

    def __repr__(self) -> str:
        return '(%r %s %r)' % (self.left, self.symbol, self.right)


class LimitClamp(PriceEvaluator):
    """Daily price limits relative to the previous close (A-share style).

    Limit-up = prevclose * (1 + up), limit-down = prevclose * (1 - down)
    (``down`` defaults to ``up``), rounded to ``tick`` when given. The inner
    price is clamped into that band. With ``lock`` (default), a bar that
    traded only at or above limit-up (low >= limit-up) gives ``None`` to buys,
    and a bar that traded only at or below limit-down (high <= limit-down)
    gives ``None`` to sells: nobody was on the other side. Without a previous
    close (first bar) the inner price passes unchanged.
    """

    def __init__(self, inner: Any, up: float = 0.10, down: Optional[float] = None,
                 tick: Optional[float] = None, lock: bool = True) -> None:
        if not up > 0 or (down is not None and not 0 < down < 1):
            raise ValueError('LimitClamp needs up > 0 and 0 < down < 1, got up=%r down=%r'
                             % (up, down))
        if tick is not None and not tick > 0:
            raise ValueError('LimitClamp tick must be positive, got %r' % (tick,))
        self.inner = _as_evaluator(inner)
        self.up, self.down = up, up if down is None else down
        self.tick, self.lock = tick, lock

    def limits(self, prevclose: float) -> tuple:
        """(limit-down, limit-up) for a previous close."""
        lo, hi = prevclose * (1.0 - self.down), prevclose * (1.0 + self.up)
        tick = self.tick
        if tick:
            digits = max(0, -math.floor(math.log10(tick) + 1e-9))
            lo = round(round(lo / tick) * tick, digits)
            hi = round(round(hi / tick) * tick, digits)
        return lo, hi

    def value(self, bar: Bar, isbuy: bool = True) -> Optional[float]:
        prev = bar.prevclose
        price = self.inner.value(bar, isbuy)
        if prev != prev:            # no previous close: no band
            return price
        lo, hi = self.limits(prev)
        if self.lock:
            # (a relative tolerance: an untick'd limit is a product of floats)
            if isbuy and bar.low >= hi * (1.0 - _EPS):
                return None         # locked limit-up: no sellers
            if not isbuy and bar.high <= lo * (1.0 + _EPS):
                return None         # locked limit-down: no buyers
        if price is None:
            return None
        return min(max(price, lo), hi)

    def __repr__(self) -> str:
        return '%r.clamp(%r, %r)' % (self.inner, self.up, self.down)


# the friends reachable from the base class (bt.PriceEvaluator.Mid() ...)
PriceEvaluator.Bar = Bar
PriceEvaluator.Field = Field
PriceEvaluator.Open, PriceEvaluator.High = Open, High
PriceEvaluator.Low, PriceEvaluator.Close = Low, Close
PriceEvaluator.Mid = Mid
PriceEvaluator.Const = Const
PriceEvaluator.Func = Func
PriceEvaluator.BinaryOp = BinaryOp
PriceEvaluator.LimitClamp = LimitClamp
