"""``OrderEntry``: the order methods of ``Strategy`` -- ``buy``/``sell``/
``close``/``cancel``, brackets, ``order_target_*`` -- and their strict-mode
argument checks (upstream accepts what the checks refuse; they run only in
strict mode, ``core/strict.py``)."""
from __future__ import annotations

from ..brokers.priceevaluator import PriceEvaluator
from ..brokers.submission import _NO_TRADEID
from ..core import strict as _strict
from ..core.errors import OrderError
from ..order import BuyOrder, Order, SellOrder

__all__ = ['OrderEntry']


def _entry(ordcls: type, side: str, doc: str):
    """``buy``/``sell`` of ``OrderEntry`` (orders of ``ordcls``)."""
    def entry(self, data=None, size=None, price=None, plimit=None, exectype=None, valid=None,
              tradeid=0, oco=None, trailamount=None, trailpercent=None, parent=None,
              transmit=True, **kwargs):
        if size and price is None and exectype is None and self._plain_orders and \
                plimit is None and valid is None and tradeid is _NO_TRADEID and oco is None \
                and parent is None and transmit is True and trailamount is None and \
                trailpercent is None and not kwargs and not _strict.ENABLED:
            # shortcut: a Market order of a given size, every other argument at its
            # default (what _place does for it: BackBroker._submit_market)
            return self.broker._submit_market(
                ordcls, self, self.datas[0] if data is None else self._resolve_data(data),
                abs(size))
        return self._place(side, data, size, price, plimit, exectype, valid, tradeid, oco,
                           trailamount, trailpercent, parent, transmit, kwargs)

    entry.__name__ = side
    entry.__qualname__ = 'OrderEntry.' + side
    entry.__doc__ = doc
    return entry


