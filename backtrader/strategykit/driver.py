"""``StrategyDriver``: how the engine runs a strategy, bar by bar.

The engine talks to a strategy only through its driver's public methods:
``start``/``stop``, the per-bar step of each loop kind (``oncepost`` in
runonce, ``next`` in next mode, ``next_open`` for cheat-on-open), and the
facts its run plan needs (``can_follow``, ``defers_broker_values``...). The
strategy's run state (pending notifications, minimum-period status, the
per-bar hooks laid out by ``lay_out``) stays in the strategy, where
checkpoints find it; the driver holds none of its own.

The per-bar step (``cycle``): notifications, cash/value listeners, the user
hook by minimum-period status, analyzers, observers. Its shortcuts sit next
to it: ``_cycle_bare`` when there is nothing but the strategy to step, and
``steady_step`` for bars past the minimum period without notifications.
"""
from __future__ import annotations

import itertools
from typing import Callable, Optional

from ..core.context import building
from ..lines.iterator import IndicatorBase, LineIterator, clock_of, precomputable
from ..observers.base import skips_unfilled_orders
from ..order import Order
from .hooks import StrategyHooks
from .layout import hook_live, lay_out, observers_flat
from .memory import apply_memory_mode, data_ring_caps, set_ring_wraps, tree_of

__all__ = ['StrategyDriver', 'deliver_events', 'start_run', 'stop_run']


def deliver_events(strat, procorders, proctrades) -> None:
    """``notify_order``/``notify_trade`` (strategy first, then analyzers)."""
    an_order = strat._an_order
    if strat._st_order or an_order:
        st_order = strat._st_order
        for order in procorders:
            if st_order and (order.exectype != Order.Historical or order.histnotify):
                strat.notify_order(order)
            for call in an_order:
                call(order)
    an_trade = strat._an_trade
    if strat._st_trade or an_trade:
        st_trade = strat._st_trade
        for trade in proctrades:
            if st_trade:
                strat.notify_trade(trade)
            for call in an_trade:
                call(trade)


def start_run(s) -> None:
    """Start a strategy's run: minimum periods per data, analyzers and
    observers started, the per-bar hooks laid out, the user's ``start``."""
    _periodset(s)
    # indicators an analyzer creates in start() (a screener) belong to the
    # strategy: computed and listed like its own, without delaying next()
    with building(s):
        for analyzer in itertools.chain(s._slavesanalyzers, s.analyzers):
            analyzer._start()
    for obs in s._lineiterators[LineIterator.ObsType]:
        for o in (obs if isinstance(obs, list) else [obs]):
            o._start()
    lay_out(s)
    s._minperstatus_done = False
    s._dlens = [len(d) for d in s.datas]
    with building(s):
        s.start()
    # notify_order/notify_trade are called only when overridden (in the
    # class, or set on the instance up to start())
    s._st_order = hook_live(s, 'notify_order', StrategyHooks)
    s._st_trade = hook_live(s, 'notify_trade', StrategyHooks)
    # does anybody read notifications of orders without fills (Submitted,
    # Accepted)? If not, the broker does not make them
    s._hears_unfilled = bool(s._st_order or s._an_order or not all(
        skips_unfilled_orders(o) for o in observers_flat(s)))


def stop_run(s) -> None:
    """End a strategy's run: the user's ``stop``, then the analyzers'."""
    with building(s):
        s.stop()
    for analyzer in itertools.chain(s.analyzers, s._slavesanalyzers):
        analyzer._stop()
    # after the run ``position`` asks the broker again (which, reused by the
    # next optimisation run, reports that run's position, as upstream)
    s.__dict__.pop('position', None)


def _periodset(s) -> None:
    """Per data, the longest minimum period of the indicators clocked by it."""
    dataids = [id(clock_of(d)) for d in s.datas]
    req = [1] * len(s.datas)
    for ind in s._lineiterators[LineIterator.IndType]:
        try:
            i = dataids.index(id(clock_of(ind)))
        except ValueError:
            i = 0
        if ind._minperiod > req[i]:
            req[i] = ind._minperiod
    s._minperiods = req
    s._dlens_req = list(zip(s.datas, req))


