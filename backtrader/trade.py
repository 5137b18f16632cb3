"""Trade: the life of a position from opening to flat, with its profit and loss."""
from __future__ import annotations

import datetime
import itertools
from typing import Any

from .core.descriptors import MadeOnFirstRead
from .utils.autodict import AutoOrderedDict
from .utils.dateintern import num2date

__all__ = ['TradeHistory', 'Trade']


class TradeHistory(AutoOrderedDict):
    """Snapshot of a trade after one update.

    ``status`` holds the trade's state after the update (``status, dt, barlen,
    size, price, value, pnl, pnlcomm, tz``); ``event`` the update itself
    (``order, size, price, commission``). The dictionary is closed: reading a
    missing key raises ``KeyError``.
    """

    _STATUS_KEYS = ('status', 'dt', 'barlen', 'size', 'price', 'value', 'pnl', 'pnlcomm', 'tz')

    def __init__(self, status: int, dt: float, barlen: int, size: float, price: float,
                 value: float, pnl: float, pnlcomm: float, tz: Any,
                 event: Any = None) -> None:
        super().__init__()
        snapshot = self.status
        for key, val in zip(self._STATUS_KEYS,
                            (status, dt, barlen, size, price, value, pnl, pnlcomm, tz)):
            snapshot[key] = val
        if event is not None:
            self.event = event
        self._close()

    def __reduce__(self):
        st = self.status
        return (self.__class__,
                (st.status, st.dt, st.barlen, st.size, st.price, st.value, st.pnl,
                 st.pnlcomm, st.tz, self.get('event')))

    def doupdate(self, order: Any, size: float, price: float, commission: float) -> None:
        """Record the update (order and fill figures) that produced this snapshot."""
        self._open()
        self.event.order = order
        self.event.size = size
        self.event.price = price
        self.event.commission = commission
        self._close()

    def datetime(self, tz: Any = None, naive: bool = True) -> datetime.datetime:
        """Datetime of the update (in ``tz`` or the data's time zone)."""
        return num2date(self.status.dt, tz or self.status.tz, naive)


class Trade:
    """Bookkeeping of one trade on one data (and ``tradeid``).

    ``size`` and ``price`` follow the fills; ``pnl`` is gross (accumulated on
    reductions), ``pnlcomm`` net of ``commission``. ``justopened`` is True only after
    the opening update; ``isclosed`` once size returns to 0. With ``historyon`` every
    update appends a ``TradeHistory``.
    """

    refbasis = itertools.count(1)

    #: the ``TradeHistory`` of every update (with ``historyon``): the list is
    #: made when first read or appended to (most trades keep no history)
    history = MadeOnFirstRead(list)

    status_names = ['Created', 'Open', 'Closed']
    Created, Open, Closed = range(3)

    _str_fields = ('ref', 'data', 'tradeid', 'size', 'price', 'value', 'commission',
                   'pnl', 'pnlcomm', 'justopened', 'isopen', 'isclosed', 'baropen',
                   'dtopen', 'barclose', 'dtclose', 'barlen', 'historyon', 'history',
                   'status')

    def __init__(self, data: Any = None, tradeid: Any = 0, historyon: bool = False,
                 size: float = 0, price: float = 0.0, value: float = 0.0,
                 commission: float = 0.0) -> None:
        self.ref = next(self.refbasis)
        self.data, self.tradeid, self.historyon = data, tradeid, historyon
        self.size, self.price, self.value = size, price, value
        # money so far: fees, gross and net result
        self.commission, self.pnl, self.pnlcomm = commission, 0.0, 0.0
        self.justopened = self.isopen = self.isclosed = False
        # bar numbers and datetimes of opening/closing, bars held
        self.baropen = self.barclose = self.barlen = 0
        self.dtopen = self.dtclose = 0.0
        self.status = self.Created

    def __str__(self) -> str:
        return '\n'.join('{}:{}'.format(name, getattr(self, name))
                         for name in self._str_fields)

    def __len__(self) -> int:
        return abs(self.size)

    def __bool__(self) -> bool:
        return self.size != 0

    __nonzero__ = __bool__

    def getdataname(self) -> str:
        """Name of the data the trade is on."""
        return self.data._name

    def open_datetime(self, tz: Any = None, naive: bool = True) -> datetime.datetime:
        """Datetime at which the trade was opened."""
        return self.data.num2date(self.dtopen, tz=tz, naive=naive)

    def close_datetime(self, tz: Any = None, naive: bool = True) -> datetime.datetime:
        """Datetime at which the trade was closed."""
        return self.data.num2date(self.dtclose, tz=tz, naive=naive)

    def update(self, order: Any, size: float, price: float, value: float,
               commission: float, pnl: float, comminfo: Any) -> None:
        """Apply a fill of ``size`` (signed) at ``price`` paying ``commission``.

        ``value`` and ``pnl`` are accepted for compatibility but recomputed with
        ``comminfo``: the value from the trade's size and average price, the pnl
        (on reductions only) from the average price.
        """
        if size:    # an empty fill changes nothing, not even the commission
            self._book(order, size, price, commission, comminfo, len(self.data), None)

    def _book(self, order: Any, size: float, price: float, commission: float,
              comminfo: Any, nbars: int, dt: Any) -> None:
        """``update`` of a fill of non-zero ``size``, the data's bar count
        (``nbars``) and current datetime (``dt``; None: read it from the data
        when needed) given by the caller (the ledger knows them per order)."""
        self.commission += commission

        oldsize = self.size
        self.size = newsize = oldsize + size

        self.justopened = justopened = not oldsize     # (size is not 0)
        if justopened:
            self.baropen = nbars
            if order.p.simulated:
                self.dtopen = 0.0
            else:
                self.dtopen = dt = self.data.datetime[0] if dt is None else dt
            self.long = newsize > 0

        self.isopen = isopen = bool(newsize)
        self.isclosed = not isopen  # re-evaluated: a reopened trade is not closed
        self.barlen = nbars - self.baropen
        if isopen:
            self.status = self.Open
        else:
            self.status = self.Closed
            self.barclose = nbars
            self.dtclose = dt = self.data.datetime[0] if dt is None else dt

        if abs(newsize) > abs(oldsize):
            # increased: average the price, no realized pnl
            self.price = avg = (oldsize * self.price + size * price) / newsize
            pnl = 0.0
        else:
            # reduced: realize pnl against the average price
            avg = self.price
            pnl = comminfo.profitandloss(-size, avg, price)

        self.pnl += pnl
        self.pnlcomm = self.pnl - self.commission

        self.value = comminfo.getvaluesize(newsize, avg)

        if self.historyon:
            data = self.data
            if order.p.simulated:
                stamp = 0.0
            else:
                stamp = data.datetime[0] if dt is None else dt
            snapshot = TradeHistory(self.status, stamp, self.barlen, self.size, self.price,
                                    self.value, self.pnl, self.pnlcomm,
                                    getattr(data, '_tz', None))
            snapshot.doupdate(order, size, price, commission)
            self.history.append(snapshot)
