"""``BackBroker``: the simulated broker of backtests.

Each engine iteration calls ``next()`` once, after the datas delivered the bar:
bracket children due are activated, submitted orders are checked against cash
(``checksubmit``), credit interest is charged, every pending order gets one
execution attempt against the bar, futures positions are marked to market and
the portfolio value is recomputed. Nothing beyond the value update happens on
bars where no order is pending.
"""
from __future__ import annotations

import array
import collections
import datetime as _dt
import math
from typing import Any, Optional

import numpy as np

from ..comminfo import CommInfoBase, confirm_fill, fill_terms
from ..core import strict as _strict
from ..core.errors import OrderError
from ..order import Order, BuyOrder, SellOrder, _current
from ..position import Position, fill_outcome
from .base import BrokerBase
from .history import FundHistory, OrderHistory
from .priceevaluator import Bar, PriceEvaluator

# fewer deferred bars than this are written back one by one (see _materialize)
_BATCH_MIN = 64
_MARKET = Order.Market


def _held_figures(close: float, cash: float, size: float, price: float, mult: float,
                  leverage: float) -> tuple:
    """(value, position value, unlevered position value, unrealized pnl) with
    one plain stock-like position of ``size`` at ``price`` and a bar closing
    at ``close`` (the float operations of ``_get_value``)."""
    dvalue = size * close
    unrealized = size * (close - price) * mult
    if dvalue > 0:
        pos_value_unlever = 0.0 + (dvalue - unrealized) / leverage + unrealized
    else:
        pos_value_unlever = 0.0 + dvalue
    return cash + pos_value_unlever, 0.0 + dvalue, pos_value_unlever, 0.0 + unrealized

__all__ = ['BackBroker', 'BrokerBack']


class _Positions(dict):
    """data -> Position, made on first access (like a defaultdict) and kept in
    first-access order, which is the order values are summed in (as
    upstream). ``reserve`` hands out a data's Position early (a strategy's
    ``position``, which upstream creates when first read) without taking a
    place in that order before the end of the first broker cycle."""

    __slots__ = ('reserved',)

    def __init__(self) -> None:
        super().__init__()
        self.reserved = {}

    def __missing__(self, data) -> Position:
        pos = self.reserved.pop(data, None)
        if pos is None:
            pos = Position()
        self[data] = pos
        return pos

    def reserve(self, data) -> Position:
        pos = self.get(data)
        if pos is None:
            pos = self.reserved.get(data)
            if pos is None:
                pos = self.reserved[data] = Position()
        return pos

    def flush(self) -> None:
        """Give the reserved positions their place in the order (after the
        ones used so far)."""
        for data in list(self.reserved):
            self[data]


def _unsigned_values(comminfo, closedvalue: float, closeprice: float, openedvalue: float,
                     openprice: float) -> tuple:
    """Fill values with ``shortcash=False``: shorts lock cash like longs do,
    so a stock value is |size| * price (negative only for a negative price)."""
    if comminfo.stocklike:
        return (math.copysign(closedvalue, closeprice) if closedvalue else closedvalue,
                math.copysign(openedvalue, openprice) if openedvalue else openedvalue)
    return abs(closedvalue), abs(openedvalue)


