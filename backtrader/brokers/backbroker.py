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
from typing import Any, Optional

from ..comminfo import CommInfoBase, fill_terms
from ..core.errors import OrderError
from ..order import Order, BuyOrder, SellOrder
from ..position import Position, fill_outcome
from .base import BrokerBase

__all__ = ['BackBroker', 'BrokerBack']


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
        self.positions = collections.defaultdict(Position)
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

    # -- cash & value ------------------------------------------------------------------
    def get_cash(self) -> float:
        return self.cash

    getcash = get_cash

    def set_cash(self, cash: float) -> None:
        """Starting cash (call before running)."""
        self.startingcash = self.cash = self.p.cash = cash
        self._value = cash
        self._quiet = False

    setcash = set_cash

    def add_cash(self, cash: float) -> None:
        """Add (or remove, if negative) cash during a run; applied at the next
        value computation."""
        self._cash_addition.append(cash)
        self._quiet = False

    def get_value(self, datas=None, mkt: bool = False, lever: bool = False) -> float:
        """Portfolio value (cached from the last broker cycle) or, with
        ``datas``, the value of those datas' positions at their current close."""
        if not datas:
            if mkt:
                return self._valuemktlever if lever else self._valuemkt
            return self._valuelever if lever else self._value
        return self._get_value(datas=datas, lever=lever)

    getvalue = get_value

    def get_value_lever(self, datas=None, mkt: bool = False) -> float:
        return self.get_value(datas=datas, mkt=mkt, lever=True)

    def get_leverage(self) -> float:
        return self._leverage

    def get_fundshares(self) -> float:
        return self._fundshares

    fundshares = property(get_fundshares)

    def get_fundvalue(self) -> float:
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
                    if self.p.shortcash:
                        dvalue = comminfo.getvaluesize(size, close)
                    else:
                        dvalue = abs(comminfo.getvalue(position, close))
                    dunrealized = comminfo.profitandloss(size, position.price, close)
                    leverage = comminfo.get_leverage()
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

    def set_filler(self, filler) -> None:
        self.p.filler = filler

    def set_coc(self, coc: bool) -> None:
        self.p.coc = coc

    def set_coo(self, coo: bool) -> None:
        self.p.coo = coo

    def set_int2pnl(self, int2pnl: bool) -> None:
        self.p.int2pnl = int2pnl

    def set_shortcash(self, shortcash: bool) -> None:
        self.p.shortcash = shortcash
        self._posdirty = True

    def set_slippage_perc(self, perc: float, slip_open: bool = True, slip_limit: bool = True,
                          slip_match: bool = True, slip_out: bool = False) -> None:
        self.p.slip_perc = perc
        self.p.slip_fixed = 0.0
        self.p.slip_open = slip_open
        self.p.slip_limit = slip_limit
        self.p.slip_match = slip_match
        self.p.slip_out = slip_out

    def set_slippage_fixed(self, fixed: float, slip_open: bool = True, slip_limit: bool = True,
                           slip_match: bool = True, slip_out: bool = False) -> None:
        self.p.slip_perc = 0.0
        self.p.slip_fixed = fixed
        self.p.slip_open = slip_open
        self.p.slip_limit = slip_limit
        self.p.slip_match = slip_match
        self.p.slip_out = slip_out

    # -- order creation ------------------------------------------------------------------------
    def _make_order(self, ordcls, owner, data, size, price, plimit, exectype, valid, tradeid,
                    oco, trailamount, trailpercent, parent, transmit, histnotify, kwargs):
        order = ordcls(owner=owner, data=data, size=size, price=price, pricelimit=plimit,
                       exectype=exectype, valid=valid, tradeid=tradeid,
                       trailamount=trailamount, trailpercent=trailpercent,
                       parent=parent, transmit=transmit, histnotify=histnotify)
        order.addinfo(**kwargs)
        self._ocoize(order, oco)
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
            self.notify(order)
            self._ococheck(order)
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
        self._quiet = False
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
            self.notify(order)
        else:
            self.submit_accept(order)

    def submit_accept(self, order) -> None:
        order.pannotated = None
        order.submit()
        order.accept()
        self.pending.append(order)
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
                self.notify(order)
                self._ococheck(order)
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
            self.notify(order)
            self._ococheck(order)
            self._bracketize(order, cancel=True)

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
            # shorts lock cash like longs do: values count positive
            closedvalue, openedvalue = abs(closedvalue), abs(openedvalue)
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
        self.notify(o)
        self._ococheck(o)
        if not bracket:
            self._bracketize(o, cancel=True)
        return True

    # -- the broker cycle ---------------------------------------------------------------------
    def next(self) -> None:
        if self._quiet:
            # nothing pending, nothing open: cash and value cannot change
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
        pending = self.pending
        if pending:
            pending.append(None)
            while True:
                order = pending.popleft()
                if order is None:
                    break
                if order.expire():
                    self.notify(order)
                    self._ococheck(order)
                    self._bracketize(order, cancel=True)
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
        self._quiet = not (self.pending or self.submitted or self._toactivate or self._openpos
                           or self._cash_addition or self._creditpos or self._mtmpos
                           or self._posdirty or self._fundhist)

    # -- value history (for observers/analyzers that do not need a call per bar) --
    def value_history(self):
        """Start keeping the value and fund value after every broker cycle of
        the run; returns the two lists (appended to in place)."""
        if self._vhist is None:
            # compact float arrays (8 bytes a value), not lists of float objects
            self._vhist, self._fhist = array.array('d'), array.array('d')
            self._recording = True
        return self._vhist, self._fhist

    def add_value_sink(self, cashline, valueline) -> None:
        """Write cash and value of every cycle straight into these (unbounded,
        observer-follower) lines, at the slot their clock moves to next."""
        self._sinks.append((cashline, valueline))
        self._recording = True

    def _record(self) -> None:
        value = self._value
        if self._vhist is not None:
            self._vhist.append(value)
            self._fhist.append(self._fundval)
        for cashline, valueline in self._sinks:
            i = cashline._c.idx + 1
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
        for data, pos, comminfo in self._creditpos:
            if not pos.size:
                continue
            dt0 = data.datetime.datetime()
            dcredit = comminfo.get_credit_interest(data, pos, dt0)
            self.d_credit[data] += dcredit
            self.cash -= dcredit
            pos.datetime = dt0

    # -- execution ------------------------------------------------------------------------------
    def _try_exec(self, order) -> None:
        data = order.data
        popen = data.tick_open or data.open[0]
        phigh = data.tick_high or data.high[0]
        plow = data.tick_low or data.low[0]
        pclose = data.tick_close or data.close[0]
        pcreated = order.created.price
        plimit = order.created.pricelimit
        et = order.exectype
        if et == Order.Market:
            self._try_exec_market(order, popen, phigh, plow)
        elif et == Order.Close:
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

    def _try_exec_market(self, order, popen, phigh, plow) -> None:
        dtcoc = None
        if self.p.coc and order.info.get('coc', True):
            dtcoc = order.created.dt
            exprice = order.created.pclose
        else:
            if not self.p.coo and order.data.datetime[0] <= order.created.dt:
                return
            exprice = popen
        if order.isbuy():
            p = self._slip_up(phigh, exprice, doslip=self.p.slip_open)
        else:
            p = self._slip_down(plow, exprice, doslip=self.p.slip_open)
        self._execute(order, ago=0, price=p, dtcoc=dtcoc)

    def _try_exec_close(self, order, pclose) -> None:
        # Bars up to the end of the creation day's session only note their
        # close; the first bar past it fills, at the last noted close (and that
        # bar's time) if there is one, else at its own close. Later partial
        # fills keep using the noted close.
        data = order.data
        if data.datetime[0] > order.dteos:
            if order.pannotated:
                self._execute(order, ago=-1, price=order.pannotated)
            else:
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
        if order.isbuy():
            if popen >= pcreated:
                p = self._slip_up(phigh, popen, doslip=self.p.slip_open)
                self._execute(order, ago=0, price=p)
            elif phigh >= pcreated:
                p = self._slip_up(phigh, pcreated)
                self._execute(order, ago=0, price=p)
        else:
            if popen <= pcreated:
                p = self._slip_down(plow, popen, doslip=self.p.slip_open)
                self._execute(order, ago=0, price=p)
            elif plow <= pcreated:
                p = self._slip_down(plow, pcreated)
                self._execute(order, ago=0, price=p)
        if order.alive() and order.exectype == Order.StopTrail:
            order.trailadjust(pclose)

    def _try_exec_stoplimit(self, order, popen, phigh, plow, pclose, pcreated, plimit) -> None:
        # Triggered by a gap: limit rules on this bar. Triggered inside the bar:
        # the stop price fills (slipped, capped at the bar's extreme) when the
        # limit allows it; else the limit price fills (unslipped) if the close
        # shows the bar came back to it.
        if order.isbuy():
            if popen >= pcreated:
                order.triggered = True
                self._try_exec_limit(order, popen, phigh, plow, plimit)
            elif phigh >= pcreated:
                order.triggered = True
                if plimit >= pcreated:
                    self._execute(order, ago=0,
                                  price=self._slip_up(phigh, pcreated, lim=True))
                elif popen > pclose and plimit >= pclose:
                    self._execute(order, ago=0, price=plimit)
        else:
            if popen <= pcreated:
                order.triggered = True
                self._try_exec_limit(order, popen, phigh, plow, plimit)
            elif plow <= pcreated:
                order.triggered = True
                if plimit <= pcreated:
                    self._execute(order, ago=0,
                                  price=self._slip_down(plow, pcreated, lim=True))
                elif popen <= pclose and plimit <= pclose:
                    self._execute(order, ago=0, price=plimit)
        if order.alive() and order.exectype == Order.StopTrailLimit:
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
            # shorts lock cash like longs do: values count positive
            closedvalue, openedvalue = abs(closedvalue), abs(openedvalue)
        cash = self.cash
        if closed:
            closecash = closedvalue / leverage if closedvalue > 0 else closedvalue
            cash += closecash + pnl * comminfo.stocklike
            cash -= closedcomm
            if not comminfo.stocklike:
                cash += comminfo.cashadjust(-closed, position.adjbase, price)
            if self.p.int2pnl and self.d_credit:
                closedcomm += self.d_credit.pop(data, 0.0)

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
            self.cash = cash
            dt = dtcoc if dtcoc is not None else data.datetime[ago]
            dtline = data.lines.datetime
            wasopen = bool(position.size)
            # the fill reports the position the whole size would have given
            # (as upstream does, even when the opening part was refused)
            newsize = position.update(execsize, price, (dtline[0], dtline._tz))[0]
            if wasopen != bool(newsize):
                self._posdirty = True      # the set of open positions changed
            order.execute(dt, execsize, price, closed, closedvalue, closedcomm, opened,
                          openedvalue, openedcomm, comminfo.margin, pnl, psize, pprice)
            order.addcomminfo(comminfo)
            self.notify(order)
            self._ococheck(order)

        if popened and not opened:
            order.margin()
            self.notify(order)
            self._ococheck(order)
            self._bracketize(order, cancel=True)


BrokerBack = BackBroker
