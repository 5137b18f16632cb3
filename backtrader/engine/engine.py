"""``Engine``: the run loops.

runonce: indicators compute whole arrays first; then, bar by bar, datas move
(one clock increment each), the broker runs and each strategy gets its
notifications and ``next``. next mode: datas load one bar each, the earliest
datetime is delivered (later ones are rewound), indicators update bar by bar.
"""
from __future__ import annotations

import itertools

from ..brokers.backbroker import BackBroker
from ..core.errors import MixedLengthError
from ..feeds.timeline import merged_bar_count
from ..lines.buffer import FrozenClock
from .datamanager import FLUSHED

__all__ = ['Engine']

_INF = float('inf')
_OUT_OF_RANGE = 1 << 62


class Engine:
    """Runs the loops for one Cerebro run."""

    def __init__(self, cerebro) -> None:
        self.cerebro = cerebro
        self.broker = cerebro._broker
        self.quicknotify = cerebro.p.quicknotify
        self.cheat_on_open = cerebro.p.cheat_on_open
        # timers checked before the broker (cheat) and after it; both empty
        # (and never looked at per bar) when no timer exists
        timers = cerebro._timers
        self.cheat_timers = [t for t in timers if t.p.cheat]
        self.timers = [t for t in timers if not t.p.cheat]

    def _check_timers(self, runstrats, dt0: float, timers) -> None:
        for timer in timers:
            if not timer.check(dt0):
                continue
            when = timer.lastwhen
            timer.p.owner.notify_timer(timer, when, *timer.args, **timer.kwargs)
            if timer.p.strats:
                for strat in runstrats:
                    strat.notify_timer(timer, when, *timer.args, **timer.kwargs)

    # -- broker step ------------------------------------------------------------------
    def _broker_step(self, runstrats) -> None:
        broker = self.broker
        broker.next()
        if type(broker) is BackBroker or isinstance(broker, BackBroker):
            notifs = broker.notifs
            if not notifs:
                return
            qn = self.quicknotify
            while notifs:
                order = notifs.popleft()
                owner = order.owner if order.owner is not None else runstrats[0]
                owner._addnotification(order, quicknotify=qn)
            return
        while True:
            order = broker.get_notification()
            if order is None:
                break
            owner = order.owner if order.owner is not None else runstrats[0]
            owner._addnotification(order, quicknotify=self.quicknotify)

    def _next_open(self, runstrats, clocks) -> None:
        """Cheat-on-open hooks. The datas whose ``clocks`` moved show their
        new bar; what is computed on them (indicators, line operations) still
        shows the previous one, as upstream's (which move with the strategy):
        their lines read through a view of the clock one bar behind."""
        swaps = []
        for clock in clocks:
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
                    swaps.append((buf, buf._c))
                    buf._c = lag
        try:
            for strat in runstrats:
                strat._next_open()
        finally:
            for buf, clock in swaps:
                buf._c = clock

    def _prepare_lag(self, datas, full: bool) -> None:
        """Per data clock: the lines other objects hung on it (and on its
        memory-saving rings), grouped by the clock they read through."""
        self._lag_full = full
        self._lagged = {}
        for data in datas:
            clock = data.lines._clock
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
            if over or self.cerebro._event_stop:
                return
            if control.reached(control.bar):
                return

    # -- runonce ------------------------------------------------------------------------
    def run_once(self, runstrats, datas, control=None) -> None:
        for strat in runstrats:
            try:
                strat._once()
            except ValueError as exc:
                if 'broadcast' not in str(exc):
                    raise
                # numpy could not combine arrays of different lengths
                raise MixedLengthError(
                    'lines of datas with different lengths (timeframes) are combined in '
                    'runonce mode: run with runonce=False, or couple the slower line '
                    '(line()) -- %s' % exc) from exc
            strat.lines._clock.reset()
        for data in datas:
            # preloaded datas may be reused across runs (optimisation)
            data.lines._clock.home()
        cerebro = self.cerebro
        total = merged_bar_count(datas) + 1
        for strat in runstrats:
            strat._presize(total)
        writers = cerebro._writers_active
        if self.cheat_on_open:
            self._prepare_lag(datas, full=True)
        if control is not None:
            control.begin(runstrats, datas, place_datas=True)
        if len(datas) == 1:
            self._drive(control, lambda steps: self._run_once_single(runstrats, datas[0],
                                                                     writers, steps))
            return
        self._drive(control, lambda steps: self._run_once_multi(runstrats, datas, writers,
                                                                steps))

    def _run_once_multi(self, runstrats, datas, writers, steps) -> bool:
        """Runonce loop over several datas (``steps`` bars at most); True
        when the run is over."""
        cerebro = self.cerebro
        self._bars_run = 0
        step = cerebro._dataman.step_once
        # cheat-on-open needs the clocks each step moved
        moved = [] if self.cheat_on_open else None
        ctimers, ntimers = self.cheat_timers, self.timers
        for _ in (_FOREVER if steps is None else range(steps)):
            if moved:
                moved.clear()
            dt0 = step(datas, moved)
            if dt0 == _INF:
                return True
            if ctimers:
                self._check_timers(runstrats, dt0, ctimers)
            if self.cheat_on_open:
                self._next_open(runstrats, moved)
            self._broker_step(runstrats)
            if ntimers:
                self._check_timers(runstrats, dt0, ntimers)
            self._bars_run += 1
            if cerebro._event_stop:
                return True
            for strat in runstrats:
                strat._oncepost(dt0)
                if cerebro._event_stop:
                    return True
            if writers:
                cerebro._next_writers(runstrats)
        return False

    def _run_once_single(self, runstrats, data, writers, steps=None) -> bool:
        """Runonce loop for one data feed: one clock move per bar (``steps``
        bars at most); True when the run is over."""
        cerebro = self.cerebro
        clock = data.lines._clock
        dtmv = data.lines.datetime._mv
        broker = self.broker
        bnext = broker.next
        fastnotifs = broker.notifs if isinstance(broker, BackBroker) else None
        coo = self.cheat_on_open
        nbars = clock.buflen
        for strat in runstrats:
            strat._presize(nbars + 1)
        start = clock.lencount
        if steps is not None and start + steps < nbars:
            nbars = start + steps           # a pause (checkpoint) before the end
        try:
            self._run_once_bars(runstrats, clock, dtmv, nbars, bnext, fastnotifs, coo,
                                writers)
        finally:
            self._bars_run = clock.lencount - start
        return clock.lencount >= clock.buflen or cerebro._event_stop

    def _run_once_bars(self, runstrats, clock, dtmv, nbars, bnext, fastnotifs, coo,
                       writers) -> None:
        cerebro = self.cerebro
        single = runstrats[0] if len(runstrats) == 1 else None
        ctimers, ntimers = self.cheat_timers, self.timers
        # (quicknotify: the strategy must still stand at the previous bar
        # while the broker's notifications are delivered)
        if single is not None and fastnotifs is not None and not coo and not writers \
                and not self.quicknotify and not ctimers and not ntimers \
                and single._can_follow():
            self._run_once_lean(single, clock, nbars, bnext, fastnotifs, runstrats)
            return
        if single is not None:
            sclock = single._sclock
            sdtmv = single._dtline._mv
            cycle = single._cycle
        moved = [clock]
        for i in range(clock.lencount, nbars):
            clock.idx = i
            clock.lencount = i + 1
            if ctimers:
                self._check_timers(runstrats, dtmv[i], ctimers)
            if coo:
                self._next_open(runstrats, moved)
            if fastnotifs is None:
                self._broker_step(runstrats)
            else:
                bnext()
                if fastnotifs:
                    self._route(fastnotifs, runstrats)
            if ntimers:
                self._check_timers(runstrats, dtmv[i], ntimers)
            if cerebro._event_stop:
                return
            if single is not None:
                # the strategy's own clock moves with the data (one bar each)
                j = sclock.idx + 1
                sclock.idx = j
                sclock.lencount = sclock.buflen = j + 1
                sdtmv[j] = dtmv[i]
                cycle()
            else:
                for strat in runstrats:
                    strat._oncepost(dtmv[i])
            if cerebro._event_stop:
                return
            if writers:
                cerebro._next_writers(runstrats)

    def _run_once_lean(self, strat, clock, nbars, bnext, notifs, runstrats) -> None:
        """The common case -- one data, one strategy, the simulated broker, no
        cheat-on-open, no writers: the strategy moves on the data's clock (it
        advances exactly with it), so a bar costs one clock move, the broker
        step (skipped while the broker defers) and the strategy cycle (its
        steady form once the minimum period is met)."""
        cerebro = self.cerebro
        strat._follow_clock(clock)
        cycle = strat._cycle
        route = self._route
        broker = self.broker
        # a broker with nothing to do but value a held position may skip bars
        # (BackBroker._defer_start); not when values are pushed to the
        # strategy or its analyzers every bar
        defer = not strat._has_values and strat._broker_fast and \
            type(broker).next is BackBroker.next
        if defer:
            broker._defer_start(clock)
        # past the minimum period, bars without notifications take the steady
        # step inline (Strategy._steady_step): the user's next, one more
        # analyzer step, the observers' clocks one bar on
        # Every cycle moves the analyzer count and the (presized) follower
        # clocks one step with the data's clock: the steady step sets them
        # from the bar index and their offsets to it (taken once, when the
        # steady step is found), which is cheaper than three increments each.
        steady_next, followers, probing = None, (), True
        fol, fol_idx, fol_len, an_off, offsets = None, 0, 0, 0, ()
        try:
            i = clock.lencount
            while i < nbars:
                clock.idx = i
                clock.lencount = i + 1
                if not broker._deferring:
                    bnext()
                if notifs:
                    route(notifs, runstrats)
                if steady_next is not None and not (strat._orderspending
                                                    or strat._tradespending):
                    steady_next()
                    strat._analyzed = i + an_off
                    if fol is not None:
                        fol.idx = i + fol_idx
                        fol.lencount = fol.buflen = i + fol_len
                    else:
                        for f, d_idx, d_len, d_buf in offsets:
                            f.idx = i + d_idx
                            f.lencount = i + d_len
                            f.buflen = i + d_buf
                else:
                    cycle()
                    if probing and strat._minperstatus_done:
                        probing = False
                        steady = strat._steady_step(clock, nbars)
                        if steady is not None:
                            steady_next, followers = steady
                            # offsets as of this bar: bar j's steady step sets
                            # j + offset (every later cycle keeps them: each
                            # moves the count and the followers by one)
                            an_off = strat._analyzed - i
                            offsets = [(f, f.idx - i, f.lencount - i, f.buflen - i)
                                       for f in followers]
                            if len(offsets) == 1 and offsets[0][2] == offsets[0][3]:
                                fol, fol_idx, fol_len = offsets[0][:3]
                if cerebro._event_stop:
                    return
                i += 1
                if fol is None or not broker._deferring:
                    continue
                # The broker defers: nothing has happened since its last cycle
                # (anything that could -- an order, a cancel, cash -- wakes it
                # first), so no notification waits and the strategy's queues
                # were cleared by that cycle. Until a next() wakes the broker,
                # a bar is the steady step alone.
                for i in range(i, nbars):
                    clock.idx = i
                    clock.lencount = i + 1
                    steady_next()
                    strat._analyzed = i + an_off
                    fol.idx = i + fol_idx
                    fol.lencount = fol.buflen = i + fol_len
                    if cerebro._event_stop:
                        return
                    if not broker._deferring:
                        break
                else:
                    return
                i += 1
        finally:
            if defer:
                broker._defer_stop()
            strat._unfollow_clock()

    def _route(self, notifs, runstrats) -> None:
        qn = self.quicknotify
        while notifs:
            order = notifs.popleft()
            owner = order.owner if order.owner is not None else runstrats[0]
            owner._addnotification(order, quicknotify=qn)

    # -- next mode ------------------------------------------------------------------------
    def run_next(self, runstrats, datas, control=None) -> None:
        if self.cheat_on_open:
            self._prepare_lag(datas, full=False)
        if control is not None:
            if control.resuming:
                self._catch_up(runstrats, datas, control.catchup_bars())
            control.begin(runstrats, datas, place_datas=False)
        writers = self.cerebro._writers_active
        self._drive(control, lambda steps: self._run_next_loop(runstrats, datas, writers,
                                                               self.cheat_on_open, steps))

    def _catch_up(self, runstrats, datas, bars: int) -> None:
        """Replay ``bars`` bars of the datas as the loop would deliver them,
        moving the strategies' clocks and stepping the indicators computed
        bar by bar, but running no broker, strategy, analyzer or observer:
        where a resumed run in next mode stood when its checkpoint was made."""
        replaying = [_Replaying(strat) for strat in runstrats]
        # nothing reacts while replaying: no broker, no timers
        self._broker_step = _no_broker_step
        timers, self.timers, self.cheat_timers = (self.timers, self.cheat_timers), (), ()
        try:
            self._run_next_loop(replaying, datas, False, False, bars)
        finally:
            del self._broker_step
            self.timers, self.cheat_timers = timers
        if self._bars_run != bars:
            from ..core.errors import CheckpointError
            raise CheckpointError('the datas end after %d bars: the checkpoint was made after '
                                  '%d' % (self._bars_run, bars))

    def _run_next_loop(self, runstrats, datas, writers, coo, steps) -> bool:
        """Next-mode loop (``steps`` bars at most); True when the run is over."""
        cerebro = self.cerebro
        self._bars_run = 0
        # cheat-on-open needs the clocks each step moved
        moved = [] if coo else None
        step = cerebro._dataman.step_next
        ctimers, ntimers = self.cheat_timers, self.timers
        for _ in (_FOREVER if steps is None else range(steps)):
            if moved:
                moved.clear()
            dt0 = step(datas, moved)
            if dt0 is None:
                return True
            bar = dt0 != FLUSHED
            if cerebro._event_stop:
                return True
            if bar and ctimers:
                self._check_timers(runstrats, dt0, ctimers)
            if coo:
                self._next_open(runstrats, moved)
            self._broker_step(runstrats)
            if bar and ntimers:
                self._check_timers(runstrats, dt0, ntimers)
            self._bars_run += 1
            if cerebro._event_stop:
                return True
            for strat in runstrats:
                strat._next()
                if cerebro._event_stop:
                    return True
            if writers:
                cerebro._next_writers(runstrats)
        return False


class _Replaying:
    """A strategy as ``Engine._catch_up`` steps it: data-driven part only."""

    __slots__ = ('_next',)

    def __init__(self, strat) -> None:
        self._next = strat._advance


def _no_broker_step(runstrats) -> None:
    """The broker step while replaying: none."""


# the unbounded loops iterate over this (a bounded run over a range instead)
_FOREVER = itertools.repeat(None)