class OrderEntry:
    """Order entry for a strategy (mixed into ``Strategy``)."""

    def _resolve_data(self, data):
        if data is None:
            return self.datas[0]
        if isinstance(data, str):
            return self.getdatabyname(data)
        return data

    def _check_order_args(self, side: str, size, price, plimit, exectype) -> None:
        """Strict mode: refuse what upstream silently turns into a harmful
        order (a Limit at the current close, a buy that sells...)."""
        if size is not None:
            try:
                ok = size == size and size != 0
            except TypeError:
                ok = False
            if not ok:
                raise OrderError('%s: size must be a non-zero number, got %r' % (side, size))
        if price is None and plimit is None and not exectype:
            return                      # a plain market order: nothing more to check
        for label, val in (('price', price), ('plimit', plimit)):
            if val is not None and not isinstance(val, PriceEvaluator):
                try:
                    bad = val < 0 or val != val
                except TypeError:
                    bad = True
                if bad:
                    raise OrderError('%s: %s must be a non-negative number, got %r'
                                     % (side, label, val))
        if exectype:
            # upstream would use the current close as the missing price
            if exectype == Order.Limit:
                if not (price or plimit):
                    raise OrderError('%s: a Limit order needs a (positive) price' % side)
            elif exectype in (Order.Stop, Order.StopLimit) and not price:
                raise OrderError('%s: a %s order needs a (positive) stop price'
                                 % (side, Order.ExecTypes[exectype]))
            if exectype == Order.StopLimit and not plimit:
                raise OrderError('%s: a StopLimit order needs a (positive) plimit' % side)

    def _order_size(self, side: str, data, size, price, plimit, exectype):
        """``(data, size)`` of a new order: the data resolved, the size given
        or asked from the sizer, made absolute; size 0: no order (as upstream).
        Strict mode checks the arguments first."""
        data = self._resolve_data(data)
        if _strict.ENABLED:
            self._check_order_args(side, size, price, plimit, exectype)
        if size is None:
            size = self.getsizing(data, isbuy=side == 'buy')
        return data, abs(size) if size else 0

    buy = _entry(BuyOrder, 'buy', """Create a buy order (market by default). ``size`` None
        asks the sizer; a size of 0 from the sizer creates no order (None is returned).""")
    sell = _entry(SellOrder, 'sell', """Create a sell order (market by default); see ``buy``.""")

    def _place(self, side: str, data, size, price, plimit, exectype, valid, tradeid, oco,
               trailamount, trailpercent, parent, transmit, kwargs: dict):
        data, size = self._order_size(side, data, size, price, plimit, exectype)
        if not size:
            return None
        broker = self.broker
        if self._plain_orders and not kwargs:
            # the simulated broker's buy/sell without the keyword call (same steps)
            return broker.submit(broker._make_order(
                BuyOrder if side == 'buy' else SellOrder, self, data, size, price, plimit,
                exectype, valid, tradeid, oco, trailamount, trailpercent, parent, transmit,
                False, kwargs))
        return getattr(broker, side)(self, data, size=size, price=price, plimit=plimit,
                                     exectype=exectype, valid=valid, tradeid=tradeid, oco=oco,
                                     trailamount=trailamount, trailpercent=trailpercent,
                                     parent=parent, transmit=transmit, **kwargs)

    def close(self, data=None, size=None, **kwargs):
        """Close the position on ``data`` (None if flat)."""
        data = self._resolve_data(data)
        possize = self.getposition(data, self.broker).size
        size = abs(size if size else possize)
        if possize > 0:
            return self.sell(data=data, size=size, **kwargs)
        elif possize < 0:
            return self.buy(data=data, size=size, **kwargs)
        return None

    def cancel(self, order) -> None:
        """Cancel a pending order (returns None, as upstream; the broker's
        ``cancel`` tells whether the order was still pending)."""
        self.broker.cancel(order)

    def _check_bracket(self, isbuy: bool, main: dict, stopprice, stopexec, stopargs,
                       limitprice, limitexec, limitargs) -> None:
        """Strict mode: refuse a bracket whose protective stop or take-profit
        side lies on the wrong side of the entry (upstream fills it at once), or
        which lacks the price its order type needs -- before any order exists."""
        side = 'buy_bracket' if isbuy else 'sell_bracket'
        entry = main.get('price')
        if entry is None or isinstance(entry, PriceEvaluator):
            entry = main.get('plimit')
        if entry is None or isinstance(entry, PriceEvaluator):
            entry = self._resolve_data(main.get('data')).close[0]
        for label, exectype, price, args, below in (
                ('stop', stopexec, stopprice, stopargs, isbuy),
                ('limit', limitexec, limitprice, limitargs, not isbuy)):
            if exectype is None:
                continue
            price = args.get('price', price)
            if price is None:
                if exectype in (Order.Limit, Order.Stop, Order.StopLimit):
                    raise OrderError('%s: the %s side (%s) needs %sprice'
                                     % (side, label, Order.ExecTypes[exectype], label))
                continue
            if isinstance(price, PriceEvaluator):
                continue
            if (price >= entry) if below else (price <= entry):
                raise OrderError('%s: %sprice %r must lie %s the entry price %r'
                                 % (side, label, price, 'below' if below else 'above', entry))

    def buy_bracket(self, data=None, size=None, price=None, plimit=None,
                    exectype=Order.Limit, valid=None, tradeid=0, trailamount=None,
                    trailpercent=None, oargs={}, stopprice=None, stopexec=Order.Stop,
                    stopargs={}, limitprice=None, limitexec=Order.Limit, limitargs={},
                    **kwargs):
        """Main buy order plus a protective sell stop below and a take-profit
        sell limit above; returns ``[main, stop, limit]``."""
        main = dict(size=size, data=data, price=price, plimit=plimit, exectype=exectype,
                    valid=valid, tradeid=tradeid, trailamount=trailamount,
                    trailpercent=trailpercent)
        return self._bracket(True, main, oargs, (stopexec, stopprice, stopargs),
                             (limitexec, limitprice, limitargs), kwargs)

    def sell_bracket(self, data=None, size=None, price=None, plimit=None,
                     exectype=Order.Limit, valid=None, tradeid=0, trailamount=None,
                     trailpercent=None, oargs={}, stopprice=None, stopexec=Order.Stop,
                     stopargs={}, limitprice=None, limitexec=Order.Limit, limitargs={},
                     **kwargs):
        """Main sell order plus a protective buy stop above and a take-profit
        buy limit below; returns ``[main, stop, limit]``."""
        main = dict(size=size, data=data, price=price, plimit=plimit, exectype=exectype,
                    valid=valid, tradeid=tradeid, trailamount=trailamount,
                    trailpercent=trailpercent)
        return self._bracket(False, main, oargs, (stopexec, stopprice, stopargs),
                             (limitexec, limitprice, limitargs), kwargs)

    def _bracket(self, isbuy: bool, main: dict, oargs: dict, stop: tuple, limit: tuple,
                 kwargs: dict) -> list:
        """The three orders of a bracket. The main order waits (transmit=False)
        for its children; the stop side waits for the limit side when there is
        one; each side gets the main order's size, validity and tradeid, its
        own ``*args`` and then the common ``kwargs``."""
        (stopexec, stopprice, stopargs), (limitexec, limitprice, limitargs) = stop, limit
        common = dict(valid=main['valid'], tradeid=main['tradeid'])    # before oargs
        main.update(oargs)
        main.update(kwargs)
        main['transmit'] = stopexec is None and limitexec is None
        if _strict.ENABLED:
            self._check_bracket(isbuy, main, stopprice, stopexec, stopargs, limitprice,
                                limitexec, limitargs)
        enter, leave = (self.buy, self.sell) if isbuy else (self.sell, self.buy)
        parent = enter(**main)
        if parent is None:
            if _strict.ENABLED:
                return [None, None, None]
            # upstream goes on with the missing main order and fails reading it
            raise AttributeError('%s: size 0 creates no main order, so the bracket has no '
                                 'parent for its stop and limit sides'
                                 % ('buy_bracket' if isbuy else 'sell_bracket'))
        out = [parent]
        for exectype, price, args, transmit in ((stopexec, stopprice, stopargs, limitexec is None),
                                                (limitexec, limitprice, limitargs, True)):
            if exectype is None:
                out.append(None)
                continue
            leg = dict(common, data=parent.data, size=abs(parent.size), price=price,
                       exectype=exectype)
            leg.update(args)
            leg.update(kwargs)
            leg['parent'], leg['transmit'] = parent, transmit
            out.append(leave(**leg))
        return out

    def order_target_size(self, data=None, target: float = 0, **kwargs):
        """Orders needed to bring the position to ``target`` units."""
        data = self._resolve_data(data)
        possize = self.getposition(data, self.broker).size
        if not target and possize:
            return self.close(data=data, size=possize, **kwargs)
        if target > possize:
            return self.buy(data=data, size=target - possize, **kwargs)
        if target < possize:
            return self.sell(data=data, size=possize - target, **kwargs)
        return None

    def order_target_value(self, data=None, target: float = 0.0, price=None, **kwargs):
        """Orders needed to bring the position's value to ``target``."""
        data = self._resolve_data(data)
        possize = self.getposition(data, self.broker).size
        if not target and possize:
            return self.close(data=data, size=possize, price=price, **kwargs)
        value = self.broker.getvalue(datas=[data])
        comminfo = self.broker.getcommissioninfo(data)
        price = price if price is not None else data.close[0]
        # a difference worth less than one unit creates no order (upstream
        # passes size 0 on, which buy/sell ignore; strict mode would reject it)
        if target > value:
            size = comminfo.getsize(price, target - value)
            return self.buy(data=data, size=size, price=price, **kwargs) if size else None
        if target < value:
            size = comminfo.getsize(price, value - target)
            return self.sell(data=data, size=size, price=price, **kwargs) if size else None
        return None

    def order_target_percent(self, data=None, target: float = 0.0, **kwargs):
        """Orders needed to make the position ``target`` (fraction) of the portfolio."""
        data = self._resolve_data(data)
        value = self.broker.getvalue()
        return self.order_target_value(data=data, target=value * target, **kwargs)
