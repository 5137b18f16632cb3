"""Orders: the request a strategy hands to a broker and the record of its fills.

An order keeps two ``OrderData`` snapshots: ``created`` (what was asked: size,
prices, validity, creation time) and ``executed`` (what happened: one
``OrderExecutionBit`` per fill plus running totals). The broker drives the life
cycle through ``submit/accept/partial/completed/cancel/expire/margin/reject`` and
``execute``; strategies receive clones (``clone()``), so identity is the ``ref``.

The order does not know the broker implementation. From its data feed it only
uses ``len(data)``, ``data.close[0]``, ``data.datetime[0]``,
``data.datetime.datetime(0)``, ``data.date2num(dt)`` and ``data._getnexteos()``.
"""
from __future__ import annotations

import datetime
import itertools
import numbers
from typing import Any

from .core.descriptors import InstanceLookup, MadeOnFirstRead, declare
from .core import strict as _strict
from .core.errors import OrderError, OrderTypeError
from .core.legacymeta import MetaParams, with_metaclass  # noqa: F401 (upstream's names)
from .core.params import ParamsBase, param_values, DEFAULTS_BY_CLASS
from .lines.buffer import current_value
from .orderdata import OrderData, OrderExecutionBit, _shallow_copy
from .utils.autodict import AutoOrderedDict
from .utils.dateintern import num2date as _num2date, TIME_MAX as _TIME_MAX

__all__ = ['OrderExecutionBit', 'OrderData', 'OrderBase', 'Order', 'BuyOrder',
           'SellOrder', 'StopBuyOrder', 'StopSellOrder', 'StopLimitBuyOrder',
           'StopLimitSellOrder']

# End of an ``Order.DAY`` validity on the creation day: 23:59:59.009999 (spec,
# Gotcha 38). Daily bars are stamped 23:59:59.999990, later than this, so on daily
# data a DAY order has expired by the time the broker first looks at it.
_DAY_END = datetime.time(23, 59, 59, 9999)

_new = object.__new__
# Created, Submitted, Accepted, Partial: the statuses of an order still executable
_ALIVE = frozenset(range(4))


# ``line[0]`` of a data's line, read straight from its storage
_current = current_value


def _is_number(value: Any) -> bool:
    t = type(value)
    if t is float or t is int:          # the common case, without the ABC check
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def booked_data(order) -> Any:
    """The data whose position and trades the fills of ``order`` book: its
    own, or the one it compensates (``data.compensate(other)``)."""
    data = order.data
    comp = getattr(data, '_compensate', None)
    return data if comp is None else comp


def _snapshots(dt: float, size: float, price: Any, pricelimit: Any, plimit: Any,
               pclose: Any, trailamount: Any, trailpercent: Any) -> tuple:
    """``(created, executed)`` of a new order: what ``OrderData(dt=..., size=...,
    ...)`` holds, the values equal to the class's defaults not stored (two
    snapshots kept per order; ``pricelimit`` is the limit as given, ``plimit``
    the one in force). Stored one by one: the instance dicts stay compact."""
    created = _new(OrderData)
    created.dt = dt
    if size:
        created.size = size
    if price != 0.0:
        created.price = price
    if pricelimit != 0.0:
        created._plimit = pricelimit
    created.pricelimit = plimit
    if pclose != 0.0:
        created.pclose = pclose
    if trailamount != 0.0:
        created.trailamount = trailamount
    if trailpercent != 0.0:
        created.trailpercent = trailpercent
    executed = _new(OrderData)
    executed._bits = []                 # (a list: see OrderData.exbits)
    if size:
        executed.remsize = size
    return created, executed