class StrategyDriver:
    """The engine's handle on one strategy for one run (see the module)."""

    __slots__ = ('strategy', '_events', 'cycle')

    def __init__(self, strategy) -> None:
        self.strategy = strategy
        self._events = deliver_events
        #: the per-bar step after the datas and the broker moved: ``_cycle``
        #: or its shortcut ``_cycle_bare``, chosen when the run starts
        self.cycle: Callable[[], None] = self._cycle

    # -- building the run -------------------------------------------------------------------
    def add_observer(self, multi: bool, obscls, *args, **kwargs) -> None:
        """Add ``obscls(*args, **kwargs)`` (one per data when ``multi``)."""
        self.strategy._addobserver(multi, obscls, *args, **kwargs)

    def add_indicator(self, indcls, *args, **kwargs) -> None:
        """Add ``indcls(*args, **kwargs)`` to the strategy."""
        self.strategy._addindicator(indcls, *args, **kwargs)

    def add_analyzer(self, ancls, *args, **kwargs) -> None:
        """Add ``ancls(*args, **kwargs)`` (named as upstream names it)."""
        self.strategy._addanalyzer(ancls, *args, **kwargs)

    def use_oldsync(self) -> None:
        """Upstream's ``oldsync`` flag on the strategy."""
        self.strategy._oldsync = True

    def hold_as_upstream(self, runonce: bool) -> None:
        """Mark the lines of the strategy's tree with what upstream holds
        for them in this run (``runonce``: upstream's runonce run).

        Runonce: upstream sizes the observers' lines for the whole run up
        front, so a read outside the bars they hold (``value[0]`` on the
        first bar, before they move) is NaN there, not IndexError. Otherwise
        (next mode, no preload, memory saving) upstream computes the
        indicators bar by bar: each of their lines holds the bars so far, so
        a read before its first bar (``ind[-1]`` on it) wraps around those,
        not around the whole series this project may have computed
        (``LineBuffer.before_start``)."""
        if runonce:
            for obs in observers_flat(self.strategy):
                for line in obs.lines.lines:
                    line.set_nan_outside(True)
            return
        for obj in tree_of(self.strategy):
            if isinstance(obj, IndicatorBase):
                for line in obj.lines.lines:
                    line.set_bars_so_far(True)

    @property
    def forces_next_mode(self) -> bool:
        """Something in the strategy's tree needs next mode (``_nextforce``)."""
        return _has_nextforce(self.strategy)

    def release_for_result(self) -> None:
        """An optimisation result keeps the analyzers alone: cut their links
        to the strategy and its datas, and drop the run's order and trade
        history. The strategy tree is cyclic garbage the collector frees;
        orders, fills and trades held only by these lists are freed now, by
        reference counting (the collector would otherwise scan every one of
        them: most of its work after a run that traded)."""
        s = self.strategy
        for a in s.analyzers:
            a.strategy = None
            a._parent = None
            for attrname in list(vars(a)):
                if attrname.startswith('data'):
                    setattr(a, attrname, None)
        s._fill_log, s._closed_trades = [], []
        s._orderspending, s._tradespending = [], []
        s._trades = type(s._trades)(s._trades.default_factory)

    # -- run lifecycle ---------------------------------------------------------------------
    def start(self, quicknotify: bool = False) -> None:
        """Before the first bar (the strategy's ``_start``, which subclasses
        may extend: ``start_run``). ``quicknotify``: the notification hooks
        are called within the broker step (``ledger.add_notification``), the
        cycle leaves them out."""
        if quicknotify:
            self._events = _events_delivered
        self.strategy._start()
        self.cycle = self._cycle_bare if self.strategy._bare else self._cycle

    def can_stream(self) -> bool:
        """Every indicator of the strategy computes a block of bars at a time
        with the results of a bar-by-bar run (``LineIterator._streams``)."""
        return all(ind._streams()
                   for ind in self.strategy._lineiterators[LineIterator.IndType])

    def stream_clocks(self, data_clock) -> tuple:
        """``(clocks, lookback)`` of a streamed run on ``data_clock``: every
        clock the strategy's lines move with, and the longest minimum period
        in its tree (no line reads further back)."""
        s = self.strategy
        objs = list(tree_of(s))
        clocks = {}
        for clock in [data_clock, s._sclock] + [f for _, f in s._followers] + \
                [clock_of(o) for o in objs]:
            clocks[id(clock)] = clock
        return list(clocks.values()), max(getattr(o, '_minperiod', 1) for o in objs)

    def stream(self, exactbars: int) -> list:
        """The run streams (engine/streamed.py): analyzers and observers that
        can take their figures from the broker's records stop taking per-bar
        calls (their ``_bt_streamed``), the per-bar hooks are laid out again;
        with ``exactbars >= 1`` the datas' lines read as the rings they stand
        for (reads past a ring wrap around, as upstream's do: a Close order
        filled from the previous bar of a one-bar ring...). Returns the
        ``_bt_fold`` hooks to call after each block."""
        s = self.strategy
        if exactbars >= 1:
            objs = list(tree_of(s))
            for line, cap in data_ring_caps(s, objs=objs):
                line.wrap_reads(cap)
            set_ring_wraps(objs, objs[1:])
        for obj in itertools.chain(s.analyzers, observers_flat(s)):
            hook = getattr(obj, '_bt_streamed', None)
            if hook is not None:
                hook()
        lay_out(s)
        self.cycle = self._cycle_bare if s._bare else self._cycle
        return [a._bt_fold for a in s.analyzers
                if getattr(a, '_bt_bar_free', False) and hasattr(a, '_bt_fold')]

    def end_stream(self, exactbars: int) -> None:
        """After a streamed run: every line keeps what the ``exactbars``
        rings keep (the last bars), as after a run stepped bar by bar."""
        apply_memory_mode(self.strategy, exactbars)

    def stop(self) -> None:
        """After the last bar (the strategy's ``_stop``: ``stop_run``)."""
        self.strategy._stop()

    def set_tz(self, tz) -> None:
        """Show the strategy's datetimes in ``tz``."""
        self.strategy.lines.datetime._tz = tz

    # -- facts for the run plan -------------------------------------------------------------
    @property
    def defers_broker_values(self) -> bool:
        """Nothing reads the broker's cash or value per bar through this
        strategy (no listener; the broker's getters are its own): the broker
        may defer valuing a held position."""
        s = self.strategy
        return not s._has_values and s._broker_fast

    @property
    def min_period_met(self) -> bool:
        """The strategy is past its minimum period (``next`` is called)."""
        return self.strategy._minperstatus_done

    def can_follow(self) -> bool:
        """True when nothing but the strategy's datetime line moves with its
        own clock (it may then move on its datas' clock: a single data's, or
        the one datas on one timeline share for the run)."""
        s = self.strategy
        own = s._sclock
        return len(own.buffers) == 1 and own.buffers[0] is s._dtline and not own.rings

    # -- the per-bar step ---------------------------------------------------------------------
    def _cycle(self) -> None:
        s = self.strategy
        if s._orderspending or s._tradespending:
            self._events(s, s._orderspending, s._tradespending)
        if s._has_values:
            self._notify_values(s)
        if s._minperstatus_done:
            status = -1
            s.next()
            for call in s._an_next:
                call()
        else:
            status = self._minperstatus(s)
            if status < 0:
                s.next()
                for call in s._an_next:
                    call()
            elif status == 0:
                s.nextstart()
                for call in s._an_nextstart:
                    call()
            else:
                s.prenext()
                for call in s._an_prenext:
                    call()
        s._last_status = status
        s._analyzed += 1         # cycles whose analyzer step is done
        for source, follower in s._followers:
            if follower.lencount < source.lencount:
                n = follower.buflen + 1
                if n <= follower.capacity and not follower.rings:
                    # presized plain storage: moving is three assignments
                    follower.idx += 1
                    follower.lencount += 1
                    follower.buflen = n
                else:
                    follower.forward()
        for call in s._obs_always:
            call()
        if s._orderspending or s._tradespending:
            for call in s._obs_events:
                call()
            s.clear()

    def _cycle_bare(self) -> None:
        """``_cycle`` for a strategy without analyzers, observers or value
        listeners (same steps, fewer checks)."""
        s = self.strategy
        if s._orderspending or s._tradespending:
            self._events(s, s._orderspending, s._tradespending)
            s.clear()
        if s._minperstatus_done:
            s.next()
            s._last_status = -1
        else:
            status = self._minperstatus(s)
            if status < 0:
                s.next()
            elif status == 0:
                s.nextstart()
            else:
                s.prenext()
            s._last_status = status
        s._analyzed += 1

    def steady_step(self, clock, nbars: int, bar: int, broker, env) -> Optional[tuple]:
        """The cycle's shortcut once past the minimum period (asked at
        ``bar``, when the period was just met), for a strategy moving on the
        data ``clock`` (``nbars`` bars presized): ``(step, stretch)``.
        ``stretch(i, end)`` runs bars ``i`` .. ``end - 1`` as ``next``, one
        more analyzer step and the observers' clocks one bar on, while
        ``broker`` defers its valuation (bars on which nothing else can
        happen) and ``env`` (the Cerebro) has not been asked to stop, and
        returns the last bar it ran; ``step(i)`` runs bar ``i`` so, with
        the notifications delivered before and the observers' event calls
        after, as ``_cycle`` (and returns True). None when the cycle does
        more every bar (values pushed to the strategy or analyzers,
        analyzers or observers stepped every bar)."""
        s = self.strategy
        if not s._minperstatus_done or s._last_status >= 0 or s._has_values \
                or s._an_next or s._obs_always:
            return None
        for source, fol in s._followers:
            if source is not clock or fol.rings or fol.capacity < nbars + 1 \
                    or fol.lencount != clock.lencount:
                return None
        nxt = s.next
        # Every cycle moves the analyzer count and the (presized) follower
        # clocks one step with the data's clock: the steady step sets them
        # from the bar index and their offsets to it (taken now; every later
        # cycle keeps them), which is cheaper than three increments each.
        an_off = s._analyzed - bar
        offsets = [(f, f.idx - bar, f.lencount - bar, f.buflen - bar) for _, f in s._followers]
        # fast path (the common case: one follower clock at the data's bar,
        # the analyzers stepped on every bar so far): every field is the bar
        # index or the data's length, the same int objects (a new int per
        # field and bar costs more than the stores)
        if an_off == 1 and len(offsets) == 1 and offsets[0][1:] == (0, 1, 1):
            fol = offsets[0][0]

            def stretch(i: int, end: int) -> int:
                for i in range(i, end):
                    clock.idx = i
                    clock.lencount = n = i + 1
                    nxt()
                    s._analyzed = fol.lencount = fol.buflen = n
                    fol.idx = i
                    if not broker._deferring or env.stop_requested:
                        break
                return i
        else:
            def stretch(i: int, end: int) -> int:
                for i in range(i, end):
                    clock.idx = i
                    clock.lencount = i + 1
                    nxt()
                    s._analyzed = i + an_off
                    for f, d_idx, d_len, d_buf in offsets:
                        f.idx = i + d_idx
                        f.lencount = i + d_len
                        f.buflen = i + d_buf
                    if not broker._deferring or env.stop_requested:
                        break
                return i

        events = self._events

        def step(i: int) -> bool:
            # the cycle's steps around the steady one: notifications delivered
            # before it, the observers' event calls after it
            if s._orderspending or s._tradespending:
                events(s, s._orderspending, s._tradespending)
            stretch(i, i + 1)
            if s._orderspending or s._tradespending:
                for call in s._obs_events:
                    call()
                s.clear()
            return True
        return step, stretch

    @staticmethod
    def _minperstatus(s) -> int:
        if s._minperstatus_done:
            return -1
        status = None
        for data, req in s._dlens_req:
            st = req - len(data)
            if status is None or st > status:
                status = st
        if status is None:
            status = -1
        if status < 0:
            s._minperstatus_done = True
        return status

    @staticmethod
    def _notify_values(s) -> None:
        broker = s.broker
        if s._broker_fast:
            cash, value = broker.cash, broker._value
        else:
            cash, value = broker.getcash(), broker.getvalue()
        if s._st_cash:
            s.notify_cashvalue(cash, value)
        for call in s._an_cash:
            call(cash, value)
        if s._st_fund or s._an_fund:
            if s._broker_fast:
                fundvalue, shares = broker._fundval, broker._fundshares
            else:
                fundvalue, shares = broker.get_fundvalue(), broker.get_fundshares()
            if s._st_fund:
                s.notify_fund(cash, value, fundvalue, shares)
            for call in s._an_fund:
                call(cash, value, fundvalue, shares)

    # -- runonce ----------------------------------------------------------------------------
    def once(self) -> None:
        """Compute every indicator over the whole (preloaded) data."""
        for ind in self.strategy._lineiterators[LineIterator.IndType]:
            ind._once()

    def once_span(self, lo: int, hi: int) -> None:
        """Compute the bars ``[lo, hi)`` of every indicator (a block of a
        streamed run; the bars before are computed)."""
        for ind in self.strategy._lineiterators[LineIterator.IndType]:
            ind._once_span(lo, hi)

    def home(self) -> None:
        """Back to before the first bar (after ``once``)."""
        self.strategy._sclock.reset()

    def oncepost(self, dt: float) -> None:
        """One runonce bar at datetime ``dt``: the strategy's clock moves one
        bar (indicators moved with their datas' clocks), then the cycle."""
        s = self.strategy
        c = s._sclock
        i = c.idx + 1
        if i >= c.capacity:
            s._dtline.reserve(i + 1)
        c.idx = i
        c.lencount = c.buflen = i + 1
        s._dtline.scalars()[i] = dt
        self.cycle()

    def presize(self, nbars: int) -> None:
        """Reserve room for ``nbars`` bars on the strategy's and the
        observers' clocks (runonce knows the length up front)."""
        s = self.strategy
        s._dtline.reserve(nbars)
        for _, follower in s._followers:
            follower._ensure(nbars)

    def follow_clock(self, clock, source_datetime) -> None:
        """For a run over one data: move with that data's ``clock`` instead
        of the strategy's own (the two advance together), sharing the data's
        datetime storage (``source_datetime``)."""
        s = self.strategy
        own = s._sclock
        s._ownclock = own
        s._dtline.share(source_datetime, clock)
        s._sclock = clock
        s._followers = _merge_followers(
            [(clock if source is own else source, fol) for source, fol in s._followers])

    def unfollow_clock(self, copy: bool = True) -> None:
        """Back on the strategy's own clock, positioned where the data's
        clock ended, with its own copy of the datetimes (``copy=False``: the
        data's, which a finished streamed run no longer writes)."""
        s = self.strategy
        clock, own = s._sclock, s._ownclock
        s._dtline.unshare(own, copy)
        s._sclock = own
        s._followers = [(own if source is clock else source, fol)
                        for source, fol in s._followers]

    # -- next mode ---------------------------------------------------------------------------
    def next(self, dt: Optional[float] = None) -> None:
        """One next-mode bar: ``advance``, then the cycle (``dt`` unused:
        the loops call every per-bar step with the bar's datetime)."""
        self.advance()
        self.cycle()

    def advance(self, dt: Optional[float] = None) -> None:
        """Next mode, the part computed from the data alone: the strategy's
        clock and datetime, the indicators stepped bar by bar (what a resumed
        run replays up to its checkpoint)."""
        s = self.strategy
        datas = s.datas
        dlens = s._dlens
        grew = False
        dtmax = None
        for i, d in enumerate(datas):
            n = len(d)
            if n != dlens[i]:
                # a data may also shrink (a replayed bar given back)
                if n > dlens[i]:
                    grew = True
                dlens[i] = n
            if n:
                v = d.lines.datetime[0]
                if dtmax is None or v > dtmax:
                    dtmax = v
        if grew and (not s._oldsync or dlens[0] > s._sclock.lencount):
            # (oldsync: the strategy's length is data0's)
            s._sclock.forward()
        if dtmax is not None:
            s._dtline[0] = dtmax
        for ind in s._next_inds:
            ind._next()

    def precompute(self) -> None:
        """Next mode on preloaded datas: indicators whose values depend only
        on one data (built-in classes, or user classes that only compose them
        in __init__) are computed vectorised now; the others step bar by bar."""
        s = self.strategy
        remaining = []
        for ind in s._lineiterators[LineIterator.IndType]:
            if precomputable(ind):
                try:
                    ind._once()
                    continue
                except Exception:
                    # it fails on some bar (bad input): stepped bar by bar, it
                    # fails there, after the bars before it ran, as upstream's
                    pass
            remaining.append(ind)
        s._next_inds = remaining

    def next_open(self) -> None:
        """Cheat-on-open: the ``*_open`` hook of the last status."""
        s = self.strategy
        status = s._last_status
        if status < 0:
            s.next_open()
        elif status == 0:
            s.nextstart_open()
        else:
            s.prenext_open()


def _events_delivered(strat, procorders, proctrades) -> None:
    """The cycle's event delivery under quicknotify: nothing left to call."""


def _has_nextforce(obj) -> bool:
    for group in obj._lineiterators:
        for child in group:
            for o in (child if isinstance(child, list) else [child]):
                if getattr(o, '_nextforce', False) or _has_nextforce(o):
                    return True
    return False


def _merge_followers(pairs: list) -> list:
    """Followers of the same source that stand at the same bar become one
    clock (their lines move together anyway): fewer moves per bar."""
    merged: list = []
    for source, fol in pairs:
        for msource, mfol in merged:
            if msource is source and mfol.idx == fol.idx and mfol.lencount == fol.lencount \
                    and mfol.capacity == fol.capacity and not fol.rings and not mfol.rings:
                mfol.absorb(fol)
                break
        else:
            merged.append((source, fol))
    return merged
