"""Order matching of the simulated broker: the execution rule of each order
type against the current bar, slippage, volume fillers, and the fill.

``OrderMatching`` is a mixin of ``BackBroker``: its methods are upstream's
names (``_try_exec``, ``_try_exec_market`` ... ``_slip_up``, ``_execute``),
which subclasses override, so the rules call each other through ``self``.
The money side of a fill is the ledger's (``Ledger.fill``).

Prices are those of the order's data at the current bar (the tick values
while replaying); P is the order's price, PL its limit price.
"""
from __future__ import annotations

from typing import Optional

from ..order import Order
from . import bars
from .priceevaluator import Bar

__all__ = ['OrderMatching']

_MARKET = Order.Market


class OrderMatching:
    """Execution rules per order type (a mixin of ``BackBroker``)."""

    def _try_exec(self, order) -> None:
        """One execution attempt of ``order`` against the current bar."""
        if self._evaluated and self._try_exec_evaluated(order):
            return
        et = order.exectype
        if et == _MARKET:
            p = self.p
            if self._plain_market and not (p.slip_open and (p.slip_perc or p.slip_fixed)):
                # built-in market rules and no slippage on opens: the open
                # alone decides (high/low only cap a slippage)
                self._try_exec_market(order, bars.open_now(order.data), None, None)
                return
            popen, phigh, plow, _ = bars.prices(order.data)
            self._try_exec_market(order, popen, phigh, plow)
            return
        popen, phigh, plow, pclose = bars.prices(order.data)
        pcreated = order.created.price
        plimit = order.created.pricelimit
        if et == Order.Close:
            self._try_exec_close(order, pclose)
        elif et == Order.Limit:
            self._try_exec_limit(order, popen, phigh, plow, pcreated)
        elif order.triggered and et in (Order.StopLimit, Order.StopTrailLimit):
            self._try_exec_limit(order, popen, phigh, plow, plimit)
        elif et in (Order.Stop, Order.StopTrail):
            self._try_exec_stop(order, popen, phigh, plow, pcreated, pclose)
        elif et in (Order.StopLimit, Order.StopTrailLimit):
            self._try_exec_stoplimit(order, popen, phigh, plow, pclose, pcreated, plimit)
        elif et == Order.Historical:
            self._try_exec_historical(order)

    # -- slippage ------------------------------------------------------------------------------
    def _slip(self, cap: float, price: float, doslip: bool, lim: bool, up: bool):
        """``price`` moved against the order by the slippage (up for buys):
        kept within ``cap`` (the bar's extreme on that side), or the cap when
        ``slip_match`` (or ``slip_limit`` for limit prices) allows it
        (``slip_out``: the slipped price anyway); None: no fill this bar."""
        if not doslip:
            return price
        p = self.p
        if p.slip_perc:
            pslip = price * (1 + p.slip_perc) if up else price * (1 - p.slip_perc)
        elif p.slip_fixed:
            pslip = price + p.slip_fixed if up else price - p.slip_fixed
        else:
            return price
        if (pslip <= cap) if up else (pslip >= cap):
            return pslip
        if p.slip_match or (lim and p.slip_limit):
            return pslip if p.slip_out else cap
        return None

    def _slip_up(self, pmax: float, price: float, doslip: bool = True, lim: bool = False):
        return self._slip(pmax, price, doslip, lim, True)

    def _slip_down(self, pmin: float, price: float, doslip: bool = True, lim: bool = False):
        return self._slip(pmin, price, doslip, lim, False)

    # -- the rules per order type ------------------------------------------------------------
    def _try_exec_market(self, order, popen, phigh, plow) -> None:
        # the open of a bar after the creation bar (high/low only cap a slippage)
        p = self.p
        if p.coc and order.info.get('coc', True):
            # cheat-on-close: the creation bar's close, stamped with its time
            price, dtcoc = order.created.pclose, order.created.dt
        elif p.coo or bars.now(order.data) > order.created.dt:
            price, dtcoc = popen, None
        else:
            return                      # never on its creation bar
        if phigh is not None:           # (None: _try_exec's open-only case)
            if order.isbuy():
                price = self._slip_up(phigh, price, doslip=p.slip_open)
            else:
                price = self._slip_down(plow, price, doslip=p.slip_open)
        self._execute(order, ago=0, price=price, dtcoc=dtcoc)

    def _try_exec_close(self, order, pclose) -> None:
        # Bars up to the end of the creation day's session only note their
        # close; the first bar past it fills, at the last noted close (and that
        # bar's time) if there is one, else at its own close. Later partial
        # fills keep using the noted close.
        # A later bar exactly at the session end fills at its own close.
        dt = order.data.datetime[0]
        dteos = order.dteos
        if dt > dteos:
            if order.pannotated:
                self._execute(order, ago=-1, price=order.pannotated)
            else:
                self._execute(order, ago=0, price=pclose)
        elif dt == dteos and dt != order.created.dt:
            self._execute(order, ago=0, price=pclose)
        else:
            order.pannotated = pclose

    def _try_exec_limit(self, order, popen, phigh, plow, plimit) -> None:
        # a gap through the limit fills at the open (slipped only with
        # slip_open, capped at the limit); a touch inside the bar fills at the
        # limit price itself, never slipped
        if order.isbuy():
            if plimit >= popen:
                pmax = min(phigh, plimit)
                p = self._slip_up(pmax, popen, doslip=self.p.slip_open, lim=True)
                self._execute(order, ago=0, price=p)
            elif plimit >= plow:
                self._execute(order, ago=0, price=plimit)
        else:
            if plimit <= popen:
                # (upstream quirk: the cap is the limit, not the low)
                p = self._slip_down(plimit, popen, doslip=self.p.slip_open, lim=True)
                self._execute(order, ago=0, price=p)
            elif plimit <= phigh:
                self._execute(order, ago=0, price=plimit)

    def _try_exec_stop(self, order, popen, phigh, plow, pcreated, pclose) -> None:
        # an open beyond the stop fills at the open (slipped with slip_open), a
        # bar reaching it at the stop price (slipped); capped at the bar's
        # extreme on the order's side
        if order.isbuy():
            slip, cap = self._slip_up, phigh
            gapped, reached = popen >= pcreated, phigh >= pcreated
        else:
            slip, cap = self._slip_down, plow
            gapped, reached = popen <= pcreated, plow <= pcreated
        if gapped:
            self._execute(order, ago=0, price=slip(cap, popen, doslip=self.p.slip_open))
        elif reached:
            self._execute(order, ago=0, price=slip(cap, pcreated))
        if order.exectype == Order.StopTrail and order.alive():
            order.trailadjust(pclose)

    def _try_exec_stoplimit(self, order, popen, phigh, plow, pclose, pcreated, plimit) -> None:
        # Triggered by a gap: limit rules on this bar. Triggered inside the bar:
        # the stop price fills (slipped, capped at the bar's extreme) when the
        # limit allows it; else the limit price fills (unslipped) if the close
        # shows the bar came back to it.
        if order.isbuy():
            slip, cap = self._slip_up, phigh
            gapped, reached = popen >= pcreated, phigh >= pcreated
            at_stop = plimit >= pcreated
            came_back = popen > pclose and plimit >= pclose
        else:
            slip, cap = self._slip_down, plow
            gapped, reached = popen <= pcreated, plow <= pcreated
            at_stop = plimit <= pcreated
            came_back = popen <= pclose and plimit <= pclose
        if gapped or reached:
            order.triggered = True
            if gapped:
                self._try_exec_limit(order, popen, phigh, plow, plimit)
            elif at_stop:
                self._execute(order, ago=0, price=slip(cap, pcreated, lim=True))
            elif came_back:
                self._execute(order, ago=0, price=plimit)
        if order.exectype == Order.StopTrailLimit and order.alive():
            order.trailadjust(pclose)

    def _try_exec_historical(self, order) -> None:
        # a past execution: at its price, on the bar its time is reached
        self._execute(order, ago=0, price=order.created.price)

    def _try_exec_evaluated(self, order) -> bool:
        """PriceEvaluator rules for one execution attempt (not upstream); True
        when they decided it (filled or held back), False to apply the normal
        rules (with the order's evaluated price for this bar, if it has one)."""
        pricer, rule = order._pricer, self._fillrule
        if pricer is None and rule is None:
            return False
        data = order.data
        isbuy = order.isbuy()
        bar = Bar.from_data(data)
        if rule is not None:
            fill = rule.value(bar, isbuy)
            if fill is None:
                return True             # e.g. locked at a price limit: stays pending
        else:
            fill = None
        if pricer is not None:
            price = pricer.value(bar, isbuy)
            if price is None:
                return True
            et = order.exectype
            if et != Order.Market:
                # this bar's limit/stop price (trailing stops only started
                # from it); the normal rules do the rest
                if et != Order.StopTrail and et != Order.StopTrailLimit:
                    order.created.price = price
                    if et == Order.Limit:
                        order.created.pricelimit = price
                return False
            fill = price
        if order.exectype != Order.Market or fill is None or \
                (self.p.coc and order.info.get('coc', True)):
            return False
        if not self.p.coo and data.datetime[0] <= order.created.dt:
            return True                 # a market order never fills on its creation bar
        self._execute(order, ago=0, price=min(max(fill, bar.low), bar.high))
        return True

    # -- the fill --------------------------------------------------------------------------------
    def _execute(self, order, ago: Optional[int] = None, price: Optional[float] = None,
                 cash=None, position=None, dtcoc: Optional[float] = None) -> None:
        """Fill (part of) ``order`` at ``price`` (None: no fill): position and
        cash change, the execution is recorded and notified; an opening part
        the cash cannot pay is not filled and the order goes to Margin.
        ``ago`` picks the bar whose time stamps the execution (``dtcoc``
        overrides it).

        Without ``ago`` (the submission check, ``check_submitted``, calls so):
        nothing is booked; ``order`` is simulated at its check price against
        ``position`` (a copy, updated) starting from ``cash``, and the cash
        left is returned, as upstream's."""
        if ago is None:
            cash, state = self._check_fill(order, cash, (position.size, position.price))
            position.fix(*state)
            return cash
        if price is None:
            return
        if self._idle:
            self._wake()                # (a fill outside a broker cycle)
        size = order.executed.remsize
        filler = self.p.filler
        if filler is not None:
            size = filler(order, price, ago)
            if not order.isbuy():
                size = -size
            if not size:
                return
        data = order.data
        stamp = bars.stamp(data)
        if dtcoc is not None:
            dt = dtcoc
        elif not ago:
            dt = stamp[0]
        else:
            dt = data.lines.datetime[ago]
        self._book_fill(order, size, price, dt, stamp)

    def _book_fill(self, order, size: float, price: float, dt: float, stamp: tuple) -> None:
        """The ledger books the fill (dated ``dt``, the position stamped
        ``stamp``) and the order's new state is notified; an opening part the
        cash cannot pay sends the order to Margin."""
        filled, refused = self._ledger.fill(order, self.getcommissioninfo(order.data), size,
                                            price, dt, stamp)
        if filled:
            self._notify_group(order, bracket=False)
        if refused:
            order.margin()
            self._notify_group(order)
