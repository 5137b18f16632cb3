"""Buy/sell execution markers per data."""
from __future__ import annotations

from ..core.descriptors import MadeOnFirstRead
from ..lines.buffer import current_value
from ..lines.iterator import clock_of
from .base import Observer

__all__ = ['BuySell']


class BuySell(Observer):
    """Average execution price of this data's buys and sells in the bar (NaN
    when none); with ``barplot`` the markers sit below the low / above the high."""
    _skips_unfilled_orders = True

    _notification_driven = True
    lines = ('buy', 'sell',)
    params = (('barplot', False), ('bardist', 0.015))
    plotinfo = dict(plot=True, subplot=False, plotlinelabels=True)
    plotlines = dict(
        buy=dict(marker='^', markersize=8.0, color='lime', fillstyle='full', ls=''),
        sell=dict(marker='v', markersize=8.0, color='red', fillstyle='full', ls=''),
    )

    def _bt_choose_clock(self, datas, owner):
        # Upstream's runonce loop advances every observer with the strategy, so in
        # that mode a BuySell has one slot per strategy bar even when its data did
        # not tick (next mode keeps the data's clock). (Reads _env: a user
        # attribute may shadow ``env``.)
        env = getattr(owner, '_env', None)
        if env is not None and getattr(env, '_dorunonce', False) and \
                getattr(env, '_dopreload', False):
            source = clock_of(owner)
            follower = getattr(owner, '_follower_clock', None)
            return follower(source) if follower is not None else source
        return super()._bt_choose_clock(datas, owner)

    def next(self) -> None:
        orders = self._owner._orderspending
        if not orders:
            return
        buys, sells = [], []
        data = self.data
        for order in orders:
            if order.data is not data:
                continue
            executed = order.executed
            if executed.size:
                (buys if order.isbuy() else sells).append(executed.price)
        self._mark_fills(buys, sells)

    def _bt_group_next(self, peers: list):
        """A call doing the ``next`` of all ``peers`` (BuySells of one
        strategy, one per data, this one first): the bar's orders are gone
        through once, not once per observer. Each observer marks the prices
        of its data's orders in their order, as its ``next`` does. (A bound
        method, the peers an attribute: checkpoints store both.)"""
        self._bt_peers = peers
        self.__dict__.pop('_bt_peers_by_data', None)    # (made again for these peers)
        return self._next_peers

    def _peers_by_data(self) -> dict:
        # data -> its peers: a bar's fills reach their observers without going
        # through all of them (datas hash by identity)
        by_data = {}
        for obs in self._bt_peers:
            by_data.setdefault(obs.data, []).append(obs)
        return by_data

    # made on first use (a checkpoint of an earlier version has the peers only)
    _bt_peers_by_data = MadeOnFirstRead(_peers_by_data, of_instance=True)

    def _next_peers(self) -> None:
        orders = self._owner._orderspending
        if not orders:
            return
        prices = {}                 # data -> (buys, sells)
        for order in orders:
            executed = order.executed
            if executed.size:
                data = order.data
                found = prices.get(data)
                if found is None:
                    found = prices[data] = ([], [])
                found[0 if order.isbuy() else 1].append(executed.price)
        if prices:
            # (each observer marks its own lines: the order among observers is free)
            by_data = self._bt_peers_by_data
            for data, found in prices.items():
                for obs in by_data.get(data, ()):
                    obs._mark_fills(*found)

    def _mark_fills(self, buys: list, sells: list) -> None:
        """Mark the bar's buy and sell fill prices of this observer's data."""
        p = self.p
        if p.barplot:
            # the markers sit below the low / above the high: the prices do not matter
            if buys:
                self.lines.buy[0] = self.data.low[0] * (1 - p.bardist)
            if sells:
                self.lines.sell[0] = self.data.high[0] * (1 + p.bardist)
            return
        if buys:
            _average_in(self.lines.buy, buys)
        if sells:
            _average_in(self.lines.sell, sells)


def _average_in(line, prices: list) -> None:
    """The bar's value of ``line``: the average of ``prices`` and of the
    marks made on this bar already."""
    cur = current_value(line)       # NaN until a first mark on this bar
    count = 0 if cur != cur else 1
    total = 0.0 if cur != cur else cur
    for price in prices:
        total += price
    line[0] = total / (count + len(prices))