class BackBroker(BrokerBase):
    """Simulated broker: Market, Close, Limit, Stop, StopLimit, StopTrail,
    StopTrailLimit and Historical orders; slippage, fillers, cheat-on-close/open,
    commissions, margin, credit interest and fund accounting."""

    # (upstream's names, defaults and order)
    params = dict(
        cash=10000.0, checksubmit=True, eosbar=False, filler=None,
        slip_perc=0.0, slip_fixed=0.0, slip_open=False, slip_match=True, slip_limit=True,
        slip_out=False, coc=False, coo=False, int2pnl=True, shortcash=True,
        fundstartval=100.0, fundmode=False,
    )

    _fillrule = None            # set_fill_rule(): a PriceEvaluator (not upstream)
    _deferclock = None          # see _defer_start
    _vidx = -1                  # bar whose figures _value_held computed last
    _segments = ()              # deferred stretches not yet written (see _close_segment)
    _deferring = False
    _quiet = False
    _hold = None

    def __init__(self) -> None:
        super().__init__()
        self._userhist = []
        self._fundhist = []
        self.startingcash = self.cash = self.p.cash
        self._value = self.cash
        self._valueparts = (self.cash, 0.0, 0.0, 0.0)
        self._fundmode = self.p.fundmode
        self._fundval = self.p.fundstartval
        self._fundshares = self.cash / self._fundval

    def init(self) -> None:
        super().init()
        self.startingcash = self.cash = self.p.cash
        self._value = self.cash
        self._valueparts = (self.cash, 0.0, 0.0, 0.0)
        self.orders = []
        self.pending = collections.deque()
        self._toactivate = collections.deque()
        self.positions = _Positions()
        self.d_credit = collections.defaultdict(float)
        self.notifs = collections.deque()
        self.submitted = collections.deque()
        self._pchildren = collections.defaultdict(collections.deque)
        self._ocos = dict()
        self._ocol = dict()
        self._ocogone = set()
        self._byref = dict()
        self._brackets = dict()
        self._cash_addition = collections.deque()
        self._fundval = self.p.fundstartval
        self._fundshares = self.p.cash / self._fundval
        # set_fundmode() before a run survives start(); the param is read in __init__
        self._interest_cache = {}
        self._openpos, self._creditpos, self._mtmpos = [], [], []
        self._posdirty = False
        # value history for consumers that compute from it instead of per bar
        self._recording = False
        self._vhist = self._fhist = None
        self._sinks = []
        self._quiet = False         # True only after a cycle found nothing to do
        # (close line, position, mult, leverage) while the only activity is one
        # plain stock-like position being held: a cycle is then just its valuation
        self._hold = None
        # PriceEvaluator in use (fill rule or price= of an order): only then
        # does an execution attempt look for one
        self._evaluated = self._fillrule is not None
        # deferred valuation (runonce over one data, see _defer_start)
        self._deferclock = None
        self._deferring = False
        self._vidx = -1             # bar of the last _value_held (none yet this run)
        self._dfrom = 0
        self._dslots = []
        self._segments = []

    # -- cash & value ------------------------------------------------------------------
    def get_cash(self) -> float:
        return self.cash

    getcash = get_cash

    def set_cash(self, cash: float) -> None:
        """Starting cash (call before running)."""
        self._wake()
        self.startingcash = self.cash = self.p.cash = cash
        self._value = cash

    setcash = set_cash

    def add_cash(self, cash: float) -> None:
        """Add (or remove, if negative) cash during a run; applied at the next
        value computation."""
        self._wake()
        self._cash_addition.append(cash)

    def get_value(self, datas=None, mkt: bool = False, lever: bool = False) -> float:
        """Portfolio value (cached from the last broker cycle) or, with
        ``datas``, the value of those datas' positions at their current close."""
        if self._deferring:
            self._deferred_value()
        if not datas:
            if mkt:
                return self._valuemktlever if lever else self._valuemkt
            return self._valuelever if lever else self._value
        return self._get_value(datas=datas, lever=lever)

    getvalue = get_value

    def get_value_lever(self, datas=None, mkt: bool = False) -> float:
        return self.get_value(datas=datas, mkt=mkt, lever=True)

    def get_leverage(self) -> float:
        if self._deferring:
            self._deferred_value()
        return self._leverage

    def get_fundshares(self) -> float:
        return self._fundshares

    fundshares = property(get_fundshares)

    def get_fundvalue(self) -> float:
        if self._deferring:
            self._deferred_value()
        return self._fundval

    fundvalue = property(get_fundvalue)

    def set_fundmode(self, fundmode: bool, fundstartval: Optional[float] = None) -> None:
        self._fundmode = fundmode
        if fundstartval is not None:
            self.set_fundstartval(fundstartval)

    def get_fundmode(self) -> bool:
        return self._fundmode

    fundmode = property(get_fundmode, set_fundmode)

    def set_fundstartval(self, fundstartval: float) -> None:
        self.p.fundstartval = fundstartval

    # -- replayed history (brokers/history.py) ---------------------------------------------
    def add_order_history(self, orders, notify: bool = True) -> None:
        """Queue past executions ``[time, size, price(, data)]``: each becomes a
        Historical order of the first strategy, filled at ``price`` when its
        data reaches ``time``; ``notify`` passes them to ``notify_order``."""
        self._wake()
        self._userhist.append(OrderHistory(orders, notify))

    def set_fund_history(self, fund) -> None:
        """Report value and fund figures from ``[time, share value, net asset
        value]`` rows instead of from positions; cash starts at the first
        row's net asset value."""
        self._wake()
        hist = self._fundhist = FundHistory(fund)
        fundval, netvalue = hist.start
        self.startingcash = self.cash = self._value = netvalue
        self._fundval = fundval
        self._fundshares = netvalue / fundval
        self._valueparts = (netvalue, 0.0, 0.0, 0.0)

    def _process_order_history(self) -> None:
        cerebro = self.cerebro
        owner = cerebro.runningstrats[0]
        datas = cerebro.datas
        for hist in self._userhist:
            notify = hist.notify
            for data, size, price in hist.due(datas):
                if not size:
                    continue
                meth = self.buy if size > 0 else self.sell
                meth(owner, data, abs(size), price=price, exectype=Order.Historical,
                     histnotify=notify, _checksubmit=False)
        self._userhist = [h for h in self._userhist if h.entries]

    def _fund_history_value(self, cash: float, pos_value: float, pos_value_unlever: float):
        """Value figures from the fund history row due now: the net asset
        value is the value, cash is what positions leave of it."""
        dts = [d.datetime.datetime(0) for d in self.cerebro.datas if len(d)]
        fundval, netvalue = self._fundhist.current(max(dts) if dts else None)
        lever = pos_value / (pos_value_unlever or 1.0)
        self.cash = cash = netvalue - pos_value_unlever
        self._value = netvalue
        self._fundval = fundval
        self._fundshares = netvalue / fundval
        return cash, netvalue * lever, netvalue

    def _refresh_positions(self) -> None:
        """Cache what the per-bar work needs about open positions; called when
        positions or commission schemes change, never per bar."""
        openpos, credit, mtm = [], [], []
        for data, pos in self.positions.items():
            if not pos.size:
                continue
            comminfo = self.getcommissioninfo(data)
            cls = type(comminfo)
            plain = cls.getvaluesize is CommInfoBase.getvaluesize and \
                cls.profitandloss is CommInfoBase.profitandloss and \
                cls.get_leverage is CommInfoBase.get_leverage and \
                cls.getvalue is CommInfoBase.getvalue
            fast = plain and comminfo.stocklike and self.p.shortcash
            openpos.append((data, pos, comminfo, data.lines.close, fast,
                            comminfo.p.mult, comminfo.p.leverage))
            if self._charges_interest(comminfo):
                credit.append((data, pos, comminfo))
            if not comminfo.stocklike:
                mtm.append((data, pos, comminfo))
        self._openpos = openpos
        self._creditpos = credit
        self._mtmpos = mtm
        self._posdirty = False

    def _take_cash_additions(self) -> None:
        # add_cash amounts land when a value is next computed (the end of a
        # broker cycle or a getvalue(datas=...) call); in fund mode they buy
        # or sell shares at the last fund value
        additions = self._cash_addition
        while additions:
            c = additions.popleft()
            self._fundshares += c / self._fundval
            self.cash += c

    def _get_value(self, datas=None, lever: bool = False) -> float:
        if self._cash_addition:
            self._take_cash_additions()
        if datas is not None:
            return self._get_value_datas(datas, lever)
        if self._posdirty:
            self._refresh_positions()
        openpos = self._openpos
        if not openpos:
            pos_value = pos_value_unlever = unrealized = 0.0
        else:
            pos_value = pos_value_unlever = unrealized = 0.0
            for data, position, comminfo, closeline, fast, mult, leverage in openpos:
                close = closeline._mv[closeline._c.idx]
                size = position.size
                if fast:
                    dvalue = size * close
                    dunrealized = size * (close - position.price) * mult
                else:
                    dunrealized = comminfo.profitandloss(size, position.price, close)
                    leverage = comminfo.get_leverage()
                    if self.p.shortcash:
                        dvalue = comminfo.getvaluesize(size, close)
                    else:
                        # a short locks cash: its (negative) value counts positive
                        dvalue = abs(comminfo.getvalue(position, close))
                pos_value += dvalue
                unrealized += dunrealized
                if dvalue > 0:
                    dvalue -= dunrealized
                    pos_value_unlever += (dvalue / leverage)
                    pos_value_unlever += dunrealized
                else:
                    pos_value_unlever += dvalue
        cash = self.cash
        if not self._fundhist:
            self._value = v = cash + pos_value_unlever
            self._fundval = v / self._fundshares
        else:
            cash, pos_value, pos_value_unlever = self._fund_history_value(
                cash, pos_value, pos_value_unlever)
            v = self._value
        # the other figures (levered, market, leverage) derive from these on demand
        self._valueparts = (cash, pos_value, pos_value_unlever, unrealized)
        if lever:
            return cash + pos_value
        return v

    @property
    def _valuelever(self) -> float:
        cash, pos_value, _, _ = self._valueparts
        return cash + pos_value

    @property
    def _valuemkt(self) -> float:
        return self._valueparts[2]

    @property
    def _valuemktlever(self) -> float:
        return self._valueparts[1]

    @property
    def _leverage(self) -> float:
        _, pos_value, pos_value_unlever, _ = self._valueparts
        return (pos_value / pos_value_unlever) if pos_value_unlever else 1.0

    @property
    def _unrealized(self) -> float:
        return self._valueparts[3]

    def _get_value_datas(self, datas, lever: bool = False) -> float:
        """Value of the positions of ``datas`` at their current close."""
        pos_value = 0.0
        pos_value_unlever = 0.0
        shortcash = self.p.shortcash
        for data in datas:
            position = self.positions[data]
            comminfo = self.getcommissioninfo(data)
            close = data.close[0]
            if shortcash:
                dvalue = comminfo.getvaluesize(position.size, close)
            else:
                dvalue = comminfo.getvalue(position, close)
            dunrealized = comminfo.profitandloss(position.size, position.price, close)
            if len(datas) == 1:
                if lever and dvalue > 0:
                    dvalue -= dunrealized
                    return (dvalue / comminfo.get_leverage()) + dunrealized
                return dvalue
            if not shortcash:
                dvalue = abs(dvalue)
            pos_value += dvalue
            if dvalue > 0:
                dvalue -= dunrealized
                pos_value_unlever += (dvalue / comminfo.get_leverage())
                pos_value_unlever += dunrealized
            else:
                pos_value_unlever += dvalue
        return pos_value_unlever if not lever else pos_value

    # -- positions & orders --------------------------------------------------------------
    def getposition(self, data) -> Position:
        return self.positions[data]

    def _reserve_position(self, data) -> Position:
        """The Position ``getposition(data)`` will return, without creating
        the entry yet (see ``_Positions``)."""
        return self.positions.reserve(data)

    def get_orders_open(self, safe: bool = False) -> list:
        return [x.clone() if safe else x for x in self.pending]

    def orderstatus(self, order) -> int:
        o = self._byref.get(order.ref, order)
        return o.status

    def get_notification(self):
        try:
            return self.notifs.popleft()
        except IndexError:
            return None

    def notify(self, order) -> None:
        self.notifs.append(order.clone())

    # -- setters -------------------------------------------------------------------------
    def set_checksubmit(self, checksubmit: bool) -> None:
        self.p.checksubmit = checksubmit

    def set_eosbar(self, eosbar: bool) -> None:
        self.p.eosbar = eosbar

    seteosbar = set_eosbar

    def set_fill_rule(self, rule: Optional[PriceEvaluator]) -> None:
        """A PriceEvaluator deciding fills (not upstream): Market orders fill
        at its price instead of the open, and a bar on which it gives None for
        a side (e.g. locked at a price limit) fills no order of that side.
        None restores upstream's rules."""
        if rule is not None and not isinstance(rule, PriceEvaluator):
            raise TypeError('set_fill_rule needs a PriceEvaluator or None, got %r' % (rule,))
        self._fillrule = rule
        self._evaluated = rule is not None or self._evaluated

    def get_fill_rule(self) -> Optional[PriceEvaluator]:
        return self._fillrule

    def set_filler(self, filler) -> None:
        self.p.filler = filler

    def set_coc(self, coc: bool) -> None:
        self.p.coc = coc

    def set_coo(self, coo: bool) -> None:
        self.p.coo = coo

    def set_int2pnl(self, int2pnl: bool) -> None:
        self.p.int2pnl = int2pnl

    def set_shortcash(self, shortcash: bool) -> None:
        self._wake()
        self.p.shortcash = shortcash
        self._posdirty = True

    def set_slippage_perc(self, perc: float, slip_open: bool = True, slip_limit: bool = True,
                          slip_match: bool = True, slip_out: bool = False) -> None:
        """Percentage slippage (0.01 = 1%); clears a fixed one."""
        self._set_slippage(perc, 0.0, (slip_open, slip_limit, slip_match, slip_out))

    def set_slippage_fixed(self, fixed: float, slip_open: bool = True, slip_limit: bool = True,
                           slip_match: bool = True, slip_out: bool = False) -> None:
        """Fixed slippage (price units); clears a percentage one."""
        self._set_slippage(0.0, fixed, (slip_open, slip_limit, slip_match, slip_out))

    def _set_slippage(self, perc: float, fixed: float, flags: tuple) -> None:
        p = self.p
        p.slip_perc, p.slip_fixed = perc, fixed
        p.slip_open, p.slip_limit, p.slip_match, p.slip_out = flags

    # -- order creation ------------------------------------------------------------------------
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
        order = ordcls._from_params({
            'owner': owner, 'data': data, 'size': size, 'price': price, 'pricelimit': plimit,
            'exectype': exectype, 'valid': valid, 'tradeid': tradeid,
            'trailamount': trailamount, 'trailpercent': trailpercent, 'parent': parent,
            'transmit': transmit, 'histnotify': histnotify})
        if kwargs:
            order.addinfo(**kwargs)
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

    def buy(self, owner, data, size, price=None, plimit=None, exectype=None, valid=None,
            tradeid=0, oco=None, trailamount=None, trailpercent=None, parent=None,
            transmit=True, histnotify=False, _checksubmit=True, **kwargs):
        order = self._make_order(BuyOrder, owner, data, size, price, plimit, exectype, valid,
                                 tradeid, oco, trailamount, trailpercent, parent, transmit,
                                 histnotify, kwargs)
        return self.submit(order, check=_checksubmit)

    def sell(self, owner, data, size, price=None, plimit=None, exectype=None, valid=None,
             tradeid=0, oco=None, trailamount=None, trailpercent=None, parent=None,
             transmit=True, histnotify=False, _checksubmit=True, **kwargs):
        order = self._make_order(SellOrder, owner, data, size, price, plimit, exectype, valid,
                                 tradeid, oco, trailamount, trailpercent, parent, transmit,
                                 histnotify, kwargs)
        return self.submit(order, check=_checksubmit)

    # -- OCO and brackets ---------------------------------------------------------------------------
    def _ocoize(self, order, oco) -> None:
        """Register ``order`` and, with ``oco``, put it in the group of ``oco``.

        Every order starts in a group of its own; the first OCO check of a
        group (a fill, even partial, a cancel, an expiry, a margin call of any
        member) uses the group up, and orders joining it later form a new
        group without the earlier members (as upstream). Orders nobody joins
        are not recorded as groups at all.
        """
        oref = order.ref
        self._byref[oref] = order
        if oco is not None:
            head = self._ocos.get(oco.ref)
            if head is None:
                # oco was alone so far: its own group, unless already used up
                head = oco.ref
                self._ocos[head] = head
                group = self._ocol[head] = [] if head in self._ocogone else [head]
            else:
                group = self._ocol.get(head)
                if group is None:
                    group = self._ocol[head] = []
            self._ocos[oref] = head
            group.append(oref)

    def _notify_group(self, order, bracket: bool = True) -> None:
        """Notify ``order``'s new state; a fill or an end of any kind uses up
        its OCO group and, with ``bracket``, an end cancels its bracket."""
        self.notify(order)
        self._ococheck(order)
        if bracket:
            self._bracketize(order, cancel=True)

    def _ococheck(self, order) -> None:
        head = self._ocos.get(order.ref)
        if head is None:
            self._ocogone.add(order.ref)        # its single group is used up
            return
        group = self._ocol.pop(head, None)
        if not group:
            return
        # the other members still pending are canceled, newest in the queue
        # first; their brackets are left alone
        pending = self.pending
        for i in range(len(pending) - 1, -1, -1):
            o = pending[i]
            if o is not None and o is not order and o.ref in group:
                del pending[i]
                o.cancel()
                self.notify(o)

    def _take_children(self, order):
        if order.parent is None:
            return order.ref
        oref = order.ref
        pref = getattr(order.parent, 'ref', oref)
        if oref != pref and pref not in self._pchildren:
            order.reject()
            self._notify_group(order, bracket=False)
            return None
        return pref

    def _bracketize(self, order, cancel: bool = False) -> None:
        if not self._brackets:
            return
        oref = order.ref
        pref = getattr(order.parent, 'ref', oref)
        parent = oref == pref
        pc = self._brackets.get(pref)
        if not pc:
            return
        if cancel or not parent:
            # parent died or a child finished: every other member goes
            self._brackets.pop(pref, None)
            for o in pc:
                if o.ref != oref and o.alive():
                    self.cancel(o, bracket=True)
        else:
            # parent executed: children become active next cycle
            self._toactivate.extend(pc[1:])
            self._brackets[pref] = pc[1:]

    # -- submission -------------------------------------------------------------------------------
    def submit(self, order, check: bool = True):
        self._wake()
        if order.parent is None and order.transmit and order.ref not in self._pchildren:
            # a lone order (no bracket): what the general path does for it
            self._submit(order, check)
            return order
        pref = self._take_children(order)
        if pref is None:
            return order
        pc = self._pchildren[pref]
        pc.append(order)
        if order.transmit:
            group = list(pc)
            if len(group) > 1 or order.parent is not None:
                self._brackets[pref] = group
            del self._pchildren[pref]
            for o in group:
                self._submit(o, check)
        return order

    def _submit(self, order, check: bool = True) -> None:
        if check and self.p.checksubmit:
            order.submit(self)
            self.submitted.append(order)
            self.orders.append(order)
            if getattr(order.owner, '_hears_unfilled', True):
                self.notify(order)
        else:
            self.submit_accept(order)

    def submit_accept(self, order) -> None:
        order.pannotated = None
        order.submit()
        order.accept()
        self.pending.append(order)
        # Submitted/Accepted copies only for owners that read them (nothing
        # has filled yet: skipping the copy leaves no pending fills behind)
        if getattr(order.owner, '_hears_unfilled', True):
            self.notify(order)

    def check_submitted(self) -> None:
        cash = self.cash
        simpos = dict()     # data -> (size, price) after the orders checked so far
        while self.submitted:
            order = self.submitted.popleft()
            parent = order.parent
            if parent is not None and not parent.alive() and \
                    parent.status != Order.Completed:
                # the parent died before this child was accepted
                order.reject()
                self._notify_group(order, bracket=False)
                continue
            data = order.data
            state = simpos.get(data)
            if state is None:
                pos = self.positions[data]
                state = (pos.size, pos.price)
            cash, state = self._simulate(order, cash, state, self.getcommissioninfo(data))
            simpos[data] = state
            if cash >= 0.0:
                self.submit_accept(order)
                continue
            order.margin()
            self._notify_group(order)

    def _simulate(self, order, cash: float, state: tuple, comminfo):
        """Cash left after filling ``order`` at its creation price against the
        running position ``state`` = (size, price); returns (cash, new state).

        As upstream's check, a closing part is valued at the order's price
        itself (what closing would free at that price, no realized pnl)."""
        size = order.executed.remsize
        price = order.created.price
        if self.p.coo and order.exectype == Order.Market:
            price = order.data.open[0]
        psize, pprice, opened, closed = fill_outcome(state[0], state[1], size, price)
        closedvalue, pnl, closedcomm, openedvalue, openedcomm, leverage = fill_terms(
            comminfo, closed, opened, price, price)
        if not self.p.shortcash:
            closedvalue, openedvalue = _unsigned_values(comminfo, closedvalue, price,
                                                        openedvalue, price)
        if closed:
            cash += (closedvalue / leverage if closedvalue > 0 else closedvalue) \
                + pnl * comminfo.stocklike
            cash -= closedcomm
        if opened:
            cash -= openedvalue / leverage if openedvalue > 0 else openedvalue
            cash -= openedcomm
        return cash, (psize, pprice)

    def cancel(self, order, bracket: bool = False) -> bool:
        for i, o in enumerate(self.pending):
            if o is not None and o.ref == order.ref:
                del self.pending[i]
                break
        else:
            return False
        o.cancel()
        self._notify_group(o, bracket=not bracket)
        return True

    # -- the broker cycle ---------------------------------------------------------------------
    def next(self) -> None:
        if self._quiet:
            # nothing pending, nothing open: cash and value cannot change
            if self._recording:
                self._record()
            return
        if self._hold is not None:
            self._value_held()
            if self._recording:
                self._record()
            return
        if self._toactivate:
            while self._toactivate:
                self._toactivate.popleft().activate()
        if type(self.cash) is not float:
            self.cash = float(self.cash)
        if self.submitted and self.p.checksubmit:
            self.check_submitted()
        if self._posdirty:
            self._refresh_positions()
        if self._creditpos:
            self._charge_interest()
        if self._userhist:
            self._process_order_history()
        pending = self.pending
        if pending:
            pending.append(None)
            while True:
                order = pending.popleft()
                if order is None:
                    break
                if order.expire():
                    self._notify_group(order)
                elif not order.active():
                    pending.append(order)
                else:
                    self._try_exec(order)
                    if order.alive():
                        pending.append(order)
                    elif order.status == Order.Completed:
                        self._bracketize(order)
            if self._posdirty:
                self._refresh_positions()
        if self._mtmpos:
            for data, pos, comminfo in self._mtmpos:
                close = data.close[0]
                self.cash += comminfo.cashadjust(pos.size, pos.adjbase, close)
                pos.adjbase = close
        self._get_value()
        if self._recording:
            self._record()
        if self.positions.reserved:
            # a strategy's position counts as used from its first bar on
            self.positions.flush()
        busy = (self.pending or self.submitted or self._toactivate or self._cash_addition
                or self._creditpos or self._mtmpos or self._posdirty or self._fundhist
                or self._userhist)
        openpos = self._openpos
        self._quiet = not (busy or openpos)
        self._hold = None
        if not busy and len(openpos) == 1 and openpos[0][4]:
            _, position, _, closeline, _, mult, leverage = openpos[0]
            self._hold = (closeline, position, mult, leverage)
        if self._deferclock is not None and (self._quiet or self._hold is not None):
            self._defer_begin()

    def _value_held(self) -> None:
        """``_get_value`` for one plain stock-like position and nothing else
        going on (same float operations, so the same figures; ``_materialize``
        is the same computation over many bars)."""
        closeline, position, mult, leverage = self._hold
        cash = self.cash
        idx = self._vidx = closeline._c.idx
        figures = _held_figures(closeline._mv[idx], cash, position.size,
                                position.price, mult, leverage)
        self._value = v = figures[0]
        self._fundval = v / self._fundshares
        self._valueparts = (cash,) + figures[1:]

    # -- deferred valuation --------------------------------------------------------------
    # In a runonce loop over one data (Engine._run_once_lean) a broker with
    # nothing pending and at most one plain position held has nothing to do
    # per bar but value that position and record the figures. The loop then
    # stops calling ``next`` (``_deferring``). A value read (``get_value``...)
    # computes the current bar's figures only; a state change (``_wake``: an
    # order, cash added...) closes the stretch of skipped bars as a segment
    # (its parameters, and placeholders in the value histories); segments are
    # written into the histories and the value sinks in one vectorised pass
    # when those are read (``_sync_history``) and at the end of the loop.
    def _defer_start(self, clock) -> None:
        """Allow deferral from now on; ``clock`` is the data's (its index is
        the bar being run)."""
        self._deferclock = clock
        self._segments = []

    def _defer_stop(self) -> None:
        """Write every deferred figure and stop deferring."""
        self._sync_history()
        self._deferring = False
        self._deferclock = None

    def _defer_begin(self) -> None:
        # called at the end of a full cycle: the following bars are skipped.
        # The value sinks' next slot is one past the one just written.
        self._deferring = True
        self._dfrom = self._deferclock.idx + 1
        self._dslots = [cashline._c.idx + 2 for cashline, _ in self._sinks]

    def _wake(self) -> None:
        """Something may change cash, positions or orders: close the deferred
        segment first and run the full cycle from the next bar on."""
        if self._deferring:
            self._close_segment()
            self._deferring = False
        self._quiet = False
        self._hold = None

    def _deferred_value(self) -> None:
        # a read while deferring: the figures of the current bar (nothing can
        # change them within a bar without waking the broker)
        hold = self._hold
        if hold is not None and hold[0]._c.idx != self._vidx:
            self._value_held()

    def _close_segment(self, now: bool = False) -> None:
        """End the stretch of skipped bars at the current bar: figures of the
        current bar now, the others recorded as a segment (placeholders in
        the histories, filled by ``_materialize``; with ``now``, a short
        stretch is written at once)."""
        cur = self._deferclock.idx
        start = self._dfrom
        n = cur + 1 - start
        if n <= 0:
            return
        self._dfrom = cur + 1
        hold = self._hold
        if hold is not None and cur != self._vidx:
            self._value_held()
        vhist, fhist, sinks = self._vhist, self._fhist, self._sinks
        if vhist is None and fhist is None and not sinks:
            return                      # nobody keeps the figures of past bars
        if n == 1 and now and not self._segments:
            # just the current bar (a strategy reading every bar): its figures
            slots = self._dslots
            self._dslots = [slot + 1 for slot in slots]
            self._write_current(slots)
            return
        voff = foff = -1
        if vhist is not None:
            voff = len(vhist)
            vhist.frombytes(bytes(8 * n))
        if fhist is not None:
            foff = len(fhist)
            fhist.frombytes(bytes(8 * n))
        slots = self._dslots
        seg_slots = tuple(slots)
        for k in range(len(slots)):
            slots[k] += n
        if hold is None:
            params = None
        else:
            closeline, position, mult, leverage = hold
            params = (closeline, position.size, position.price, mult, leverage)
        seg = (start, n, voff, foff, seg_slots, self.cash, self._value, self._fundval,
               self._fundshares, params)
        if now and n < _BATCH_MIN and not self._segments:
            self._materialize_loop((seg,))
        else:
            self._segments.append(seg)

    def _sync_history(self) -> None:
        """Value histories and sinks complete up to the current bar."""
        if self._deferring:
            self._close_segment(now=True)
        if self._segments:
            self._materialize()

    def _materialize(self) -> None:
        """Write the recorded segments into the histories and sinks: one
        array computation over all their bars, element-wise the same float
        operations as ``_value_held`` (so the same figures)."""
        segs, self._segments = self._segments, []
        if sum(seg[1] for seg in segs) < _BATCH_MIN:
            self._materialize_loop(segs)
            return
        lengths = np.array([seg[1] for seg in segs], dtype=np.int64)
        total = int(lengths.sum())
        firsts = np.cumsum(lengths) - lengths        # offset of each segment in the batch
        within = np.arange(total) - np.repeat(firsts, lengths)

        def per_bar(column) -> np.ndarray:
            return np.repeat(np.array(column, dtype=np.float64), lengths)

        values = per_bar([seg[6] for seg in segs])   # idle segments: constant value
        funds = per_bar([seg[7] for seg in segs])
        held = [i for i, seg in enumerate(segs) if seg[9] is not None]
        if held:
            mask = np.repeat(np.array([seg[9] is not None for seg in segs]), lengths)
            hsegs = [segs[i] for i in held]
            hlen = lengths[held]
            bars = np.repeat(np.array([seg[0] for seg in hsegs], dtype=np.int64), hlen) + \
                within[mask]
            close = hsegs[0][9][0]._a[bars]          # one data in this loop
            rep = [np.repeat(np.array(col, dtype=np.float64), hlen)
                   for col in zip(*[seg[9][1:] for seg in hsegs])]
            size, price, mult, leverage = rep
            cash = np.repeat(np.array([seg[5] for seg in hsegs], dtype=np.float64), hlen)
            shares = np.repeat(np.array([seg[8] for seg in hsegs], dtype=np.float64), hlen)
            dvalue = size * close
            unrealized = size * (close - price) * mult
            pos_value_unlever = np.where(dvalue > 0,
                                         0.0 + (dvalue - unrealized) / leverage + unrealized,
                                         0.0 + dvalue)
            hvalues = cash + pos_value_unlever
            values[mask] = hvalues
            funds[mask] = hvalues / shares
        if segs[0][2] >= 0:
            dest = np.repeat(np.array([seg[2] for seg in segs], dtype=np.int64), lengths) + within
            np.frombuffer(self._vhist, dtype=np.float64)[dest] = values
        if segs[0][3] >= 0:
            dest = np.repeat(np.array([seg[3] for seg in segs], dtype=np.int64), lengths) + within
            np.frombuffer(self._fhist, dtype=np.float64)[dest] = funds
        if self._sinks:
            cash = per_bar([seg[5] for seg in segs])
            for k, (cashline, valueline) in enumerate(self._sinks):
                dest = np.repeat(np.array([seg[4][k] for seg in segs], dtype=np.int64),
                                 lengths) + within
                end = int(dest[-1]) + 1
                if end > len(cashline._mv):
                    cashline._c._ensure(end)
                cashline._a[dest] = cash
                valueline._a[dest] = values

    def _materialize_loop(self, segs) -> None:
        """``_materialize`` bar by bar, for a few bars (a strategy reading the
        observers or DrawDown every bar): cheaper than array set-up."""
        vhist, fhist, sinks = self._vhist, self._fhist, self._sinks
        for start, n, voff, foff, slots, cash, value, fundval, shares, params in segs:
            if params is not None:
                closeline, size, price, mult, leverage = params
                closes = closeline._mv
            for j in range(n):
                if params is not None:
                    value = _held_figures(closes[start + j], cash, size, price, mult,
                                          leverage)[0]
                    fundval = value / shares
                if voff >= 0:
                    vhist[voff + j] = value
                if foff >= 0:
                    fhist[foff + j] = fundval
                for k, (cashline, valueline) in enumerate(sinks):
                    slot = slots[k] + j
                    if slot >= len(cashline._mv):
                        cashline._c._ensure(slot + 1)
                    cashline._mv[slot] = cash
                    valueline._mv[slot] = value

    # -- value history (for observers/analyzers that do not need a call per bar) --
    def value_history(self, fund: bool = False) -> array.array:
        """Start keeping the value (``fund=True``: the fund value) after every
        broker cycle of the run; returns the array appended to in place."""
        if fund:
            if self._fhist is None:
                self._fhist = array.array('d')      # 8 bytes a value, not float objects
            hist = self._fhist
        else:
            if self._vhist is None:
                self._vhist = array.array('d')
            hist = self._vhist
        self._recording = True
        return hist

    def add_value_sink(self, cashline, valueline) -> None:
        """Write cash and value of every cycle straight into these (unbounded,
        observer-follower) lines, at the slot their clock moves to next."""
        self._sinks.append((cashline, valueline))
        self._recording = True

    def _record(self) -> None:
        self._write_current(None)

    def _write_current(self, slots) -> None:
        """Append the current figures to the histories and write them into
        the value sinks at ``slots`` (one per sink; None: the slot after
        their clock's current one, where a cycle records)."""
        value = self._value
        if self._vhist is not None:
            self._vhist.append(value)
        if self._fhist is not None:
            self._fhist.append(self._fundval)
        for k, (cashline, valueline) in enumerate(self._sinks):
            i = cashline._c.idx + 1 if slots is None else slots[k]
            mv = cashline._mv
            if i >= len(mv):
                cashline._c._ensure(i + 1)
                mv = cashline._mv
            mv[i] = self.cash
            valueline._mv[i] = value

    def _charges_interest(self, comminfo) -> bool:
        try:
            return self._interest_cache[id(comminfo)]
        except KeyError:
            cls = type(comminfo)
            res = bool(comminfo.p.interest) or \
                cls._get_credit_interest is not CommInfoBase._get_credit_interest or \
                cls.get_credit_interest is not CommInfoBase.get_credit_interest
            self._interest_cache[id(comminfo)] = res
            return res

    def _charge_interest(self) -> None:
        # the positions' interest is summed, then taken from cash in one go
        credit = 0.0
        for data, pos, comminfo in self._creditpos:
            if not pos.size:
                continue
            dt0 = data.datetime.datetime()
            dcredit = comminfo.get_credit_interest(data, pos, dt0)
            self.d_credit[data] += dcredit
            credit += dcredit
            pos.datetime = dt0
        self.cash -= credit

    # -- execution ------------------------------------------------------------------------------
    def _try_exec_evaluated(self, order) -> bool:
        """PriceEvaluator rules for one execution attempt; True when they
        decided it (filled or held back), False to apply the normal rules
        (with the order's evaluated price for this bar, if it has one)."""
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

    def _try_exec(self, order) -> None:
        if self._evaluated and self._try_exec_evaluated(order):
            return
        data = order.data
        et = order.exectype
        if et == _MARKET:
            # the common case: the open (high/low only cap a slippage)
            self._try_exec_market(order, data)
            return
        popen = data.tick_open or _current(data.open)
        phigh = data.tick_high or _current(data.high)
        plow = data.tick_low or _current(data.low)
        pclose = data.tick_close or _current(data.close)
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
            self._execute(order, ago=0, price=pcreated)

    def _slip_up(self, pmax: float, price: float, doslip: bool = True, lim: bool = False):
        if not doslip:
            return price
        p = self.p
        if p.slip_perc:
            pslip = price * (1 + p.slip_perc)
        elif p.slip_fixed:
            pslip = price + p.slip_fixed
        else:
            return price
        if pslip <= pmax:
            return pslip
        if p.slip_match or (lim and p.slip_limit):
            return pslip if p.slip_out else pmax
        return None

    def _slip_down(self, pmin: float, price: float, doslip: bool = True, lim: bool = False):
        if not doslip:
            return price
        p = self.p
        if p.slip_perc:
            pslip = price * (1 - p.slip_perc)
        elif p.slip_fixed:
            pslip = price - p.slip_fixed
        else:
            return price
        if pslip >= pmin:
            return pslip
        if p.slip_match or (lim and p.slip_limit):
            return pslip if p.slip_out else pmin
        return None

    def _try_exec_market(self, order, data) -> None:
        p = self.p
        if p.coc and order.info.get('coc', True):
            # cheat-on-close: the creation bar's close, stamped with its time
            price, dtcoc = order.created.pclose, order.created.dt
        elif p.coo or _current(data.datetime) > order.created.dt:
            price, dtcoc = data.tick_open or _current(data.open), None
        else:
            return                      # never on its creation bar
        if p.slip_open and (p.slip_perc or p.slip_fixed):
            if order.isbuy():
                price = self._slip_up(data.tick_high or _current(data.high), price)
            else:
                price = self._slip_down(data.tick_low or _current(data.low), price)
        self._execute(order, 0, price, dtcoc)

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

    def _execute(self, order, ago: int = 0, price: Optional[float] = None,
                 dtcoc: Optional[float] = None) -> None:
        """Fill (part of) ``order`` at ``price``: update position and cash,
        record the execution, notify; an unaffordable opening part -> Margin."""
        if price is None:
            return
        size = order.executed.remsize
        filler = self.p.filler
        if filler is not None:
            size = filler(order, price, ago)
            if not order.isbuy():
                size = -size
            if not size:
                return
        data = order.data
        comminfo = self.getcommissioninfo(data)
        position = self.positions[data]
        pprice_orig = position.price
        psize, pprice, opened, closed = position.pseudoupdate(size, price)

        closedvalue, pnl, closedcomm, openedvalue, openedcomm, leverage = fill_terms(
            comminfo, closed, opened, pprice_orig, price)
        if not self.p.shortcash:
            closedvalue, openedvalue = _unsigned_values(comminfo, closedvalue, pprice_orig,
                                                        openedvalue, price)
        cash = self.cash
        if closed:
            closecash = closedvalue / leverage if closedvalue > 0 else closedvalue
            cash += closecash + pnl * comminfo.stocklike
            cash -= closedcomm
            if not comminfo.stocklike:
                cash += comminfo.cashadjust(-closed, position.adjbase, price)
            if self.p.int2pnl:
                # (even adding 0.0 matters: it turns a -0.0 commission into 0.0)
                closedcomm += self.d_credit.pop(data, 0.0) if self.d_credit else 0.0

        popened = opened
        if opened:
            left = cash - (openedvalue / leverage if openedvalue > 0 else openedvalue)
            left -= openedcomm
            if left < 0.0:
                # the opening part is not affordable: only the closing part fills
                opened = 0
                openedvalue = openedcomm = 0.0
            else:
                cash = left
                if not comminfo.stocklike and abs(psize) > abs(opened):
                    cash += comminfo.cashadjust(psize - opened, position.adjbase, price)
                position.adjbase = price

        execsize = closed + opened
        if execsize:
            confirm_fill(comminfo, execsize, price)
            self.cash = cash
            dtline = data.lines.datetime
            dtnow = _current(dtline)
            if dtcoc is not None:
                dt = dtcoc
            else:
                dt = dtnow if not ago else dtline[ago]
            wasopen = bool(position.size)
            # the fill reports the position the whole size would have given
            # (as upstream does, even when the opening part was refused)
            newsize = position.update(execsize, price, (dtnow, dtline._tz))[0]
            if wasopen != bool(newsize):
                self._posdirty = True      # the set of open positions changed
            order.execute(dt, execsize, price, closed, closedvalue, closedcomm, opened,
                          openedvalue, openedcomm, comminfo.margin, pnl, psize, pprice)
            order.addcomminfo(comminfo)
            self._notify_group(order, bracket=False)
        if popened and not opened:
            order.margin()
            self._notify_group(order)


BrokerBack = BackBroker
