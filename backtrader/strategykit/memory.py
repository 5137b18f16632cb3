"""The memory-saving modes (``exactbars``, upstream's ``qbuffer``): which
lines of a strategy's tree keep only a ring of their last bars, and how many.
The one implementation: ``Cerebro`` applies it per run, ``Strategy.qbuffer``
calls it too."""
from __future__ import annotations

import functools
import types
import weakref

from ..brokers.base import BrokerBase
from ..comminfo import CommInfoBase
from ..core.params import AutoInfoClass
from ..core.spill import SpillList
from ..core.spillcodec import ColumnCodec
from ..lines.buffer import LineBuffer, WrappedLineBuffer
from ..lines.iterator import LineIterator, clock_of
from ..lines.ops import LineActions
from ..lines.root import LineRoot

__all__ = ['apply_memory_mode', 'bound_memory', 'data_ring_caps', 'set_ring_wraps', 'spill_history',
           'tree_of']


def tree_of(obj):
    """``obj`` and every line iterator below it (indicators, observers and
    their children), depth first."""
    yield obj
    for group in obj._lineiterators:
        for child in group:
            if isinstance(child, list):
                for c in child:
                    yield from tree_of(c)
            else:
                yield from tree_of(child)


def _data_line_needs(objs) -> dict:
    """id(line) -> longest minimum period among the objects reading that line
    as one of their inputs: all the lines of an indicator's (or analyzer's)
    inputs, the first line of a line operation's operands (``rsi - ichimoku``
    leaves the rings of Ichimoku's other lines at their own length)."""
    need: dict = {}
    for obj in objs:
        mp = getattr(obj, '_minperiod', 1)
        operation = isinstance(obj, LineActions)
        for src in getattr(obj, 'datas', ()):
            if isinstance(src, LineBuffer):
                lines = (src,)
            else:
                lines = getattr(getattr(src, 'lines', None), 'lines', ())
                if operation:
                    lines = lines[:1]
            for line in lines:
                if need.get(id(line), 0) < mp:
                    need[id(line)] = mp
    return need


def set_ring_wraps(objs, ringed) -> None:
    """Give every line of the line iterators ``ringed`` among ``objs`` (a
    strategy's tree, the strategy first) the size of the ring upstream keeps for it with
    ``exactbars >= 1``: the line's own minimum period, or the longest minimum
    period of the objects reading it when longer. Reads through its
    indicator further back wrap around that ring, as upstream's (a pivot
    point's ``[-1]`` read by a strategy is its current value there); the
    rings themselves keep what this project's computations read."""
    need = _data_line_needs(objs[1:])
    # (a line bound to an operation, ``self.lines.x = op``, is sized by its
    # own readers: those of ``op`` size ``op`` alone)
    for obj in ringed:
        for line in obj.lines.lines:
            line._wrap = max(line._minperiod, need.get(id(line), 1))


def data_ring_caps(strat, resampled: bool = False, objs=None) -> list:
    """``(line, cap)`` of every line of the strategy's datas: the bars its
    ring keeps with ``exactbars >= 1`` (``apply_memory_mode``)."""
    if objs is None:
        objs = list(tree_of(strat))
    need = _data_line_needs(objs[1:])         # (the strategy reads what it likes)
    caps = []
    for data in strat.datas:
        dextra = 1 if resampled or data.resampling or data.replaying else 0
        caps.extend((line, need.get(id(line), 1) + dextra) for line in data.lines.lines)
    return caps


def _ring_cap_by_clock(objs: list):
    """``cap(obj)``: the bars the rings of ``obj``'s lines keep -- the longest
    minimum period of anything in ``objs`` moving with its clock, plus one."""
    capbyclock: dict = {}
    for obj in objs:
        c = clock_of(obj)
        mp = getattr(obj, '_minperiod', 1)
        capbyclock[id(c)] = max(capbyclock.get(id(c), 1), mp)
    return lambda obj: capbyclock.get(id(clock_of(obj)), 1) + 1


