"""Order intake of the simulated broker: creation (``buy``/``sell``),
submission with bracket queuing, the cash check of submitted orders
(``checksubmit``) and cancels.

``OrderSubmission`` is a mixin of ``BackBroker``: these are upstream's public
methods and hooks (subclasses override ``submit``, ``buy``...), so they call
each other through ``self``. OCO/bracket bookkeeping is ``OrderGroups``'.

Life cycle: with ``checksubmit`` an order is Submitted and waits in
``submitted`` until the next broker cycle simulates it against the running
cash (Accepted, or Margin); without, it is Accepted at once. Accepted orders
wait in ``pending`` for the execution attempts of the cycles.
"""
from __future__ import annotations

from ..core import strict as _strict
from ..core.errors import OrderError
from ..order import _ORDER_INIT, Order, BuyOrder, SellOrder, booked_data
from .priceevaluator import PriceEvaluator

__all__ = ['OrderSubmission']

_NO_TRADEID = 0                 # (the default tradeid: an int 0, not a 0.0)


def _order_method(ordcls: type, side: str):
    """``buy``/``sell``: create an order of ``ordcls`` and submit it."""
    def place(self, owner, data, size, price=None, plimit=None, exectype=None, valid=None,
              tradeid=0, oco=None, trailamount=None, trailpercent=None, parent=None,
              transmit=True, histnotify=False, _checksubmit=True, **kwargs):
        return self.submit(self._make_order(
            ordcls, owner, data, size, price, plimit, exectype, valid, tradeid, oco,
            trailamount, trailpercent, parent, transmit, histnotify, kwargs), check=_checksubmit)

    place.__name__ = side
    place.__qualname__ = 'OrderSubmission.' + side
    place.__doc__ = 'Create and submit a %s order (extra keywords go to ``order.info``).' % side
    return place


