"""Executed transactions per bar (``Transactions``)."""
from __future__ import annotations

from ..order import Order
from ..position import Position
from .base import Analyzer

__all__ = ['Transactions']


class Transactions(Analyzer):
    """For each bar with executions: datetime -> list of
    ``[amount, price, data index, data name, -amount * price]`` per data, the
    fills of the bar netted into one position (average price).

    With ``headers`` the first entry is ``_pfheaders[0]`` -> ``[_pfheaders[1:]]``.
    """

    params = (
        ('headers', False),
        ('_pfheaders', ('date', 'amount', 'price', 'sid', 'symbol', 'value')),
    )

    def start(self) -> None:
        super().start()
        if self.p.headers:
            self.rets[self.p._pfheaders[0]] = [list(self.p._pfheaders[1:])]
        self._positions = {}
        self._idnames = list(enumerate(self.strategy.getdatanames()))

    def notify_order(self, order) -> None:
        if order.status not in (Order.Partial, Order.Completed):
            return
        name = order.data._name
        pos = self._positions.get(name)
        if pos is None:
            pos = self._positions[name] = Position()
        for exbit in order.executed.iterpending():
            if exbit is None:
                break
            pos.update(exbit.size, exbit.price)

    def next(self) -> None:
        positions = self._positions
        if not positions:
            return
        entries = []
        for i, dname in self._idnames:
            pos = positions.get(dname)
            if pos is not None and pos.size:
                size, price = pos.size, pos.price
                entries.append([size, price, i, dname, -size * price])
        if entries:
            self.rets[self.strategy.datetime.datetime()] = entries
        positions.clear()
