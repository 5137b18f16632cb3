"""Position: size and average price held in one asset."""
from __future__ import annotations

import datetime
from typing import Any

from .lines.buffer import current_value

__all__ = ['Position']


class Position:
    """Size and average entry price of a holding.

    ``price`` is 0.0 while flat. ``upopened``/``upclosed`` tell what the last
    ``update``/``set`` opened and closed, ``price_orig`` the price before it,
    ``adjbase`` is the broker's mark-to-market base and ``datetime`` the time of the
    last update (used for credit interest).
    """

    # A stock-like position held by the simulated broker follows its data's
    # close (``_adjdata``, since the date number ``_adjsince``; the ledger's
    # fills call _follow_close and _leave_close): upstream's broker sets
    # ``adjbase`` to the close at the end of every cycle while a position is
    # held; here it is read when asked, no work per bar.
    _adjdata = None
    _adjsince = None
    _adjprev = None         # (noted by the ledger when the data keeps one bar)
    _adjbase = None
    # (the data of a position the simulated broker holds: upstream's broker
    # stamps ``datetime`` with that data's bar on every cycle the position is
    # open; here it is read when asked)
    _dtdata = None

    def __init__(self, size: float = 0, price: float = 0.0) -> None:
        self.size = size
        self.price = price if size else 0.0
        self._adjbase = None
        self.updt = None
        self._dt = None
        # a no-change set fills price_orig/upopened/upclosed; upclosed then has the
        # type of size (0.0 for float sizes), as upstream reports it
        self.set(size, price)

    def __str__(self) -> str:
        items = [
            '--- Position Begin',
            '- Size: {}'.format(self.size),
            '- Price: {}'.format(self.price),
            '- Price orig: {}'.format(self.price_orig),
            '- Closed: {}'.format(self.upclosed),
            '- Opened: {}'.format(self.upopened),
            '- Adjbase: {}'.format(self.adjbase),
            '--- Position End',
        ]
        return '\n'.join(items)

    @property
    def datetime(self) -> datetime.datetime | None:
        """Time of the last update/credit; while the simulated broker holds
        the position open, its data's current bar (upstream's broker stamps
        it every cycle). The broker stores the bar's date number and its
        timezone; the datetime is built only when read."""
        data = self._dtdata
        if data is not None and self.size:
            return data.lines.datetime.datetime()
        dt = self._dt
        if type(dt) is tuple:
            from .utils.dateintern import num2date
            dt = self._dt = num2date(dt[0], dt[1])
        return dt

    @datetime.setter
    def datetime(self, value) -> None:
        self._dt = value

    @property
    def adjbase(self) -> Any:
        """The broker's base for the position's moves: for a futures-like
        one the last mark-to-market price; for a stock-like one the close of
        the last bar it was held over (None before any)."""
        data = self._adjdata
        if data is not None and self.size:
            return current_value(data.lines.close)
        value = self._adjbase
        if value is None:
            # (restored from a checkpoint of an earlier version: kept under this name)
            value = self.__dict__.get('adjbase')
        return value

    @adjbase.setter
    def adjbase(self, value: Any) -> None:
        self._adjbase = value

    def _follow_close(self, data: Any, dt: float) -> Any:
        """Opened (from flat) on the bar dated ``dt``: the base follows
        ``data``'s close from now on (returned: the close line)."""
        self._adjdata, self._adjsince, self._adjprev = data, dt, None
        return data.lines.close

    def _leave_close(self, dt: float) -> None:
        """Flat again on the bar dated ``dt``: the base stays the close of the
        last bar the position was held over (none if opened on this bar)."""
        data = self._adjdata
        if data is not None:
            if dt > self._adjsince:
                prev = self._adjprev
                self._adjbase = data.lines.close[-1] if prev is None else prev
            self._adjdata = self._adjprev = None

    def __len__(self) -> int:
        return abs(self.size)

    def __bool__(self) -> bool:
        # the size's own truth (NaN is true, as ``!= 0``), without a call:
        # strategies test positions per data per bar
        return True if self.size else False

    __nonzero__ = __bool__

    def set(self, size: float, price: float) -> tuple:
        """Overwrite size and price; return ``(size, price, opened, closed)``
        describing the change from the previous size.

        Moving away from a flat position reports nothing opened (as upstream).
        """
        oldsize = self.size
        if oldsize > 0:
            if size > oldsize:
                opened, closed = size - oldsize, 0
            elif size > 0:
                opened, closed = 0, oldsize - size
            else:  # went flat or reversed
                opened, closed = size, oldsize
        elif oldsize < 0:
            if size < oldsize:
                opened, closed = size - oldsize, 0
            elif size < 0:
                opened, closed = 0, oldsize - size
            else:
                opened, closed = size, oldsize
        else:
            opened, closed = 0, 0

        self.price_orig, self.upopened, self.upclosed = self.price, opened, closed
        self.size, self.price = size, (price if size else 0.0)
        return size, self.price, opened, closed

    def fix(self, size: float, price: float) -> bool:
        """Overwrite size and price as they are; True if the size did not change."""
        oldsize = self.size
        self.size = size
        self.price = price
        return self.size == oldsize

    def clone(self) -> 'Position':
        """A fresh position with the same size and price."""
        return Position(size=self.size, price=self.price)

    def pseudoupdate(self, size: float, price: float) -> tuple:
        """What ``update(size, price)`` would return, leaving this position intact."""
        return fill_outcome(self.size, self.price, size, price)

    def update(self, size: float, price: float, dt: Any = None) -> tuple:
        """Apply a fill of ``size`` (signed) at ``price``.

        Returns ``(size, price, opened, closed)``: the new size and average price and
        the parts of ``size`` that opened and closed (both carry ``size``'s sign,
        except on a reversal where closed is ``-oldsize`` and opened the new size).
        """
        return self.take(fill_outcome(self.size, self.price, size, price), dt)

    def take(self, outcome: tuple, dt: Any = None) -> tuple:
        """Apply ``outcome``, what ``pseudoupdate`` returned for a fill on this
        position as it still is (the broker computes it once); returns it."""
        self._dt = dt
        self.price_orig = self.price
        self.size, self.price, self.upopened, self.upclosed = outcome
        return outcome


def fill_outcome(oldsize: float, oldprice: float, size: float, price: float) -> tuple:
    """``(newsize, newprice, opened, closed)`` of filling ``size`` at ``price``
    on a position of ``oldsize`` at ``oldprice``."""
    newsize = oldsize + size
    if not newsize:
        return newsize, 0.0, 0, size
    if not oldsize:
        return newsize, price, size, 0
    if (oldsize > 0 and size > 0) or (oldsize < 0 and size < 0):
        # same side: volume-weighted average entry price
        return newsize, (oldprice * oldsize + size * price) / newsize, size, 0
    if (newsize > 0) == (oldsize > 0):
        # reduced (or a 0 update): the entry price stays
        return newsize, oldprice, 0, size
    # reversed: the old position is closed, the rest opens at ``price``
    return newsize, price, newsize, -oldsize
