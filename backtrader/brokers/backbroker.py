"""``BackBroker``: the simulated broker of backtests.

Each engine iteration calls ``next()`` once, after the datas delivered the bar:
bracket children due are activated, submitted orders are checked against cash
(``checksubmit``), credit interest is charged, every pending order gets one
execution attempt against the bar, futures positions are marked to market and
the portfolio value is recomputed. Nothing beyond the value update happens on
bars where no order is pending.

The broker is composed of (see ``brokers/__init__.py``): a ``Ledger`` (cash,
positions, values), ``OrderGroups`` (OCO, brackets), ``ValueRecords`` (the
figures consumers keep, deferred valuation), and the ``OrderSubmission`` and
``OrderMatching`` mixins (upstream's overridable methods for intake and
execution). Upstream's attribute names (``positions``, ``d_credit``,
``_pchildren``...) refer to the components' containers.
"""
from __future__ import annotations

import collections
from operator import attrgetter
from typing import Optional

from ..order import BuyOrder, Order, SellOrder
from . import bars
from .base import BrokerBase, BrokerCapabilities
from .groups import OrderGroups
from .history import FundHistory, OrderHistory
from .ledger import Ledger
from .matching import OrderMatching
from .priceevaluator import PriceEvaluator
from .records import ValueRecords
from .submission import OrderSubmission

__all__ = ['BackBroker', 'BrokerBack']


# what upstream's broker calls on every cycle (see BackBroker.init)
_CYCLE_HOOKS = ('check_submitted', '_process_order_history', '_get_value')
# what the lean path of plain orders stands for (see BackBroker._fill_plain)
_LEAN_HOOKS = ('_ocoize', 'transmit', 'notify', '_try_exec', '_try_exec_market', '_slip_up',
               '_slip_down', '_execute', '_notify_group', '_ococheck', '_bracketize')
_LEAN_ORDERS = (BuyOrder, SellOrder)
_COMPLETED = Order.Completed
_PARTIAL = Order.Partial            # the last status of an order still alive
_ACCEPTED = Order.Accepted


def _ledger_figure(name: str, doc: str) -> property:
    return property(attrgetter('_ledger.' + name), doc=doc)


