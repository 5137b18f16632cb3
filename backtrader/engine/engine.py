"""``Engine``: the run loops.

Two loop kinds (``RunPlan.runonce``): runonce -- indicators compute whole
arrays first; then, bar by bar, datas move (one clock increment each), the
broker runs and each strategy gets its notifications and ``next``. next mode
-- datas load one bar each, the earliest datetime is delivered (later ones
are given back), indicators update bar by bar. Both are one stepped loop
(``_run_stepped``) over a step function of the data manager (in runonce
over datas on one timeline, a single data or several, their clocks move
together: ``DataManager.lockstep``); runonce over a single data, or over
datas on one timeline sharing one clock for the run (``lines/sharedclock.py``),
takes the lean loop (``_run_lean``) when the run plan allows it.

The engine talks to strategies through their ``StrategyDriver`` and to the
broker through its public methods and the capabilities ``RunPlan`` read off
it. Runs may pause between bars (checkpoints, ``backtrader.state``): each
loop runs a given number of bars at most (``_drive``).
"""
from __future__ import annotations

import itertools

from ..core.errors import MixedLengthError
from ..feeds.timeline import merged_bar_count
from ..lines.buffer import FrozenClock
from ..lines.iterator import clock_of
from ..lines.sharedclock import can_share, shared_clock
from ..strategykit.driver import StrategyDriver
from ..strategykit.ledger import add_notification
from .datamanager import FLUSHED

__all__ = ['Engine']

_OUT_OF_RANGE = 1 << 62


