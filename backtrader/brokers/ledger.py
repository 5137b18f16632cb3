"""The cash/value ledger of the simulated broker.

A ``Ledger`` holds cash, the positions and the figures derived from them
(value, levered and market values, fund shares and share value), and books
everything that moves money: fills, cash added by the user, credit interest,
futures marked to market, rows of a fund history. Values come from the one
formula of ``valuation.py``.

What the per-bar work needs about open positions (their close line,
commission scheme, whether interest or marking to market applies) is cached
in ``refresh()``, called only when positions or commission schemes changed.
"""
from __future__ import annotations

import collections
import math
from itertools import chain, compress
from operator import attrgetter
from typing import Any

from ..comminfo import CommInfoBase, confirm_fill, fill_terms
from ..order import booked_data
from ..position import Position, fill_outcome
from . import bars
from .base import BrokerBase
from .valuation import add_position, held_figures, stock_position

__all__ = ['Ledger', 'Positions', 'held_state']


class Positions(dict):
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


#: (size, price) of a Position
_SIZE_PRICE = attrgetter('size', 'price')
_SIZE = attrgetter('size')


def held_state(positions: tuple) -> tuple:
    """Sizes and prices of ``positions``: (size, price, size, price...)."""
    n = len(positions)
    if n == 1:                          # one position held (the common case)
        pos = positions[0]
        return pos.size, pos.price
    if not n:
        return ()
    return tuple(chain.from_iterable(map(_SIZE_PRICE, positions)))


def _keeps(cls: type, names: tuple) -> bool:
    """True if the scheme class ``cls`` keeps the base class' ``names``."""
    return all(getattr(cls, n) is getattr(CommInfoBase, n) for n in names)


# a scheme keeping these is valued with the inline stock formula
_VALUATION_METHODS = ('getvaluesize', 'profitandloss', 'get_leverage', 'getvalue')
_INTEREST_METHODS = ('_get_credit_interest', 'get_credit_interest')


def _unsigned_values(comminfo, closedvalue: float, closeprice: float, openedvalue: float,
                     openprice: float) -> tuple:
    """Fill values with ``shortcash=False``: shorts lock cash like longs do,
    so a stock value is |size| * price (negative only for a negative price)."""
    if comminfo.stocklike:
        return (math.copysign(closedvalue, closeprice) if closedvalue else closedvalue,
                math.copysign(openedvalue, openprice) if openedvalue else openedvalue)
    return abs(closedvalue), abs(openedvalue)


def _after_close(cash: float, closedvalue: float, pnl: float, closedcomm: float,
                 leverage: float, stocklike: bool) -> float:
    """Cash after closing: the position's (unlevered) value comes back, plus
    the pnl for stocks, minus the commission."""
    cash += (closedvalue / leverage if closedvalue > 0 else closedvalue) + pnl * stocklike
    return cash - closedcomm


def _after_open(cash: float, openedvalue: float, openedcomm: float, leverage: float) -> float:
    """Cash after opening: the (unlevered) value and the commission go."""
    cash -= openedvalue / leverage if openedvalue > 0 else openedvalue
    return cash - openedcomm