class OrderBase(ParamsBase):
    """Common machinery of every order: constants, status handling, bookkeeping.

    Parameters are readable as attributes (``order.price``, ``order.exectype``...).
    ``order.size`` is negative for sell orders.
    """

    params = (
        ('owner', None),
        ('data', None),
        ('size', None),
        ('price', None),
        ('pricelimit', None),
        ('exectype', None),
        ('valid', None),
        ('tradeid', 0),
        ('oco', None),
        ('trailamount', None),
        ('trailpercent', None),
        ('parent', None),
        ('transmit', True),
        ('simulated', False),
        ('histnotify', False),
    )

    #: ``valid=Order.DAY`` makes the order good for the creation day only
    DAY = datetime.timedelta()

    T_Close, T_Day, T_Date, T_None = 0, 1, 2, 3
    V_None = range(1)

    ExecTypes = ['Market', 'Close', 'Limit', 'Stop', 'StopLimit', 'StopTrail',
                 'StopTrailLimit', 'Historical']
    Market, Close, Limit, Stop, StopLimit, StopTrail, StopTrailLimit, Historical = \
        range(len(ExecTypes))

    OrdTypes = ['Buy', 'Sell']
    Buy, Sell = 0, 1

    Status = ['Created', 'Submitted', 'Accepted', 'Partial', 'Completed',
              'Canceled', 'Expired', 'Margin', 'Rejected']
    Created, Submitted, Accepted, Partial, Completed, Canceled, Expired, Margin, \
        Rejected = range(len(Status))
    Cancelled = Canceled

    #: source of ``ref``: one sequence per process, shared by all orders
    refbasis = itertools.count(1)

    ordtype: int

    # per-order state starting at these values (set on the instance when it changes)
    status = 0          # Created
    broker = None
    comminfo = None
    triggered = False
    position = 0
    pannotated = None
    _limitoffset = 0.0
    _pricer = None      # a PriceEvaluator given as price= (brokers/priceevaluator.py)
    _dteos = None
    #: extra key/values (``addinfo``, keywords of buy/sell): made when first read
    info = MadeOnFirstRead(AutoOrderedDict)

    def __init__(self) -> None:
        p = self.p
        data, pricelimit, simulated = p.data, p.pricelimit, p.simulated
        # the most read parameters as plain attributes (the rest via _ParamView)
        self.data = data
        self.owner = p.owner
        self.ref = next(self.refbasis)
        # read for every order by the broker and the strategy: plain attributes
        self.parent = parent = p.parent
        self.transmit = p.transmit
        self.tradeid = p.tradeid
        self._active = parent is None
        self._plimit = pricelimit

        exectype = p.exectype
        if exectype is None:
            exectype = 0                # Market
        # (upstream keeps an unknown exectype: the order is accepted and never fills)
        size = p.size
        if _strict.ENABLED:
            self._check_strict(exectype, size, data, simulated)
        self.exectype = exectype
        if self.ordtype:               # sell orders carry a negative size
            self.size = size = -size

        valid = p.valid
        self.valid = None if valid is None else self._convert_valid(valid, data)

        # Price attached to the order: the given price, else the limit price, else
        # (real orders) the current close
        given = p.price
        if not simulated:
            pclose = _current(data.close)
            created_dt = _current(data.datetime)
        else:
            pclose = given
            created_dt = 0.0
        price = given or pricelimit or pclose
        plimit = pricelimit or price

        created, executed = _snapshots(created_dt, size, price, pricelimit, plimit, pclose,
                                       p.trailamount, p.trailpercent)
        self.created = created

        if exectype == 5 or exectype == 6:      # StopTrail, StopTrailLimit
            self._limitoffset = created.price - created.pricelimit
            refprice = created.price
            # start from the worst stop so the first adjustment always applies
            created.price = float('inf') * (1 if self.isbuy() else -1)
            self.trailadjust(refprice)
        self.executed = executed
        if simulated:
            self._dteos = 0.0

    def _check_strict(self, exectype, size, data, simulated: bool) -> None:
        """Strict mode: what upstream lets through (an order that never fills,
        or a late AttributeError) is refused when the order is made."""
        name = type(self).__name__
        if not (_is_number(exectype) and int(exectype) == exectype
                and 0 <= exectype < len(self.ExecTypes)):
            raise OrderError('%s: exectype must be one of Order.Market .. Order.Historical '
                             '(0..7), got %r' % (name, exectype))
        if not _is_number(size):
            raise OrderError('%s: size must be a number, got %r' % (name, size))
        if data is None and not simulated:
            raise OrderError('%s: a data feed is required (data=None)' % name)

    @classmethod
    def _from_params(cls, values: dict) -> 'OrderBase':
        """``cls(**values)`` (the parameters not in ``values`` at their
        defaults) without the generic keyword pipeline (the broker creates
        every order through it)."""
        if cls.__init__ is not _ORDER_INIT:
            return cls(**values)        # a class with its own __init__: the full path
        order = _new(cls)
        p = _new(cls.params)
        defaults = p.__dict__ = param_values(cls.params)
        defaults.update(values)
        order.params = order.p = p
        _ORDER_INIT_RAW(order)
        return order

    @classmethod
    def _market(cls, owner: Any, data: Any, size: float) -> 'OrderBase':
        """``_from_params`` of a Market order whose other parameters are all
        at their defaults (a plain ``buy()``/``sell()``): the same order. For
        a class keeping OrderBase's ``__init__``, outside strict mode (the
        caller checks); the steps of ``__init__`` for it."""
        order = _new(cls)
        p = _new(cls.params)
        # (param_values(cls.params), its lookup inline: a call per order saved)
        defaults = DEFAULTS_BY_CLASS.get(cls.params)
        values = p.__dict__ = (defaults.copy() if defaults is not None
                               else param_values(cls.params))
        values['owner'] = owner
        values['data'] = data
        values['size'] = size
        if cls.ordtype:                 # sell orders carry a negative size
            size = -size
        # (price, limit price and close are the close: no price was given)
        pclose = _current(data.close)
        created, executed = _snapshots(_current(data.datetime), size, pclose, None, pclose,
                                       pclose, None, None)
        # (stored one by one, in __init__'s order: the instance dict stays compact,
        # its keys shared with every order of the class)
        order.params = order.p = p
        order.data = data
        order.owner = owner
        order.ref = next(cls.refbasis)
        order.parent = None
        order.transmit = True
        order.tradeid = 0
        order._active = True
        order._plimit = None
        order.exectype = 0
        if cls.ordtype:
            order.size = size
        order.valid = None
        order.created = created
        order.executed = executed
        return order

    @property
    def dteos(self) -> float:
        """End of session (date number) of the order's creation day; computed
        on first use (only Close orders need it)."""
        if self._dteos is None:
            data = self.data
            tonum = getattr(data, 'num2date', None) or _num2date
            created = tonum(self.created.dt)
            sessionend = getattr(data, 'sessionend', None) or _TIME_MAX
            eos = datetime.datetime.combine(created.date(), sessionend)
            if created > eos:
                eos += datetime.timedelta(days=1)
            self._dteos = data.date2num(eos)
        return self._dteos

    @dteos.setter
    def dteos(self, value: float) -> None:
        self._dteos = value

    def _convert_valid(self, valid: Any, data: Any) -> Any:
        """Turn the ``valid`` parameter into a date number (None: good till cancel)."""
        if valid is None:
            return None
        if isinstance(valid, datetime.datetime):
            return data.date2num(valid)
        if isinstance(valid, datetime.date):
            # a plain date means that date at 00:00
            return data.date2num(datetime.datetime.combine(valid, datetime.time()))
        if isinstance(valid, datetime.timedelta):
            dtnow = data.datetime.datetime(0)
            if valid == self.DAY:
                return data.date2num(datetime.datetime.combine(dtnow.date(), _DAY_END))
            return data.date2num(dtnow + valid)
        if _is_number(valid):
            return valid  # used as a date number as is (0: never expires)
        # a TypeError too, as upstream's
        raise OrderTypeError('%s: valid must be None, a datetime, date, timedelta or date '
                             'number, got %r' % (type(self).__name__, valid))

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        # parameters a subclass adds read as attributes too (declared, not looked
        # up through a __getattr__: order attributes keep the interpreter's fast paths)
        _declare_params(cls)

    @property
    def plimit(self) -> Any:
        """The limit price as given at creation (settable)."""
        return self._plimit

    @plimit.setter
    def plimit(self, val: Any) -> None:
        self._plimit = val

    # -- identity ---------------------------------------------------------------
    def __eq__(self, other: Any) -> bool:
        return other is not None and self.ref == other.ref

    def __ne__(self, other: Any) -> bool:
        return self.ref != other.ref

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by ref (as upstream)

    def __str__(self) -> str:
        lines = [
            'Ref: {}'.format(self.ref),
            'OrdType: {}'.format(self.ordtype),
            'OrdType: {}'.format(self.ordtypename()),
            'Status: {}'.format(self.status),
            'Status: {}'.format(self.getstatusname()),
            'Size: {}'.format(self.size),
            'Price: {}'.format(self.price),
            'Price Limit: {}'.format(self.pricelimit),
            'TrailAmount: {}'.format(self.trailamount),
            'TrailPercent: {}'.format(self.trailpercent),
            'ExecType: {}'.format(self.exectype),
            'ExecType: {}'.format(self.getordername()),
            'CommInfo: {}'.format(self.comminfo),
            'End of Session: {}'.format(self.dteos),
            'Info: {}'.format(self.info),
            'Broker: {}'.format(self.broker),
            'Alive: {}'.format(self.alive()),
        ]
        return '\n'.join(lines)

    # -- names ------------------------------------------------------------------
    @classmethod
    def ExecType(cls, exectype: str) -> int:
        """Execution type constant from its name (``self.ExecType('Limit') == 2``)."""
        return getattr(cls, exectype)

    def getstatusname(self, status: int | None = None) -> str:
        """Name of ``status`` (default: the order's own)."""
        return self.Status[self.status if status is None else status]

    def getordername(self, exectype: int | None = None) -> str:
        """Name of ``exectype`` (default: the order's own)."""
        return self.ExecTypes[self.exectype if exectype is None else exectype]

    def ordtypename(self, ordtype: int | None = None) -> str:
        """``'Buy'`` or ``'Sell'`` for ``ordtype`` (default: the order's own)."""
        return self.OrdTypes[self.ordtype if ordtype is None else ordtype]

    # -- state ------------------------------------------------------------------
    def isbuy(self) -> bool:
        """True for buy orders."""
        return self.ordtype == self.Buy

    def issell(self) -> bool:
        """True for sell orders."""
        return self.ordtype == self.Sell

    def active(self) -> bool:
        """False for a bracket child waiting for its parent to complete."""
        return self._active

    def activate(self) -> None:
        """Make a waiting bracket child executable."""
        self._active = True

    def alive(self) -> bool:
        """True while the order can still be executed."""
        return self.status in _ALIVE

    def setposition(self, position: Any) -> None:
        """Record the position the order refers to."""
        self.position = position

    def addcomminfo(self, comminfo: Any) -> None:
        """Attach the commission scheme used to execute the order."""
        self.comminfo = comminfo

    def addinfo(self, **kwargs: Any) -> None:
        """Store extra key/values in ``order.info``."""
        for key, val in kwargs.items():
            self.info[key] = val

    def clone(self) -> 'OrderBase':
        """Copy handed to notifications: shares ``created``, ``info`` and params;
        gets a copy of ``executed`` whose pending fills are those since the
        previous clone."""
        self.info                       # (made now if never read: one object for both)
        obj = _shallow_copy(self)
        obj.executed = self.executed.clone()
        return obj

    # -- broker side transitions ------------------------------------------------
    def brokerstatus(self) -> int:
        """Status as the broker sees it (the order's own status without broker)."""
        if self.broker:
            return self.broker.orderstatus(self)
        return self.status

    def submit(self, broker: Any = None) -> None:
        """Submitted to ``broker``; remembers the data length (``plen``)."""
        self.status = _SUBMITTED
        self.broker = broker
        self.plen = len(self.data)

    def accept(self, broker: Any = None) -> None:
        """Accepted (``broker`` replaces the stored broker, None included)."""
        self.status = _ACCEPTED
        self.broker = broker

    def reject(self, broker: Any = None) -> bool:
        """Rejected by ``broker`` (stamps ``executed.dt`` unless simulated);
        False if it already was."""
        if self.status == self.Rejected:
            return False
        self.status = self.Rejected
        self._stamp_executed()
        self.broker = broker
        return True

    def _stamp_executed(self) -> None:
        # simulated orders (no live data position) keep their last fill time
        if not self.p.simulated:
            self.executed.dt = self.data.datetime[0]

    def cancel(self) -> None:
        """Canceled (stamps ``executed.dt`` unless simulated)."""
        self.status = self.Canceled
        self._stamp_executed()

    def margin(self) -> None:
        """Refused for lack of cash (stamps ``executed.dt`` unless simulated)."""
        self.status = self.Margin
        self._stamp_executed()

    def completed(self) -> None:
        """Fully executed."""
        self.status = self.Completed

    def partial(self) -> None:
        """Partially executed."""
        self.status = self.Partial

    def execute(self, dt: float, size: float, price: float, closed: float,
                closedvalue: float, closedcomm: float, opened: float,
                openedvalue: float, openedcomm: float, margin: Any, pnl: float,
                psize: float, pprice: float) -> None:
        """Record a fill (nothing is recorded for size 0) and set the status to
        Partial or Completed according to what remains."""
        executed = self.executed
        if size:
            executed.add(dt, size, price, closed, closedvalue, closedcomm,
                         opened, openedvalue, openedcomm, pnl, psize, pprice)
            executed.margin = margin

        self.status = _PARTIAL if executed.remsize else _COMPLETED

    def expire(self) -> bool:
        """Mark expired (base behaviour: unconditionally)."""
        self.status = self.Expired
        return True

    def trailadjust(self, price: float) -> None:
        """Move a trailing stop with ``price`` (no-op in the base class)."""


