"""Replayed history for the simulated broker: past orders and fund figures.

``Cerebro.add_order_history`` hands the broker a list of past executions: each
becomes a ``Historical`` order when the data it belongs to reaches the entry's
time. ``Cerebro.set_fund_history`` hands it a series of (time, share value,
net asset value) from which the broker reports value and fund figures instead
of marking positions to market.

Entries of one ``add_order_history`` call form one queue, consumed strictly in
the given order: an entry whose data has not reached its time holds back the
entries behind it (as upstream does; give the entries sorted by time).
"""
from __future__ import annotations

import collections
import datetime as _dt
from typing import Any, Iterable, Optional

from ..core.errors import OrderError

__all__ = ['parse_history_time', 'OrderHistory', 'FundHistory']

# accepted string layouts, told apart by their length
_FORMATS = {10: '%Y-%m-%d', 19: '%Y-%m-%dT%H:%M:%S'}


def parse_history_time(when: Any) -> _dt.datetime:
    """A history time as a ``datetime``: a ``datetime``, a ``date`` (its
    midnight) or a string ``YYYY-MM-DD[THH:MM:SS[.ffffff]]``."""
    if isinstance(when, _dt.datetime):
        return when
    if isinstance(when, _dt.date):
        return _dt.datetime(when.year, when.month, when.day)
    if isinstance(when, str):
        fmt = _FORMATS.get(len(when), '%Y-%m-%dT%H:%M:%S.%f')
        try:
            return _dt.datetime.strptime(when, fmt)
        except ValueError:
            pass
        raise OrderError('history time %r is not YYYY-MM-DD[THH:MM:SS[.ffffff]]' % (when,))
    raise OrderError('history time must be a datetime, date or string, not %s'
                     % type(when).__name__)


class OrderHistory:
    """One queue of past executions ``[time, size, price(, data)]``.

    ``data`` is None (the first data), an index into the cerebro's datas, a
    data name or a data feed object. ``notify`` decides whether the owner
    strategy's ``notify_order`` sees the orders made from the entries.
    """

    __slots__ = ('entries', 'notify')

    def __init__(self, orders: Iterable, notify: bool = True) -> None:
        entries = collections.deque()
        for i, entry in enumerate(orders):
            try:
                when, size, price, *rest = entry
            except (TypeError, ValueError):
                raise OrderError('order history entry %d must be [time, size, price(, data)], '
                                 'got %r' % (i, entry)) from None
            if len(rest) > 1:
                raise OrderError('order history entry %d has more than 4 fields: %r'
                                 % (i, entry))
            entries.append((parse_history_time(when), size, price, rest[0] if rest else None))
        self.entries = entries
        self.notify = notify

    @staticmethod
    def _resolve(datas: list, ref):
        if ref is None:
            return datas[0]
        if isinstance(ref, int):
            return datas[ref]
        if isinstance(ref, str):
            for data in datas:
                if data._name == ref:
                    return data
            raise OrderError('order history names an unknown data %r' % ref)
        return ref

    def due(self, datas: list):
        """Pop and yield ``(data, size, price)`` of every leading entry whose
        data has reached the entry's time."""
        entries = self.entries
        while entries:
            when, size, price, ref = entries[0]
            data = self._resolve(datas, ref)
            if not len(data) or data.datetime.datetime(0) < when:
                return
            entries.popleft()
            yield data, size, price


class FundHistory:
    """(time, share value, net asset value) rows. ``current(dt)`` moves on by
    at most one row per call (once per broker cycle, as upstream: two rows due
    on the same bar take two bars) and gives the figures of the last row
    taken (NaNs before the first one)."""

    __slots__ = ('rows', 'pos', 'fundval', 'netvalue')

    def __init__(self, fund: Iterable) -> None:
        rows = []
        for i, entry in enumerate(fund):
            try:
                when, fundval, netvalue = entry
            except (TypeError, ValueError):
                raise OrderError('fund history entry %d must be [time, share value, net asset '
                                 'value], got %r' % (i, entry)) from None
            rows.append((parse_history_time(when), fundval, netvalue))
        if not rows:
            raise OrderError('fund history is empty')
        self.rows = rows
        self.pos = 0
        self.fundval = self.netvalue = float('nan')

    @property
    def start(self) -> tuple:
        """(share value, net asset value) of the first row."""
        return self.rows[0][1], self.rows[0][2]

    def current(self, dt: Optional[_dt.datetime]) -> tuple:
        rows, pos = self.rows, self.pos
        if dt is not None and pos < len(rows) and rows[pos][0] <= dt:
            self.fundval, self.netvalue = rows[pos][1], rows[pos][2]
            self.pos = pos + 1
        return self.fundval, self.netvalue