def apply_memory_mode(strat, exactbars: int, resampled: bool = False) -> None:
    """Switch lines to bounded rings per the ``exactbars`` level.

    Rings are sized per clock: the longest minimum period of anything moving
    with that clock, plus one slot. ``resampled``: ``resampledata`` or
    ``replaydata`` was used in the run (every data keeps one more bar).
    """
    if not exactbars:
        return
    objs = list(tree_of(strat))
    cap_of = _ring_cap_by_clock(objs)

    def ring(obj) -> None:
        cap = cap_of(obj)
        for line in obj.lines.lines:
            line.to_ring(cap)

    if exactbars > 0:
        for obj in objs:
            ring(obj)
        set_ring_wraps(objs, objs[1:])
        # A data line keeps as many bars as the longest minimum period of the
        # objects reading it directly (1 when none does), as upstream's do:
        # reads further back wrap around those bars there too (e.g. a Close
        # order filled from the previous close takes the time and the volume
        # of the current bar when its data keeps one bar). A data loaded
        # through a filter that consumes or rewrites bars (resampling,
        # replaying), or any data of a run using resampledata/replaydata,
        # keeps one bar more, as upstream's: loading a bar and giving it back
        # costs the oldest slot of a ring.
        for line, cap in data_ring_caps(strat, resampled, objs):
            # (a line read as a ring in a streamed run becomes one after it)
            if not line.maxlen or line.maxlen < cap or isinstance(line, WrappedLineBuffer):
                line.to_ring(cap)
        return
    # exactbars < 0: top-level indicators keep everything, their internals go
    # bounded; strategy-level line operations go bounded too (and with -2 also
    # top-level indicators that are not plotted).
    ringed = []
    for ind in strat._lineiterators[LineIterator.IndType]:
        keep = not isinstance(ind, LineActions)
        if keep and exactbars <= -2 and not ind.plotinfo.plot:
            keep = False
        if keep:
            for group in ind._lineiterators:
                for child in group:
                    ringed.extend(tree_of(child))
        else:
            ringed.extend(tree_of(ind))
    for obj in ringed:
        ring(obj)
    set_ring_wraps(objs, ringed)


# -- history of a memory-saving run --------------------------------------------------------
# objects of the running setup: spilled history refers to them, never copies them
_LIVE_TYPES = (LineRoot, CommInfoBase, BrokerBase, types.FunctionType, types.MethodType,
               types.BuiltinFunctionType, types.ModuleType)
# (an order's parameters copy as their class and values: their own reduction is for
# other processes)
_CODEC = ColumnCodec(_LIVE_TYPES, plain_types=(AutoInfoClass,))
_spilling = functools.partial(SpillList, reference_types=_LIVE_TYPES, codec=_CODEC)


def _order_done(order) -> bool:
    return not order.alive()


def _fill_done(entry) -> bool:
    return not entry[0].alive()


class _FillsOfSpilledOrders:
    """The fill log written without its orders when the broker's spilled list
    holds them (each order is written once): an entry ``(order, fill, when)``
    is stored as ``(index in broker.orders, None, position of the fill among
    the order's fills, when)``, or as ``(None, order, position, when)`` when
    the broker's list does not (yet) hold the order on disk."""

    __slots__ = ('_orders',)

    def __init__(self, orders: SpillList) -> None:
        self._orders = orders

    def to_stored(self, entries: list) -> list:
        where = self._orders.spilled_index
        stored = []
        for order, fill, when in entries:
            at = where(order)
            fills = order.executed._bits
            # the fill is (nearly always) the order's last one: look from the end
            k = len(fills) - 1
            while k >= 0 and fills[k] is not fill:
                k -= 1
            stored.append((at, None if at is not None else order, fill if k < 0 else k,
                           when))
        return stored

    def from_stored(self, stored: list) -> list:
        orders = self._orders
        entries = []
        for at, order, fill, when in stored:
            if order is None:
                order = orders[at]
            if type(fill) is int:
                fill = order.executed._bits[fill]
            entries.append((order, fill, when))
        return entries


def _always(_item) -> bool:
    return True


def _trade_done(trade) -> bool:
    return trade.isclosed