class _ParamView(InstanceLookup):
    """A parameter read as an attribute (``order.data``, ``order.tradeid``...):
    the instance may still set its own value (sell orders store a negative
    ``size``)."""

    __slots__ = ()

    # read for every order the broker handles: done here, without ``lookup``'s extra call
    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return getattr(obj.p, self.key)

    def lookup(self, obj):
        return getattr(obj.p, self.key)


def _declare_params(cls) -> None:
    for name in cls.params._getkeys():
        declare(cls, name, _ParamView(name))


_declare_params(OrderBase)
# (the statuses the broker sets on every order, read as globals)
_SUBMITTED, _ACCEPTED, _PARTIAL, _COMPLETED = (OrderBase.Submitted, OrderBase.Accepted,
                                               OrderBase.Partial, OrderBase.Completed)
_ORDER_INIT = OrderBase.__init__
_ORDER_INIT_RAW = OrderBase.__init__._bt_raw


class Order(OrderBase):
    """Order as used by the backtesting broker (expiry and trailing support)."""

    def expire(self) -> bool:
        """Expire if ``valid`` has passed at the data's current time.

        Market orders never expire; ``valid`` 0/None means good till cancel.
        """
        if self.exectype == Order.Market:
            return False

        if self.valid and self.data.datetime[0] > self.valid:
            self.status = Order.Expired
            self.executed.dt = self.data.datetime[0]
            return True

        return False

    def trailadjust(self, price: float) -> None:
        """Ratchet the stop price of a trailing order with reference ``price``.

        The distance is ``trailamount`` or else ``price * trailpercent``. A buy stop
        only moves down, a sell stop only up. StopTrailLimit keeps its limit at the
        original distance from the stop.
        """
        if self.trailamount:
            distance = self.trailamount
        elif self.trailpercent:
            distance = price * self.trailpercent
        else:
            distance = 0.0

        created = self.created
        if self.isbuy():
            price = price + distance
            if price < created.price:
                created.price = price
                if self.exectype == Order.StopTrailLimit:
                    created.pricelimit = price - self._limitoffset
        else:
            price = price - distance
            if price > created.price:
                created.price = price
                if self.exectype == Order.StopTrailLimit:
                    created.pricelimit = price - self._limitoffset


class BuyOrder(Order):
    """Order to buy (``size`` positive)."""
    ordtype = Order.Buy


class StopBuyOrder(BuyOrder):
    """Buy order subclass kept for API compatibility."""


class StopLimitBuyOrder(BuyOrder):
    """Buy order subclass kept for API compatibility."""


class SellOrder(Order):
    """Order to sell (``order.size`` is the negated requested size)."""
    ordtype = Order.Sell


class StopSellOrder(SellOrder):
    """Sell order subclass kept for API compatibility."""


class StopLimitSellOrder(SellOrder):
    """Sell order subclass kept for API compatibility."""