class OrderSubmission:
    """Order creation, submission and the submission check (a mixin of
    ``BackBroker``)."""

    # -- creation -----------------------------------------------------------------------------
    def _make_order(self, ordcls, owner, data, size, price, plimit, exectype, valid, tradeid,
                    oco, trailamount, trailpercent, parent, transmit, histnotify, kwargs):
        if _strict.ENABLED and not size > 0:
            # upstream builds a buy that sells (or the reverse), or one never filled
            raise OrderError('%s: size must be a positive number, got %r'
                             % ('buy' if ordcls is BuyOrder else 'sell', size))
        if isinstance(price, PriceEvaluator):
            return self._make_evaluated_order(
                ordcls, owner, data, size, price, plimit, exectype, valid, tradeid, oco,
                trailamount, trailpercent, parent, transmit, histnotify, kwargs)
        if price is None and plimit is None and exectype is None and valid is None and \
                parent is None and trailamount is None and trailpercent is None and \
                tradeid is _NO_TRADEID and transmit is True and histnotify is False and \
                (ordcls is BuyOrder or ordcls is SellOrder) and \
                ordcls.__init__ is _ORDER_INIT and not _strict.ENABLED:
            # a plain Market order (every other parameter at its default)
            order = ordcls._market(owner, data, size)
        else:
            order = ordcls._from_params({
                'owner': owner, 'data': data, 'size': size, 'price': price,
                'pricelimit': plimit, 'exectype': exectype, 'valid': valid,
                'tradeid': tradeid, 'trailamount': trailamount,
                'trailpercent': trailpercent, 'parent': parent, 'transmit': transmit,
                'histnotify': histnotify})
        if kwargs:
            order.addinfo(**kwargs)
        if self._lean:
            self._groups.join(order, oco)   # what _ocoize does (the class keeps it)
        else:
            self._ocoize(order, oco)
        return order

    def _make_evaluated_order(self, ordcls, owner, data, size, pricer, plimit, *args):
        # the price on the creation bar stands for the order's price until an
        # execution bar evaluates it again
        estimate = pricer.evaluate(data, ordcls is BuyOrder)
        if estimate is None:
            estimate = data.close[0]
        order = self._make_order(ordcls, owner, data, size, estimate, plimit, *args)
        order._pricer = pricer
        self._evaluated = True
        return order

    def _submit_market(self, ordcls, owner, data, size):
        """``submit(_make_order(...))`` of a plain Market order: ``ordcls``
        (BuyOrder or SellOrder), a positive ``size`` and every other
        parameter at its default, outside strict mode (``OrderEntry.buy``'s
        shortcut: it checks the arguments)."""
        if self._plain_entry and ordcls.__init__ is _ORDER_INIT:
            # what _make_order and submit do for it (a new lone order)
            order = ordcls._market(owner, data, size)
            self._groups.join(order, None)
            return self.transmit(order)
        return self.submit(self._make_order(ordcls, owner, data, size, None, None, None, None,
                                            _NO_TRADEID, None, None, None, None, True, False,
                                            {}))

    buy = _order_method(BuyOrder, 'buy')
    sell = _order_method(SellOrder, 'sell')

    # -- submission ---------------------------------------------------------------------------
    def submit(self, order, check: bool = True):
        """Submit ``order``; orders of a bracket wait until one with
        ``transmit=True`` sends the group. Returns ``order``."""
        if order.parent is None and order.transmit and order.ref not in self._pchildren:
            # a lone order (no bracket): what the general path does for it
            self.transmit(order, check=check)
            return order
        self._wake()
        pref = self._take_children(order)
        if pref is not None:
            for o in self._groups.queue(order, pref):
                self.transmit(o, check=check)
        return order

    def transmit(self, order, check: bool = True):
        """Send ``order`` on: Submitted (checked at the next cycle) with
        ``checksubmit``, else Accepted at once."""
        if self._idle:
            self._wake()
        if check and self.p.checksubmit:
            order.submit()              # (no broker kept on the order, as upstream's)
            self.submitted.append(order)
            self.orders.append(order)
            if self._notify_all or getattr(order.owner, '_hears_unfilled', True):
                self.notify(order)
        else:
            self.submit_accept(order)
        return order

    def submit_accept(self, order) -> None:
        """Accept ``order``: it waits in ``pending`` for a fill."""
        if self._idle:
            self._wake()
        order.pannotated = None
        order.submit()
        order.accept()
        self.pending.append(order)
        # Submitted/Accepted copies only for owners that read them (nothing
        # has filled yet: skipping the copy leaves no pending fills behind),
        # or for a subclass overriding notify
        if self._notify_all or getattr(order.owner, '_hears_unfilled', True):
            self.notify(order)

    def check_submitted(self) -> None:
        """Accept each submitted order the running cash can pay (simulated in
        order, against the positions they build up), else Margin."""
        ledger = self._ledger
        cash = ledger.cash
        # A subclass overriding _execute gets each check as upstream makes it:
        # _execute(order, cash=..., position=<a copy>) returning the cash left.
        # Otherwise the same check runs without that call and the copy.
        direct = self._plain_execute
        simpos = dict()     # data -> its position after the orders checked so far
        while self.submitted:
            order = self.submitted.popleft()
            parent = order.parent
            if parent is not None and not parent.alive() and \
                    parent.status != Order.Completed:
                # the parent died before this child was accepted
                order.reject()
                self._notify_group(order, bracket=False)
                continue
            data = booked_data(order)       # the position its fills go to
            pos = simpos.get(data)
            if pos is None:
                pos = ledger.positions[data]
                pos = simpos[data] = (pos.size, pos.price) if direct else pos.clone()
            if direct:
                cash, simpos[data] = self._check_fill(order, cash, pos)
            else:
                cash = self._execute(order, cash=cash, position=pos)
            if cash >= 0.0:
                self.submit_accept(order)
                continue
            order.margin()
            self._notify_group(order)

    def _check_fill(self, order, cash: float, state: tuple) -> tuple:
        """(cash left, new (size, price)) after ``order`` fills against a
        position ``state`` = (size, price): as upstream's check, at the
        order's creation price (a Market order under cheat-on-open: the
        current open)."""
        data = order.data
        price = data.open[0] if self.p.coo and order.exectype == Order.Market \
            else order.created.price
        return self._ledger.cash_after(cash, state, self.getcommissioninfo(data),
                                       order.executed.remsize, price)

    def cancel(self, order, bracket: bool = False) -> bool:
        """Cancel a pending order (False if it is not pending)."""
        pending = self.pending
        for i, o in enumerate(pending):
            if o is not None and o.ref == order.ref:
                del pending[i]
                break
        else:
            return False
        o.cancel()
        self._notify_group(o, bracket=not bracket)
        return True

    def _notify_group(self, order, bracket: bool = True) -> None:
        """Notify ``order``'s new state; a fill or an end of any kind uses up
        its OCO group and, with ``bracket``, an end cancels its bracket."""
        self.notify(order)
        self._ococheck(order)
        if bracket:
            self._bracketize(order, cancel=True)