class _WeakOrders:
    """The broker's orders by reference (the mapping methods the order groups
    use), holding a finished order no longer than the order itself: orders are
    held as given, and every few insertions the finished ones move to weak
    references (cheaper than a ``WeakValueDictionary``'s per-order callbacks)."""

    __slots__ = ('_live', '_done', '_bound')

    #: insertions between two moves of finished orders to weak references (at least)
    DEMOTE_EVERY = 1024

    def __init__(self, orders: dict) -> None:
        self._live = dict(orders)       # ref -> order
        self._done: dict = {}           # ref -> weak reference to a finished order
        self._bound = self.DEMOTE_EVERY
        self._demote()

    def _demote(self) -> None:
        live, done = self._live, self._done
        for ref in [ref for ref, order in done.items() if order() is None]:
            del done[ref]
        weak = weakref.ref
        for ref, order in [item for item in live.items() if not item[1].alive()]:
            del live[ref]
            done[ref] = weak(order)
        self._bound = max(self.DEMOTE_EVERY, 2 * len(live))

    def get(self, ref, default=None):
        order = self._live.get(ref)
        if order is not None:
            return order
        order = self._done.get(ref)
        order = None if order is None else order()
        return default if order is None else order

    def __getitem__(self, ref):
        order = self.get(ref)
        if order is None:
            raise KeyError(ref)
        return order

    def __setitem__(self, ref, order) -> None:
        live = self._live
        live[ref] = order
        self._done.pop(ref, None)
        if len(live) >= self._bound:
            self._demote()

    def __contains__(self, ref) -> bool:
        return self.get(ref) is not None

    def __len__(self) -> int:
        return len(self.items())

    def items(self):
        done = [(ref, wr()) for ref, wr in self._done.items()]
        return list(self._live.items()) + [item for item in done if item[1] is not None]

    def values(self):
        return [order for _, order in self.items()]

    def clear(self) -> None:
        """Forget every order (the broker lets a finished run's orders go
        before the next run of a study: ``BackBroker._release_orders``)."""
        self._live.clear()
        self._done.clear()
        self._bound = self.DEMOTE_EVERY

    def __reduce__(self):
        return dict, (dict(self.items()),)     # pickled as the dict it stands for


class _SpillingTrades(dict):
    """``strategy._trades[data]``: per tradeid, a history whose closed trades spill."""

    def __missing__(self, key):
        value = self[key] = _spilling(is_final=_trade_done)
        return value


def bound_memory(drivers, broker, exactbars: int, resampled: bool, rings: bool,
                 spill: bool) -> None:
    """A run's memory mode, before its first bar: the line rings of every
    strategy (``rings``: False in an optimisation whose datas were loaded once
    for every run, or in a streamed run) and, with ``spill`` (``exactbars >= 1``
    or a streamed run, without checkpoints: a checkpoint encodes the history),
    the spilled history."""
    if rings:
        for driver in drivers:
            apply_memory_mode(driver.strategy, exactbars, resampled)
    if spill:
        spill_history(drivers, broker)


def spill_history(drivers, broker) -> None:
    """With ``exactbars >= 1``: the history that grows with the bar count (the
    broker's orders, each strategy's fills, trades and closed-trade copies) keeps
    only its unfinished entries in memory; finished ones go to a temporary file
    and read back on access (``core.spill``). Called before the first bar with
    the run's strategy drivers."""
    orders = getattr(broker, 'orders', None)
    if type(orders) is list:
        broker.orders = orders = _spilling(orders, is_final=_order_done, track=True)
        groups = getattr(broker, '_groups', None)
        if groups is not None and type(groups.byref) is dict:
            # the broker's own copy of each order, for orderstatus(): held no longer than
            # the order itself
            groups.byref = _WeakOrders(groups.byref)
    fills = _FillsOfSpilledOrders(orders) if isinstance(orders, SpillList) else None
    for driver in drivers:
        _spill_strategy_history(driver.strategy, fills)


def _spill_strategy_history(strat, fills: '_FillsOfSpilledOrders | None') -> None:
    strat._fill_log = _spilling(strat._fill_log, is_final=_fill_done) if fills is None \
        else _spilling(strat._fill_log, is_final=_fill_done, to_stored=fills.to_stored,
                       from_stored=fills.from_stored)
    strat._closed_trades = _spilling(strat._closed_trades, is_final=_always)
    trades = strat._trades
    for data in list(trades):
        spilling = _SpillingTrades()
        for tradeid, history in trades[data].items():
            spilling[tradeid] = _spilling(history, is_final=_trade_done)
        trades[data] = spilling
    trades.default_factory = _SpillingTrades