class Engine:
    """Runs the loops of one run, as its ``RunPlan`` says.

    ``env`` is the Cerebro (``stop_requested`` is read between steps;
    timers' owners and the strategies get ``notify_timer``), ``broker`` the
    run's broker, ``dataman`` the ``DataManager`` stepping the datas."""

    def __init__(self, env, broker, dataman, plan) -> None:
        self.env = env
        self.broker = broker
        self.dataman = dataman
        self.plan = plan
        self.cheat_timers = plan.cheat_timers
        self.timers = plan.timers
        self._bars_run = 0

    def _check_timers(self, drivers, dt0: float, timers) -> None:
        for timer in timers:
            if not timer.check(dt0):
                continue
            when = timer.lastwhen
            timer.p.owner.notify_timer(timer, when, *timer.args, **timer.kwargs)
            if timer.p.strats:
                for driver in drivers:
                    driver.strategy.notify_timer(timer, when, *timer.args, **timer.kwargs)

    # -- broker step ------------------------------------------------------------------
    def _broker_step(self, drivers) -> None:
        self.broker.next()
        if self.plan.direct_queue:
            # shortcut (RunPlan.direct_queue: the broker's own queue read directly)
            queue = self.broker.notifs
            if queue:
                self._route(queue, drivers[0].strategy)
            return
        broker, qn = self.broker, self.plan.quicknotify
        while True:
            order = broker.get_notification()
            if order is None:
                break
            add_notification(order.owner if order.owner is not None else drivers[0].strategy,
                             order, qn)

    def _broker_step_deferring(self, drivers) -> None:
        """``_broker_step`` of a broker allowed to defer its valuation: none
        while it defers (nothing is queued then: what would queue a
        notification wakes it first)."""
        broker = self.broker
        if not broker._deferring:
            self._broker_step(drivers)

    def _route(self, queue, first) -> None:
        """Hand the broker's queued notifications to their strategies
        (``first``: the owner of orders without one)."""
        qn = self.plan.quicknotify
        while queue:
            order = queue.popleft()
            owner = order.owner
            add_notification(first if owner is None else owner, order, qn)

    # -- cheat-on-open ------------------------------------------------------------------
    def _next_open(self, drivers, clocks) -> None:
        """Cheat-on-open hooks. The datas whose ``clocks`` moved show their
        new bar; what is computed on them (indicators, line operations) still
        shows the previous one, as upstream's (which move with the strategy):
        their lines read through a view of the clock one bar behind."""
        swaps = []
        lens = self._open_lens
        for clock in clocks:
            n = clock.lencount
            if lens.get(id(clock)) == n:
                # a replayed bar updated in place (no new bar): what is computed
                # on it still holds the bar's previous update, in its own slot
                continue
            lens[id(clock)] = n
            for view_of, bufs in self._lagged.get(id(clock), ()):
                lag = FrozenClock(view_of)
                lag.idx -= 1
                lag.lencount -= 1
                if not self._lag_full:
                    # computed bar by bar: nothing stored past the previous
                    # bar (before the first bar, every read is out of range)
                    lag.buflen = min(lag.lencount, lag.buflen)
                    if not lag.lencount:
                        lag.idx = _OUT_OF_RANGE
                for buf in bufs:
                    swaps.append((buf, buf.use_clock(lag)))
        try:
            for driver in drivers:
                driver.next_open()
        finally:
            for buf, clock in swaps:
                buf.use_clock(clock)

    def _prepare_lag(self, datas, full: bool) -> None:
        """Per data clock: the lines other objects hung on it (and on its
        memory-saving rings), grouped by the clock they read through."""
        self._lag_full = full
        self._lagged = {}
        self._open_lens = {}        # clock -> its length at the last _next_open
        for data in datas:
            clock = clock_of(data)
            own = {id(line) for line in data.lines.lines}
            groups = []
            for view_of in [clock] + list(clock.rings):
                bufs = [b for b in view_of.buffers if id(b) not in own]
                if bufs:
                    groups.append((view_of, bufs))
            self._lagged[id(clock)] = groups

    # -- pausing between bars (checkpoints, backtrader.state) ---------------------------------
    def _drive(self, control, loop) -> None:
        """Run ``loop(steps)`` (``steps``: bars to run, None for all; it
        returns True when the run is over) in stretches between the stops
        of ``control`` (a ``RunControl``: checkpoints, ``stop_after``).
        Without a control the loop runs once, unbounded: nothing is checked
        per bar."""
        if control is None:
            loop(None)
            return
        while True:
            stop = control.next_stop()
            steps = None if stop is None else max(stop - control.bar, 0)
            before = control.bar
            over = loop(steps)
            control.bar = before + self._bars_run
            if over or self.env.stop_requested:
                return
            if control.reached(control.bar):
                return

    def run(self, drivers, datas, control, stream, precompute: bool) -> None:
        """The loop of the plan: streamed (``stream``, a ``StreamPlan``),
        runonce, or next mode (``precompute``: over preloaded datas, the
        indicators that allow it computed beforehand)."""
        if stream is not None:
            self.run_streamed(drivers[0], datas[0], stream)
        elif self.plan.runonce:
            self.run_once(drivers, datas, control)
        else:
            if precompute:
                for driver in drivers:
                    driver.precompute()
            self.run_next(drivers, datas, control)

    # -- runonce ------------------------------------------------------------------------
    def run_once(self, drivers, datas, control=None) -> None:
        """The runonce loop kind over preloaded ``datas``."""
        for driver in drivers:
            try:
                driver.once()
            except ValueError as exc:
                if 'broadcast' not in str(exc):
                    raise
                # numpy could not combine arrays of different lengths
                raise MixedLengthError(
                    'lines of datas with different lengths (timeframes) are combined in '
                    'runonce mode: run with runonce=False, or couple the slower line '
                    '(line()) -- %s' % exc) from exc
            driver.home()
        # (datas reused across the runs of a study start each run at their
        # first bar: DataManager.home)
        total = merged_bar_count(datas) + 1
        for driver in drivers:
            driver.presize(total)
        if self.plan.cheat_on_open:
            self._prepare_lag(datas, full=True)
        if control is not None:
            control.begin([d.strategy for d in drivers], datas, place_datas=True)
        plan = self.plan
        clocks = [clock_of(d) for d in datas]
        if plan.lean and (len(clocks) == 1 or can_share(clocks)):
            # (many datas on one timeline: one clock for all while the loop runs)
            def lean(steps):
                with shared_clock(clocks):
                    return self._run_lean(drivers[0], datas[0], steps)
            self._drive(control, lean)
            return
        step = self.dataman.lockstep(datas) if plan.lockstep else self.dataman.step_once
        # deferred valuation: the datas' bar indexes address their stored
        # closes (no memory-saving rings)
        defer = plan.defer_valuation and plan.lockstep and not any(c.rings for c in clocks)

        def loop(steps):
            broker = self.broker
            if defer:
                broker._defer_start(clocks[0])
            try:
                over = self._run_stepped(drivers, datas, step, _oncepost, steps,
                                         deferring=defer)
            finally:
                if defer:
                    broker._defer_stop()
            return over or all(c.lencount >= c.buflen for c in clocks)
        self._drive(control, loop)

    def _run_lean(self, driver, data, steps) -> bool:
        """Runonce, one strategy, datas moving together (RunPlan.lean; many
        datas share ``data``'s clock meanwhile: ``shared_clock``): the
        strategy moves on the data's clock, so a bar costs one clock move,
        the broker step (skipped while the broker defers its valuation) and
        the strategy's cycle -- its steady step once past the minimum period."""
        clock = clock_of(data)
        nbars = clock.buflen
        driver.presize(nbars + 1)
        start = clock.lencount
        if steps is not None and start + steps < nbars:
            nbars = start + steps           # a pause (checkpoint) before the end
        driver.follow_clock(clock, data.lines.datetime)
        try:
            self._lean_deferring(driver, clock, nbars)
        finally:
            self._bars_run = clock.lencount - start
            driver.unfollow_clock()
        return clock.lencount >= clock.buflen or self.env.stop_requested

    def _lean_deferring(self, driver, clock, nbars: int) -> None:
        """``_lean_bars`` with the broker allowed to defer its valuation
        (RunPlan.defer_valuation), its figures written however the bars end."""
        broker = self.broker
        defer = self.plan.defer_valuation
        if defer:
            broker._defer_start(clock)
        try:
            self._lean_bars(driver, clock, nbars)
        finally:
            if defer:
                broker._defer_stop()

    def _lean_bars(self, driver, clock, nbars: int) -> None:
        env = self.env
        cycle = driver.cycle
        broker = self.broker
        route, queue, first = self._route, broker.notifs, driver.strategy
        bnext = broker.next
        steady, stretch, probing = None, None, True
        i = clock.lencount
        while i < nbars:
            clock.idx = i
            clock.lencount = i + 1
            if not broker._deferring:
                bnext()
            if queue:
                route(queue, first)
            if steady is None or not steady(i):
                cycle()
                if probing and driver.min_period_met:
                    probing = False
                    found = driver.steady_step(clock, nbars, i, broker, env)
                    if found is not None:
                        steady, stretch = found
            if env.stop_requested:
                return
            i += 1
            if steady is None or not broker._deferring or i >= nbars:
                continue
            # The broker defers: nothing has happened since its last cycle
            # (anything that could -- an order, a cancel, cash -- wakes it
            # first), so no notification waits and the strategy's queues were
            # cleared by that cycle. Until a next() wakes the broker, a bar is
            # the steady step alone.
            i = stretch(i, nbars)
            if env.stop_requested:
                return
            i += 1

    # -- streamed (exactbars >= 1, engine/streamed.py) ----------------------------------------
    def run_streamed(self, driver, data, stream) -> None:
        """A streamed run of ``driver`` over ``data`` (``stream``: its
        ``StreamPlan``): block by block, the bars stored, every indicator
        computed over them, the lean loop run over them, the analyzers' folds
        called and the memory behind the lookback released."""
        clock = clock_of(data)
        storage = stream.storage
        storage.install()
        driver.presize(storage.size - 1)
        driver.follow_clock(clock, data.lines.datetime)
        lines = list(zip(data.lines.getlinealiases(), data.lines.lines))
        start = clock.lencount
        try:
            for arrays, error, ended in stream.blocks:
                count = len(arrays['datetime'])
                step = stream.chunk or max(count, 1)
                for lo in range(0, count, step):
                    if not self._stream_block(driver, clock, stream, lines, arrays, lo,
                                              min(lo + step, count)):
                        return
                if ended:
                    return              # past todate: the series ends here
                if error is not None:
                    raise error         # after the bars before it, as bar by bar
        finally:
            self._bars_run = clock.lencount - start
            driver.unfollow_clock(copy=False)
            driver.end_stream(stream.exactbars)

    def _stream_block(self, driver, clock, stream, lines, arrays, lo: int, hi: int) -> bool:
        """Bars ``lo..hi-1`` of ``arrays`` (False when the run stops)."""
        a = clock.buflen
        b = a + hi - lo
        stream.storage.fill_to(b + stream.keep)
        for name, line in lines:
            src = arrays.get(name)
            if src is not None:
                line.storage()[a:b] = src[lo:hi]
        clock.buflen = b
        driver.once_span(a, b)
        self._lean_deferring(driver, clock, b)
        if self.env.stop_requested:
            return False
        for fold in stream.folds:
            fold()
        stream.storage.release_before(b - stream.keep)
        return True

    # -- the stepped loop (runonce over many datas, next mode) ------------------------------
    def _run_stepped(self, drivers, datas, step, strat_step, steps,
                     replaying: bool = False, deferring: bool = False) -> bool:
        """Up to ``steps`` bars (None: all): ``step(datas, moved)`` moves the
        datas (returns the bar's datetime, ``FLUSHED`` for a cycle that only
        flushed partial bars, None at the end), then timers, cheat-on-open,
        broker, and ``strat_step(driver, dt)`` per strategy. True when the
        run is over. ``replaying``: only the datas and ``strat_step`` run
        (a resumed run catching up, ``_catch_up``); ``deferring``: the
        broker may defer its valuation (``_defer_start`` done)."""
        env, plan = self.env, self.plan
        self._bars_run = 0
        coo = plan.cheat_on_open and not replaying
        moved = [] if coo else None         # cheat-on-open: the clocks each step moved
        ctimers, ntimers = (self.cheat_timers, self.timers) if not replaying else ((), ())
        writers = plan.writers if not replaying else None
        broker_step = (_no_broker_step if replaying else
                       self._broker_step_deferring if deferring else self._broker_step)
        strategies = [d.strategy for d in drivers]
        for _ in (_FOREVER if steps is None else range(steps)):
            if moved:
                moved.clear()
            dt0 = step(datas, moved)
            if dt0 is None:
                return True
            if env.stop_requested:
                return True
            bar = dt0 != FLUSHED
            if bar and ctimers:
                self._check_timers(drivers, dt0, ctimers)
            if coo:
                self._next_open(drivers, moved)
            broker_step(drivers)
            if bar and ntimers:
                self._check_timers(drivers, dt0, ntimers)
            self._bars_run += 1
            if env.stop_requested:
                return True
            for driver in drivers:
                strat_step(driver, dt0)
                if env.stop_requested:
                    return True
            if writers is not None:
                writers(strategies)
        return False

    # -- next mode ------------------------------------------------------------------------
    def run_next(self, drivers, datas, control=None) -> None:
        """The next-mode loop kind: datas loaded bar by bar."""
        if self.plan.cheat_on_open:
            self._prepare_lag(datas, full=False)
        if control is not None:
            if control.resuming:
                self._catch_up(drivers, datas, control.catchup_bars())
            control.begin([d.strategy for d in drivers], datas, place_datas=False)
        self._drive(control, lambda steps: self._run_stepped(
            drivers, datas, self._next_step(), _next, steps))

    def _next_step(self):
        """The merge of next mode: by datetime, or data0 leading (``oldsync``)."""
        if self.env.p.oldsync:
            return self.dataman.master_step(self.env.datas[0])
        return self.dataman.step_next

    def _catch_up(self, drivers, datas, bars: int) -> None:
        """Replay ``bars`` bars of the datas as the loop would deliver them,
        moving the strategies' clocks and stepping the indicators computed
        bar by bar, but running no broker, strategy, analyzer or observer:
        where a resumed run in next mode stood when its checkpoint was made."""
        self._run_stepped(drivers, datas, self._next_step(), _advance, bars,
                          replaying=True)
        if self._bars_run != bars:
            from ..core.errors import CheckpointError
            raise CheckpointError('the datas end after %d bars: the checkpoint was made after '
                                  '%d' % (self._bars_run, bars))


# the per-strategy step of each loop kind, called as ``step(driver, dt)``
_oncepost = StrategyDriver.oncepost
_next = StrategyDriver.next
_advance = StrategyDriver.advance


def _no_broker_step(drivers) -> None:
    """The broker step while replaying: none."""


# the unbounded loops iterate over this (a bounded run over a range instead)
_FOREVER = itertools.repeat(None)