class Ledger:
    """Cash, positions and value figures of one broker run.

    ``parts`` = (cash, positions value, unlevered positions value, unrealized
    pnl) of the last valuation; the levered and market values and the
    leverage derive from it. ``broker`` supplies the commission scheme of a
    data (``getcommissioninfo``, which subclasses may override) and the
    ``shortcash``/``int2pnl`` parameters.
    """

    __slots__ = ('broker', 'p', 'cash', 'value', 'parts', 'fundval', 'fundshares', 'positions',
                 'additions', 'd_credit', 'fundhist', 'openpos', 'creditpos', 'mtmpos',
                 'held', 'heldpos', 'keyed', 'accruing', 'dirty', 'vidx', 'closenotes',
                 '_schemes',
                 '_entries', '_keep_entries', '_table', '_keyof')

    def __init__(self, broker: Any, cash: float, fundstartval: float, fundhist=None) -> None:
        self.broker = broker
        self.p = broker.p                       # the broker's parameters
        self.cash = cash
        self.value = cash
        self.parts = (cash, 0.0, 0.0, 0.0)
        self.fundval = fundstartval
        self.fundshares = cash / fundstartval
        self.positions = Positions()
        self.additions = collections.deque()    # add_cash amounts not booked yet
        self.d_credit = collections.defaultdict(float)     # interest per data
        self.fundhist = fundhist                # FundHistory: values come from it
        # per open position: (data, position, scheme, close line, stock formula?,
        # mult, leverage); the ones paying interest; the ones marked to market
        self.openpos, self.creditpos, self.mtmpos = [], [], []
        # while every open position (maybe none) is a stock-like one valued by
        # the inline formula and nothing accrues: their keys and their
        # Positions, in the order values are summed (see value_state), else
        # None; ``keyed``: by key, (close line, mult, leverage) of a data's
        # scheme (a key stands for one data and scheme for the whole run)
        self.held = None if fundhist is not None else ()
        self.heldpos = ()
        self.keyed = []
        # cash or value move each bar without an order (interest, marking to
        # market, a fund history): no quiet or held cycles
        self.accruing = fundhist is not None
        self.dirty = False                      # positions/schemes changed: refresh()
        # held stock-like positions whose data keeps one bar (a memory-saving
        # ring): they note its close every cycle (note_closes)
        self.closenotes = []
        self.vidx = -1          # bar whose figures a deferring broker computed last
        self._schemes = {}      # scheme -> (base valuation methods?, interest?)
        self._entries = {}      # data -> what refresh() keeps of it (see _entry)
        # the schemes of datas may be kept until they change (set through the
        # broker) unless a subclass decides them its own way
        self._keep_entries = type(broker).getcommissioninfo is BrokerBase.getcommissioninfo
        self._table = None      # see _make_table
        self._keyof = {}        # (data, mult, leverage) -> key

    # -- what the per-bar work needs -----------------------------------------------------
    def refresh(self) -> None:
        """Cache what the per-bar work needs about the open positions."""
        table = self._table
        if table is None or len(table[0]) != len(self.positions):
            table = self._table = self._make_table()
        if table is not None and table[3]:
            # every data's scheme plain stock-like without interest (what the
            # loop below gives): the open positions picked out in C
            positions, ops, keys, _ = table
            self.creditpos = self.mtmpos = ()
            self.accruing = accruing = self.fundhist is not None
            if len(positions) == 1:
                # one data (the common case): open or not, without the selections
                if positions[0].size:
                    self.openpos, held, self.heldpos = ops, keys, positions
                else:
                    self.openpos = held = self.heldpos = ()
            else:
                sizes = list(map(_SIZE, positions))
                self.openpos = list(compress(ops, sizes))
                held = tuple(compress(keys, sizes))
                self.heldpos = tuple(compress(positions, sizes))
            self.held = None if accruing else held
            self.dirty = False
            return
        entries = self._entries
        openpos, credit, mtm, held, heldpos = [], [], [], [], []
        for data, pos in self.positions.items():
            if not pos.size:
                continue
            entry = entries.get(data) or self._entry(data, pos)
            openpos.append(entry[0])
            if entry[1] is not None:
                held.append(entry[1])
                heldpos.append(pos)
            if entry[2] is not None:
                credit.append(entry[2])
            if entry[3] is not None:
                mtm.append(entry[3])
        if not self._keep_entries:
            entries.clear()
        self.openpos = openpos
        self.creditpos = credit
        self.mtmpos = mtm
        self.accruing = bool(credit or mtm) or self.fundhist is not None
        if len(held) == len(openpos) and not self.accruing:
            self.held = tuple(held)
            self.heldpos = tuple(heldpos)
        else:
            self.held = None
            self.heldpos = ()
        self.dirty = False

    def _make_table(self):
        """(positions, their openpos items, their held keys, all plain?) of
        every data with a position, schemes kept (see ``_keep_entries``)."""
        if not self._keep_entries:
            return None
        entries = self._entries
        positions, ops, keys, plain = [], [], [], True
        for data, pos in self.positions.items():
            entry = entries.get(data) or self._entry(data, pos)
            positions.append(pos)
            ops.append(entry[0])
            keys.append(entry[1])
            plain = plain and entry[1] is not None and entry[2] is None and entry[3] is None
        # (tuples: refresh hands them out as they are when one data is open)
        return tuple(positions), tuple(ops), tuple(keys), plain

    def _entry(self, data, pos) -> tuple:
        """What refresh() keeps of an open position on ``data``: its openpos
        item, its held item (None unless the stock formula values it), its
        creditpos and mtmpos items (None: not there)."""
        comminfo = self.broker.getcommissioninfo(data)
        facts = self._schemes.get(comminfo) or self._learn(comminfo)
        stocklike = comminfo.stocklike
        fast = stocklike and facts[0] and self.p.shortcash
        closeline = data.lines.close
        mult, leverage = comminfo.p.mult, comminfo.p.leverage
        hold = None
        if fast:
            hold = self._keyof.get((data, mult, leverage))
            if hold is None:
                hold = self._keyof[data, mult, leverage] = len(self.keyed)
                self.keyed.append((closeline, mult, leverage))
        entry = self._entries[data] = (
            (data, pos, comminfo, closeline, fast, mult, leverage), hold,
            # (a price overflowed to inf or NaN is charged at any rate: _overflow)
            (data, pos, comminfo) if facts[1] or pos.price - pos.price else None,
            (data, pos, comminfo) if not stocklike else None)
        return entry

    def schemes_changed(self) -> None:
        """Commission schemes (or how they count shorts) changed: what was
        kept of them goes."""
        self._entries.clear()
        self._table = None
        self.dirty = True

    def _learn(self, comminfo) -> tuple:
        """(keeps the base valuation methods?, charges credit interest?) of a
        scheme, remembered for the run."""
        cls = type(comminfo)
        facts = self._schemes[comminfo] = (
            _keeps(cls, _VALUATION_METHODS),
            bool(comminfo.p.interest) or not _keeps(cls, _INTEREST_METHODS))
        return facts

    # -- values -------------------------------------------------------------------------
    def take_additions(self) -> None:
        """Book the add_cash amounts (they land when a value is next computed:
        the end of a broker cycle or a getvalue(datas=...) call); in fund
        mode they buy or sell shares at the last share value."""
        additions = self.additions
        while additions:
            c = additions.popleft()
            self.fundshares += c / self.fundval
            self.cash += c

    def revalue(self) -> float:
        """Value every open position at its data's current close; sets and
        returns the value (``parts`` keeps the other figures)."""
        if self.dirty:
            self.refresh()
        pos_value = pos_value_unlever = unrealized = 0.0
        for data, position, comminfo, closeline, fast, mult, leverage in self.openpos:
            close = bars.current(closeline)
            size = position.size
            if fast:
                # a stock-like base scheme: its formulas inline (same figures)
                dvalue, dunrealized, pos_value_unlever = stock_position(
                    pos_value_unlever, size, position.price, close, mult, leverage)
            else:
                dunrealized = comminfo.profitandloss(size, position.price, close)
                leverage = comminfo.get_leverage()
                if self.p.shortcash:
                    dvalue = comminfo.getvaluesize(size, close)
                else:
                    # a short locks cash: its (negative) value counts positive
                    dvalue = abs(comminfo.getvalue(position, close))
                pos_value_unlever = add_position(pos_value_unlever, dvalue, dunrealized,
                                                 leverage)
            pos_value += dvalue
            unrealized += dunrealized
        cash = self.cash
        if self.fundhist is None:
            self.value = v = cash + pos_value_unlever
            self.fundval = v / self.fundshares
        else:
            cash, pos_value, pos_value_unlever = self._from_fund_history(
                cash, pos_value, pos_value_unlever)
            v = self.value
        self.parts = (cash, pos_value, pos_value_unlever, unrealized)
        return v

    def prepare_held(self) -> bool:
        """What a valuation does first (cash added booked, open positions
        refreshed); True when they are held (see ``held``)."""
        if self.additions:
            self.take_additions()
        if self.dirty:
            self.refresh()
        return self.held is not None

    def value_state(self, cash: float, shares: float, held: tuple, state: tuple) -> None:
        """``revalue`` for ``cash``, ``shares`` and the positions ``held``
        (keys, see ``held``) whose sizes and prices were ``state``
        (``held_state``), at their current closes (the same float
        operations)."""
        current = bars.current
        terms = [(current(line), mult, leverage)
                 for line, mult, leverage in map(self.keyed.__getitem__, held)]
        pairs = iter(state)
        value, self.parts = held_figures(cash, zip(pairs, pairs), terms)
        self.value = value
        self.fundval = value / shares

    def value_of(self, datas, lever: bool = False) -> float:
        """Value of the positions of ``datas`` at their current close (as
        upstream: one data gives its value, unlevered with ``lever``; several
        give the unlevered sum, levered with ``lever``)."""
        pos_value = pos_value_unlever = 0.0
        broker = self.broker
        shortcash = self.p.shortcash
        for data in datas:
            position = self.positions[data]
            comminfo = broker.getcommissioninfo(data)
            close = data.close[0]
            if shortcash:
                dvalue = comminfo.getvaluesize(position.size, close)
            else:
                dvalue = comminfo.getvalue(position, close)
            dunrealized = comminfo.profitandloss(position.size, position.price, close)
            if len(datas) == 1:
                if lever and dvalue > 0:
                    return add_position(0.0, dvalue, dunrealized, comminfo.get_leverage())
                return dvalue
            if not shortcash:
                dvalue = abs(dvalue)
            pos_value += dvalue
            pos_value_unlever = add_position(pos_value_unlever, dvalue, dunrealized,
                                             comminfo.get_leverage())
        return pos_value_unlever if not lever else pos_value

    def _from_fund_history(self, cash: float, pos_value: float, pos_value_unlever: float):
        """Value figures from the fund history row due now: the net asset
        value is the value, cash is what positions leave of it."""
        dts = [d.datetime.datetime(0) for d in self.broker.cerebro.datas if len(d)]
        fundval, netvalue = self.fundhist.current(max(dts) if dts else None)
        lever = pos_value / (pos_value_unlever or 1.0)
        self.cash = cash = netvalue - pos_value_unlever
        self.value = netvalue
        self.fundval = fundval
        self.fundshares = netvalue / fundval
        return cash, netvalue * lever, netvalue

    def start_fund(self, fundhist, fundval: float, netvalue: float) -> None:
        """Take values from ``fundhist`` from now on, starting from its first
        row's share value and net asset value."""
        self.fundhist = fundhist
        self.accruing = True
        self.held = None
        self.cash = self.value = netvalue
        self.fundval = fundval
        self.fundshares = netvalue / fundval
        self.parts = (netvalue, 0.0, 0.0, 0.0)

    # -- money moved each bar ---------------------------------------------------------------
    def mark_to_market(self) -> None:
        """Futures-like positions: the move since the last mark goes to cash."""
        for data, pos, comminfo in self.mtmpos:
            close = data.close[0]
            self.cash += comminfo.cashadjust(pos.size, pos.adjbase, close)
            pos.adjbase = close

    def charge_interest(self) -> None:
        """Credit interest of the open positions, summed, then taken from
        cash in one go."""
        credit = 0.0
        for data, pos, comminfo in self.creditpos:
            if not pos.size:
                continue
            dt0 = data.datetime.datetime()
            pos._dtdata = None          # (its datetime: the last cycle's, kept below)
            dcredit = comminfo.get_credit_interest(data, pos, dt0)
            self.d_credit[data] += dcredit
            credit += dcredit
            pos.datetime = dt0
        self.cash -= credit

    # -- fills ----------------------------------------------------------------------------
    def cash_after(self, cash: float, state: tuple, comminfo, size: float,
                   price: float) -> tuple:
        """Cash left after a fill of ``size`` at ``price`` against a position
        ``state`` = (size, price); returns (cash, new state). A closing part
        is valued at ``price`` itself (what closing would free at that price,
        no realized pnl): the check of submitted orders."""
        psize, pprice, opened, closed = fill_outcome(state[0], state[1], size, price)
        closedvalue, pnl, closedcomm, openedvalue, openedcomm, leverage = fill_terms(
            comminfo, closed, opened, price, price)
        if not self.p.shortcash:
            closedvalue, openedvalue = _unsigned_values(comminfo, closedvalue, price,
                                                        openedvalue, price)
        if closed:
            cash = _after_close(cash, closedvalue, pnl, closedcomm, leverage,
                                comminfo.stocklike)
        if opened:
            cash = _after_open(cash, openedvalue, openedcomm, leverage)
        return cash, (psize, pprice)

    def note_closes(self) -> None:
        """The positions of ``closenotes`` still held note their data's
        close: the base they keep should a fill of a later bar make them
        flat (``Position.adjbase``). Called after each broker cycle that is
        not skipped and when the broker is woken up."""
        held = []
        for position in self.closenotes:
            data = position._adjdata
            if data is not None:
                position._adjprev = data.lines.close[0]
                held.append(position)
        self.closenotes = held

    def fill(self, order, comminfo, size: float, price: float, dt: float,
             stamp: tuple) -> tuple:
        """Book a fill of ``size`` at ``price`` of ``order`` on its booked
        data's position (``booked_data``), at the time ``stamp`` (date
        number, timezone); the execution, dated ``dt``, goes on the order.
        An opening part the cash cannot pay is refused (only the closing part
        fills). Returns (filled, refused)."""
        p = self.p
        data = booked_data(order)
        position = self.positions[data]
        pprice_orig = position.price
        outcome = fill_outcome(position.size, pprice_orig, size, price)
        psize, pprice, opened, closed = outcome
        closedvalue, pnl, closedcomm, openedvalue, openedcomm, leverage = fill_terms(
            comminfo, closed, opened, pprice_orig, price)
        if not p.shortcash:
            closedvalue, openedvalue = _unsigned_values(comminfo, closedvalue, pprice_orig,
                                                        openedvalue, price)
        cash = self.cash
        stocklike = comminfo.stocklike
        if closed:
            cash = _after_close(cash, closedvalue, pnl, closedcomm, leverage, stocklike)
            if not stocklike:
                cash += comminfo.cashadjust(-closed, position.adjbase, price)
            if p.int2pnl:
                # (even adding 0.0 matters: it turns a -0.0 commission into 0.0)
                closedcomm += self.d_credit.pop(data, 0.0) if self.d_credit else 0.0
        refused = False
        if opened:
            left = _after_open(cash, openedvalue, openedcomm, leverage)
            if left < 0.0:
                refused = True
                opened = 0
                openedvalue = openedcomm = 0.0
            else:
                cash = left
                if not stocklike and abs(psize) > abs(opened):
                    cash += comminfo.cashadjust(psize - opened, position.adjbase, price)
                position.adjbase = price
        execsize = closed + opened
        if not execsize:
            return False, refused
        confirm_fill(comminfo, execsize, price)
        self.cash = cash
        wasopen = bool(position.size)
        # the execution reports the position the whole size would have given
        # (as upstream does, even when the opening part was refused)
        if execsize != size:
            # the opening part was refused: the position takes what filled
            outcome = fill_outcome(position.size, pprice_orig, execsize, price)
        position._dtdata = data         # (Position.datetime: its bar while open)
        if wasopen != bool(position.take(outcome, stamp)[0]):
            self.dirty = True          # the set of open positions changed
            if stocklike:
                # (Position.adjbase) a data keeping one bar (a memory-saving
                # ring) cannot give the previous close when the position goes
                # flat: the position notes it every cycle (note_closes)
                if wasopen:
                    position._leave_close(dt)
                elif position._follow_close(data, dt).maxlen == 1:
                    self.closenotes.append(position)
        newprice = position.price
        if newprice - newprice:         # (inf or NaN: not 0.0)
            self._overflow(data)
        order.execute(dt, execsize, price, closed, closedvalue, closedcomm, opened,
                      openedvalue, openedcomm, comminfo.margin, pnl, psize, pprice)
        order.addcomminfo(comminfo)
        return True, refused

    def _overflow(self, data) -> None:
        """The position on ``data`` has a price of inf or NaN (sizes grown
        past the float range): it is charged credit interest from now on
        whatever the rate, as upstream's broker charges every open position:
        at a zero rate a short one's charge is 0 * inf = NaN, and cash goes
        NaN on the next day, as upstream's does."""
        entry = self._entries.get(data)
        if entry is None or entry[2] is None:
            self._entries.pop(data, None)   # (made again by refresh, charged)
            self._table = None
            self.dirty = True
