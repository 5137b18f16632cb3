"""What an order asked for and what it got: ``OrderData`` (the ``created``
and ``executed`` snapshots of an order) and ``OrderExecutionBit`` (one fill).

Kept apart from order.py (the order's life cycle); ``backtrader.order``
re-exports both under upstream's names.
"""
from __future__ import annotations

import collections
import itertools
from typing import Any, Iterator

__all__ = ['OrderExecutionBit', 'OrderData']

_new = object.__new__
_deque = collections.deque
_NO_FILLS = ()


class _Fills:
    """``OrderData.exbits``: the fills, as upstream's ``deque``. An order's
    ``executed`` records its fills in a plain list (one or two fills; a
    deque takes ~760 bytes, a fifth of an order kept by the broker) until
    ``exbits`` is read or the snapshot is copied: the list becomes a deque
    then, kept from then on (copies share it, as upstream's)."""

    __slots__ = ()

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return obj._shared_fills()

    def __set__(self, obj, value) -> None:
        obj.__dict__['_bits'] = value


class OrderExecutionBit:
    """One fill of an order.

    ``closed``/``opened`` split the filled size between the part that reduced an
    existing position and the part that opened (or extended) one; values and
    commissions are split the same way. ``psize``/``pprice`` describe the position
    after this fill.
    """

    def __init__(self, dt: float | None = None, size: float = 0, price: float = 0.0,
                 closed: float = 0, closedvalue: float = 0.0, closedcomm: float = 0.0,
                 opened: float = 0, openedvalue: float = 0.0, openedcomm: float = 0.0,
                 pnl: float = 0.0, psize: float = 0, pprice: float = 0.0) -> None:
        # (stored in upstream's order: vars(bit) lists them so)
        self.dt, self.size, self.price = dt, size, price
        self.closed, self.opened = closed, opened
        self.closedvalue, self.openedvalue = closedvalue, openedvalue
        self.closedcomm, self.openedcomm = closedcomm, openedcomm
        self.value, self.comm = closedvalue + openedvalue, closedcomm + openedcomm
        self.pnl, self.psize, self.pprice = pnl, psize, pprice


class OrderData:
    """Snapshot of an order's request (``created``) or of its fills (``executed``).

    For ``executed``, ``price`` is the size-weighted average of the fills, ``value``,
    ``comm`` and ``pnl`` are sums, ``remsize`` is what is still to be filled and
    ``exbits`` holds the individual fills. ``p1:p2`` delimits the fills not yet
    notified (see ``markpending``/``getpending``).
    """

    # Defaults live on the class: an instance stores only what differs, which
    # keeps the notification clones (a copy of the instance dict) small.
    value = 0.0
    comm = 0.0
    margin = None
    pnl = 0.0
    psize = 0
    pprice = 0
    p1 = 0
    p2 = 0
    dt = None
    size = 0
    remsize = 0
    price = 0.0
    pricelimit = 0.0
    pclose = 0.0
    trailamount = 0.0
    trailpercent = 0.0
    _plimit = 0.0
    #: the fills recorded: a list, or the deque ``exbits`` made of it
    _bits = _NO_FILLS
    exbits = _Fills()

    def __init__(self, dt: float | None = None, size: float = 0, price: float = 0.0,
                 pricelimit: float = 0.0, remsize: float = 0, pclose: float = 0.0,
                 trailamount: float = 0.0, trailpercent: float = 0.0) -> None:
        self.exbits: collections.deque = collections.deque()
        d = self.__dict__
        if dt is not None:
            d['dt'] = dt
        if size:
            d['size'] = size
        if remsize:
            d['remsize'] = remsize
        if price != 0.0:
            d['price'] = price
        if pricelimit != 0.0:
            # ``plimit`` keeps the limit price as given, ``pricelimit`` may be filled in
            d['pricelimit'] = d['_plimit'] = pricelimit
        if pclose != 0.0:
            d['pclose'] = pclose
        if trailamount != 0.0:
            d['trailamount'] = trailamount
        if trailpercent != 0.0:
            d['trailpercent'] = trailpercent

    def _set_plimit(self, val: Any) -> None:
        self._plimit = val

    plimit = property(lambda self: self._plimit, _set_plimit,
                      doc='The limit price as it was given (None when none was).')

    def __len__(self) -> int:
        return len(self._bits)

    def __getitem__(self, key: int) -> OrderExecutionBit:
        return self._bits[key]

    def _shared_fills(self) -> collections.deque:
        """The fills as the deque copies of this snapshot share (made now
        from the list of fills recorded so far, if there is none yet)."""
        bits = self._bits
        if type(bits) is not _deque:
            bits = self._bits = _deque(bits)
        return bits

    def __copy__(self) -> 'OrderData':
        self._shared_fills()
        return _shallow_copy(self)

    def __setstate__(self, state: dict) -> None:
        if 'exbits' in state:           # (pickled when the fills were kept so)
            state = dict(state)
            state['_bits'] = state.pop('exbits')
        self.__dict__.update(state)

    def add(self, dt: float | None, size: float, price: float, closed: float = 0,
            closedvalue: float = 0.0, closedcomm: float = 0.0, opened: float = 0,
            openedvalue: float = 0.0, openedcomm: float = 0.0, pnl: float = 0.0,
            psize: float = 0, pprice: float = 0.0) -> None:
        """Record a fill built from the given figures."""
        bit = OrderExecutionBit(dt, size, price, closed, closedvalue, closedcomm,
                                opened, openedvalue, openedcomm, pnl, psize, pprice)
        if type(self) is not OrderData:
            self.addbit(bit)            # a subclass may record fills its own way
            return
        self._take(bit, dt, size, price, pnl, psize, pprice)

    def addbit(self, exbit: OrderExecutionBit) -> None:
        """Record a fill and update the running totals."""
        self._take(exbit, exbit.dt, exbit.size, exbit.price, exbit.pnl, exbit.psize,
                   exbit.pprice)

    def _take(self, bit: OrderExecutionBit, dt, size, price, pnl, psize, pprice) -> None:
        # the figures come with the bit (``add`` has them at hand: no attribute reads)
        bits = self._bits
        if bits is _NO_FILLS:
            bits = self._bits = []
        bits.append(bit)
        self.remsize -= size
        self.dt = dt
        prev_amount = self.size * self.price
        self.size = total = self.size + size
        # computed as (prev + fill) / total even for the first fill: the rounding
        # of size*price/size is what upstream reports
        self.price = (prev_amount + size * price) / total
        self.value += bit.value
        self.comm += bit.comm
        self.pnl += pnl
        self.psize = psize
        self.pprice = pprice

    def getpending(self) -> list:
        """Fills between the last two ``markpending`` calls."""
        return list(self.iterpending())

    def iterpending(self) -> Iterator[OrderExecutionBit]:
        """Iterator over the fills returned by ``getpending``."""
        return itertools.islice(self._bits, self.p1, self.p2)

    def markpending(self) -> None:
        """Close the pending window: fills up to now become the pending ones."""
        self.p1, self.p2 = self.p2, len(self._bits)

    def clone(self) -> 'OrderData':
        """Mark pending fills and return a shallow copy (the fill deque is
        shared, as upstream's: a copy's len() counts later fills too)."""
        self.markpending()
        self._shared_fills()
        return _shallow_copy(self)


def _shallow_copy(obj):
    """Fast shallow copy of a plain (dict-based) object (a copied dict handed
    over whole is cheaper than filling an empty one)."""
    new = _new(type(obj))
    new.__dict__ = obj.__dict__.copy()
    return new