class BackBroker(OrderSubmission, OrderMatching, BrokerBase):
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
    # The broker's own shortcuts, decided at the end of each full cycle (the
    # tail of next()):
    # _quiet: nothing pending, nothing open -- a cycle changes nothing;
    # _hold: Ledger.held while the only activity is plain stock-like
    #   positions held -- a cycle is their valuation (revalue);
    # _deferring: in either state under a deferring loop, the engine stops
    #   calling next() until something wakes the broker (records.py).
    # _idle: _quiet or _hold set (what _wake undoes; a cheap test before it).
    # _stale: under a deferring loop, the ledger's figures are not those of
    #   the current bar: reads compute them from the last mark (records.py).
    _quiet = False
    _hold = None
    _deferring = False
    _idle = False
    _stale = False

    def __init__(self) -> None:
        # survive start(): set before the first init()
        self._userhist = []
        self._fundhist = None
        super().__init__()
        # set_fundmode() before a run survives start(); the param is read here
        self._fundmode = self.p.fundmode

    def init(self) -> None:
        super().init()
        p = self.p
        self.startingcash = p.cash
        self._ledger = ledger = Ledger(self, p.cash, p.fundstartval, self._fundhist)
        self._groups = groups = OrderGroups(self)
        self._records = ValueRecords()
        self.orders = []                        # every order submitted
        self.pending = collections.deque()      # accepted, waiting for a fill
        self.submitted = collections.deque()    # waiting for the submission check
        self.notifs = collections.deque()       # order copies for the owners
        self.positions = ledger.positions
        self.d_credit = ledger.d_credit
        self._cash_addition = ledger.additions
        self._pchildren = groups.pchildren
        self._ocos = groups.ocos
        self._ocol = groups.ocol
        self._toactivate = groups.toactivate
        self._quiet = False
        self._hold = None
        self._deferring = False
        self._idle = False
        self._stale = False
        # PriceEvaluator in use (fill rule or price= of an order): only then
        # does an execution attempt look for one
        self._evaluated = self._fillrule is not None
        # A subclass overriding a hook upstream calls every cycle gets it
        # called every cycle (no quiet or held cycles); one overriding a
        # market hook gets upstream's arguments; one overriding _execute gets
        # the submission checks; one overriding notify gets every
        # notification, also those no owner reads; one overriding cancel gets
        # upstream's no-op calls too.
        self._plain_cycle = self._keeps(*_CYCLE_HOOKS)
        self._plain_market = self._keeps('_try_exec_market', '_slip_up', '_slip_down')
        self._plain_execute = self._keeps('_execute')
        self._notify_all = not self._keeps('notify')
        self._cancel_all = not self._keeps('cancel')
        self._lean = self._keeps(*_LEAN_HOOKS)
        self._plain_entry = self._lean and self._keeps('submit', '_make_order')

    def _release_orders(self) -> None:
        """Let go of the last run's orders (the order list, the orders by
        ref, queued notifications) before the next run of a study starts the
        broker anew: they are freed now, not scanned once more by the
        collection made before that run."""
        self.orders = []
        self.notifs.clear()
        self._groups.byref.clear()

    def capabilities(self) -> BrokerCapabilities:
        """The run loops' shortcuts, each offered while this broker's class
        keeps the BackBroker methods the shortcut stands for."""
        keeps = self._keeps
        return BrokerCapabilities(
            queue=self.notifs if keeps('get_notification') else None,
            defer=keeps('next', '_defer_start', '_defer_stop', 'get_value'),
            figures=keeps('getcash', 'getvalue', 'get_fundvalue', 'get_fundshares'),
            orders=keeps('buy', 'sell'),
            positions=keeps('getposition', '_reserve_position'))

    def _keeps(self, *names: str) -> bool:
        """True if this broker's class keeps BackBroker's methods ``names``."""
        cls = type(self)
        return all(getattr(cls, n) is getattr(BackBroker, n) for n in names)

    # -- cash & value ------------------------------------------------------------------
    def _get_cash(self) -> float:
        return self._ledger.cash

    def _set_cash_now(self, cash: float) -> None:
        self._ledger.cash = cash

    cash = property(_get_cash, _set_cash_now, doc='Cash now.')

    _value = _ledger_figure('value', 'Value after the last valuation.')
    _fundval = _ledger_figure('fundval', 'Share value after the last valuation.')
    _fundshares = _ledger_figure('fundshares', 'Fund shares.')
    _valueparts = _ledger_figure('parts', '(cash, positions value, unlevered positions '
                                 'value, unrealized pnl) of the last valuation.')

    @property
    def _valuelever(self) -> float:
        cash, pos_value, _, _ = self._ledger.parts
        return cash + pos_value

    @property
    def _valuemkt(self) -> float:
        return self._ledger.parts[2]

    @property
    def _valuemktlever(self) -> float:
        return self._ledger.parts[1]

    @property
    def _leverage(self) -> float:
        _, pos_value, pos_value_unlever, _ = self._ledger.parts
        return (pos_value / pos_value_unlever) if pos_value_unlever else 0.0

    @property
    def _unrealized(self) -> float:
        return self._ledger.parts[3]

    def get_cash(self) -> float:
        """Cash now."""
        return self._ledger.cash

    getcash = get_cash

    def set_cash(self, cash: float) -> None:
        """Starting cash (call before running)."""
        self._wake()
        self._settle()
        self.startingcash = self.p.cash = cash
        ledger = self._ledger
        ledger.cash = ledger.value = cash

    setcash = set_cash

    def add_cash(self, cash: float) -> None:
        """Add (or remove, if negative) cash during a run; applied at the next
        value computation."""
        self._wake()
        self._settle()          # (fund mode: booked at this bar's share value)
        self._ledger.additions.append(cash)

    def get_value(self, datas=None, mkt: bool = False, lever: bool = False) -> float:
        """Portfolio value (cached from the last broker cycle) or, with
        ``datas``, the value of those datas' positions at their current close."""
        if self._stale:
            self._deferred_value()
        if not datas:
            ledger = self._ledger
            if mkt:
                return ledger.parts[1] if lever else ledger.parts[2]
            return self._valuelever if lever else ledger.value
        return self._get_value(datas=datas, lever=lever)

    getvalue = get_value

    def get_value_lever(self, datas=None, mkt: bool = False) -> float:
        """``get_value`` with levered figures."""
        return self.get_value(datas=datas, mkt=mkt, lever=True)

    def _get_value(self, datas=None, lever: bool = False) -> float:
        """Book the cash added, then value the portfolio (or ``datas``'
        positions) at the current closes."""
        ledger = self._ledger
        if ledger.additions:
            ledger.take_additions()
        if datas is not None:
            return ledger.value_of(datas, lever)
        value = ledger.revalue()
        return self._valuelever if lever else value

    def get_leverage(self) -> float:
        """Positions value over their unlevered value (0.0 with none, as upstream's)."""
        if self._stale:
            self._deferred_value()
        return self._leverage

    # -- fund mode -----------------------------------------------------------------------
    def get_fundshares(self) -> float:
        """Fund shares held (changed by ``add_cash`` in fund mode)."""
        return self._ledger.fundshares

    fundshares = property(get_fundshares)

    def get_fundvalue(self) -> float:
        """Value of one fund share."""
        if self._stale:
            self._deferred_value()
        return self._ledger.fundval

    fundvalue = property(get_fundvalue)

    def set_fundmode(self, fundmode: bool, fundstartval: Optional[float] = None) -> None:
        """Report fund figures (analyzers/observers) instead of values."""
        self._fundmode = fundmode
        if fundstartval is not None:
            self.set_fundstartval(fundstartval)

    def get_fundmode(self) -> bool:
        """True in fund mode."""
        return self._fundmode

    fundmode = property(get_fundmode, set_fundmode)

    def set_fundstartval(self, fundstartval: float) -> None:
        """Value of a fund share at the start."""
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
        self.startingcash = netvalue
        self._ledger.start_fund(hist, fundval, netvalue)

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

    # -- positions & orders --------------------------------------------------------------
    def getposition(self, data):
        """The Position held on ``data`` (made on first use)."""
        return self.positions[data]

    def _reserve_position(self, data):
        """The Position ``getposition(data)`` will return, without creating
        the entry yet (see ``ledger.Positions``)."""
        return self.positions.reserve(data)

    def get_orders_open(self, safe: bool = False) -> list:
        """Orders waiting for a fill (copies with ``safe``)."""
        return [x.clone() if safe else x for x in self.pending]

    def orderstatus(self, order) -> int:
        """Status of the broker's copy of ``order``."""
        o = self._groups.byref.get(order.ref, order)
        return o.status

    def get_notification(self):
        """The next order notification (a copy), or None."""
        try:
            return self.notifs.popleft()
        except IndexError:
            return None

    def notify(self, order) -> None:
        """Queue a copy of ``order`` in its current state for its owner."""
        owner = order.owner
        if order.status > _PARTIAL and owner is not None and not (
                getattr(owner, '_st_order', True) or getattr(owner, '_an_order', True)):
            # An ended order changes no more, and no notify_order of its owner
            # (strategy or analyzer) receives it: the order itself stands for
            # the copy, its new fills marked pending as the copy marks them.
            order.executed.markpending()
            self.notifs.append(order)
            return
        self.notifs.append(order.clone())

    # -- OCO and brackets (groups.py) ------------------------------------------------------
    def _ocoize(self, order, oco) -> None:
        self._groups.join(order, oco)

    def _ococheck(self, order) -> None:
        self._groups.use_up(order, self.pending)

    def _take_children(self, order):
        return self._groups.parent_ref(order)

    def _bracketize(self, order, cancel: bool = False) -> None:
        groups = self._groups
        # (no bracket transmitted: nothing to settle)
        if groups.brackets and groups.settle(order, cancel):
            return
        if cancel and self._cancel_all:
            # upstream asks a lone order's own group to cancel as well (a
            # no-op): a subclass overriding cancel sees that call
            self.cancel(order, bracket=True)

    # -- setters -------------------------------------------------------------------------
    def set_checksubmit(self, checksubmit: bool) -> None:
        """Check cash before accepting submitted orders."""
        self.p.checksubmit = checksubmit

    def set_eosbar(self, eosbar: bool) -> None:
        """Upstream's ``eosbar`` parameter (not used by upstream either)."""
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
        """The PriceEvaluator set by ``set_fill_rule`` (None: none)."""
        return self._fillrule

    def set_filler(self, filler) -> None:
        """Volume filler ``filler(order, price, ago) -> size`` (None: whole fills)."""
        self.p.filler = filler

    def set_coc(self, coc: bool) -> None:
        """Cheat-on-close: market orders fill at their creation bar's close."""
        self.p.coc = coc

    def set_coo(self, coo: bool) -> None:
        """Cheat-on-open: market orders may fill at the open of the bar they are made in."""
        self.p.coo = coo

    def set_int2pnl(self, int2pnl: bool) -> None:
        """Add credit interest to the commission of the closing execution."""
        self.p.int2pnl = int2pnl

    def set_shortcash(self, shortcash: bool) -> None:
        """Shorts add cash and count negative (True) or lock cash like longs."""
        self._wake()
        self.p.shortcash = shortcash
        self._schemes_changed()

    def _schemes_changed(self) -> None:
        self._ledger.schemes_changed()

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

    # -- the broker cycle ---------------------------------------------------------------------
    def next(self) -> None:
        """One broker cycle (see the module docstring)."""
        ledger = self._ledger
        if self._idle:
            # the shortcuts decided at the end of a full cycle: plain positions held and
            # nothing else going on, a cycle is their valuation; quiet (nothing
            # pending, nothing open), cash and value cannot change
            if self._hold:
                ledger.revalue()
            for column in self._records.columns:
                column.put(ledger.cash, ledger.value, ledger.fundval)
            return
        if self._toactivate:
            self._groups.activate_due()
        if type(ledger.cash) is not float:
            ledger.cash = float(ledger.cash)
        plain = self._plain_cycle
        if self.p.checksubmit and (self.submitted or not plain):
            self.check_submitted()
        if ledger.dirty:
            ledger.refresh()
        if ledger.creditpos:
            ledger.charge_interest()
        if self._userhist or not plain:
            self._process_order_history()
        pending = self.pending
        if pending:
            # Lean path: a Market order made by buy/sell, outside any group or
            # bracket, while nothing changes how it fills (no fill price
            # rule, filler, slippage on opens or cheat-on-close) and the
            # class keeps the hooks it stands for (_LEAN_HOOKS). Such an order
            # cannot expire and is active: _fill_plain does the general steps.
            p = self.p
            lean = self._lean and not (self._evaluated or p.coc or p.filler is not None or
                                       (p.slip_open and (p.slip_perc or p.slip_fixed)))
            groups = self._groups
            pending.append(None)
            while True:
                order = pending.popleft()
                if order is None:
                    break
                if lean and order.exectype == 0 and order.parent is None and \
                        type(order) in _LEAN_ORDERS and order.ref not in groups.ocos:
                    self._fill_plain(order)
                    status = order.status
                    if status == _ACCEPTED:
                        pending.append(order)           # not on its creation bar
                    elif status == _COMPLETED and groups.brackets:
                        self._bracketize(order)
                    continue
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
            if ledger.dirty:
                ledger.refresh()
        if ledger.closenotes:
            ledger.note_closes()
        if ledger.mtmpos:
            ledger.mark_to_market()
        records = self._records
        if records.clock is not None and self._plain_cycle and ledger.prepare_held():
            # under a deferring loop, positions held: a mark, valued when read
            records.mark(ledger, records.clock.idx)
            self._stale = True
        else:
            self._stale = False
            self._get_value()
            records.put(ledger)
        if ledger.positions.reserved:
            # a strategy's position counts as used from its first bar on
            ledger.positions.flush()
        # The shortcut of the next cycles, from what this one leaves (a full
        # cycle runs with _quiet and _hold off): see _idle.
        if (self.pending or self.submitted or self._toactivate or ledger.additions
                or ledger.accruing or ledger.dirty or self._userhist or not self._plain_cycle):
            return
        hold = self._hold = ledger.held
        quiet = self._quiet = not ledger.openpos
        if quiet or hold is not None:
            self._idle = True
            # under a deferring loop the following bars are skipped (this
            # cycle left a mark: hold is set)
            self._deferring = records.clock is not None

    # -- value records and deferred valuation (records.py) ------------------------------
    def value_history(self, fund: bool = False, private: bool = False):
        """Start keeping the value (``fund=True``: the share value) after
        every broker cycle of the run; returns the ``array('d')`` appended to
        in place (``private``: not shared with other readers; its reader may
        delete what it has read, after ``_sync_history``)."""
        return self._records.history(bool(fund), private)

    def add_value_sink(self, cashline, valueline) -> None:
        """Write cash and value of every cycle straight into these (unbounded,
        observer-follower) lines, at the slot their clock moves to next."""
        self._records.add_sink(cashline, valueline)

    def _defer_start(self, clock) -> None:
        """Allow deferral from now on (a runonce loop over datas moving
        together); ``clock`` is theirs (its index is the bar being run)."""
        records = self._records
        records.clock = clock
        records.marks = []
        if self._idle and self._hold is not None:
            # held since before: the next bars are skipped from the start
            records.mark(self._ledger, clock.idx + 1)
            self._stale = self._deferring = True

    def _defer_stop(self) -> None:
        """Write every deferred figure and stop deferring."""
        self._sync_history()
        self._settle()
        self._deferring = False
        self._records.marks = []
        self._records.clock = None

    def _wake(self) -> None:
        """Something may change cash, positions or orders: the full cycle
        runs from the next bar on (the bars up to this one keep the last
        mark's figures)."""
        if self._ledger.closenotes:
            self._ledger.note_closes()
        if self._deferring:
            self._records.upto = self._records.clock.idx
            self._deferring = False
        self._quiet = self._idle = False
        self._hold = None

    def _fill_plain(self, order) -> None:
        """One execution attempt of a plain Market order (the lean path of
        ``next``): ``_try_exec_market`` and ``_execute`` for it, same steps."""
        now, tz, price = bars.market_bar(order.data)
        if not self.p.coo and now <= order.created.dt:
            return                      # never on its creation bar
        self._book_fill(order, order.executed.remsize, price, now, (now, tz))

    def _deferred_value(self) -> None:
        # a read while the figures are the last mark's
        self._records.current(self._ledger)

    def _settle(self) -> None:
        """The current bar's figures computed (not left to the last mark)."""
        if self._stale:
            self._deferred_value()
            self._stale = False

    def _sync_history(self) -> None:
        """Value records complete up to the current bar (up to the last
        cycle's bar while a cycle is still due)."""
        records = self._records
        if records.marks:
            records.write(records.clock.idx if self._deferring else records.upto)


BrokerBack = BackBroker
