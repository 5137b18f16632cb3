"""``Engine``: the run loops.

runonce: indicators compute whole arrays first; then, bar by bar, datas move
(one clock increment each), the broker runs and each strategy gets its
notifications and ``next``. next mode: datas load one bar each, the earliest
datetime is delivered (later ones are rewound), indicators update bar by bar.
"""
from __future__ import annotations

import math
from typing import Any

from ..brokers.backbroker import BackBroker
from ..core.errors import MixedLengthError
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

    # -- runonce ------------------------------------------------------------------------
    def run_once(self, runstrats, datas) -> None:
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
        total = sum(d.lines._clock.buflen for d in datas) + 1
        for strat in runstrats:
            strat._presize(total)
        writers = cerebro._writers_active
        if self.cheat_on_open:
            self._prepare_lag(datas, full=True)
        if len(datas) == 1:
            self._run_once_single(runstrats, datas[0], writers)
            return
        step = self.cerebro._dataman.step_once
        # cheat-on-open needs the clocks each step moved
        moved = [] if self.cheat_on_open else None
        ctimers, ntimers = self.cheat_timers, self.timers
        while True:
            if moved:
                moved.clear()
            dt0 = step(datas, moved)
            if dt0 == _INF:
                break
            if ctimers:
                self._check_timers(runstrats, dt0, ctimers)
            if self.cheat_on_open:
                self._next_open(runstrats, moved)
            self._broker_step(runstrats)
            if ntimers:
                self._check_timers(runstrats, dt0, ntimers)
            if cerebro._event_stop:
                return
            for strat in runstrats:
                strat._oncepost(dt0)
                if cerebro._event_stop:
                    return
            if writers:
                cerebro._next_writers(runstrats)

    def _run_once_single(self, runstrats, data, writers) -> None:
        """Runonce loop for one data feed: one clock move per bar."""
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
    def run_next(self, runstrats, datas) -> None:
        cerebro = self.cerebro
        writers = cerebro._writers_active
        coo = self.cheat_on_open
        if coo:
            self._prepare_lag(datas, full=False)
        # cheat-on-open needs the clocks each step moved
        moved = [] if coo else None
        step = cerebro._dataman.step_next
        ctimers, ntimers = self.cheat_timers, self.timers
        while True:
            if moved:
                moved.clear()
            dt0 = step(datas, moved)
            if dt0 is None:
                break
            bar = dt0 != FLUSHED
            if cerebro._event_stop:
                return
            if bar and ctimers:
                self._check_timers(runstrats, dt0, ctimers)
            if coo:
                self._next_open(runstrats, moved)
            self._broker_step(runstrats)
            if bar and ntimers:
                self._check_timers(runstrats, dt0, ntimers)
            if cerebro._event_stop:
                return
            for strat in runstrats:
                strat._next()
                if cerebro._event_stop:
                    return
            if writers:
                cerebro._next_writers(runstrats)
