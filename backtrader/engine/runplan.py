"""``RunPlan``: which loop a run takes and which shortcuts apply, decided
once per run, each from one condition written here.

The loops (``engine.py``) read the plan and never re-decide. Every shortcut
does what the general path would do, only with less work; the comment on
each condition says when that holds.
"""
from __future__ import annotations

from ..brokers.base import capabilities_of
from ..feeds.timeline import same_timeline

__all__ = ['RunPlan']


class RunPlan:
    """The loop and the shortcuts of one run (see the module)."""

    __slots__ = ('runonce', 'single_data', 'lockstep', 'lean', 'defer_valuation', 'direct_queue',
                 'quicknotify', 'cheat_on_open', 'cheat_timers', 'timers', 'writers')

    def __init__(self, runonce: bool, datas: list, drivers: list, broker, quicknotify: bool,
                 cheat_on_open: bool, timers: list, writers) -> None:
        # The loop kind. runonce: preloaded datas, indicators computed whole
        # beforehand, the datas' clocks move bar by bar. Otherwise next mode:
        # datas load a bar each and indicators step with them.
        self.runonce = runonce
        # what the broker lets the loops shortcut (BrokerCapabilities), read
        # once its run has started
        caps = capabilities_of(broker)
        # Notifications: the general path asks get_notification() until None;
        # a broker whose get_notification pops a deque lets the loops read it.
        self.direct_queue = caps.queue is not None
        # quicknotify: notifications reach the hooks within the broker step
        self.quicknotify = quicknotify
        # cheat-on-open: the *_open hooks run before the broker, on the datas
        # that moved, with what is computed on them one bar behind
        self.cheat_on_open = cheat_on_open
        # timers checked before the broker (cheat) and after it; both empty
        # (never looked at per bar) when no timer exists
        self.cheat_timers = [t for t in timers if t.p.cheat]
        self.timers = [t for t in timers if not t.p.cheat]
        # writers: a callable taking the strategies, called after every bar
        self.writers = writers
        # Single data (runonce): its clock moves directly, without the merge
        # of many datas (DataManager.step_once).
        self.single_data = runonce and len(datas) == 1
        # Lockstep (runonce): the datas hold the same datetimes bar for bar
        # (a single data does), so every step of the merge moves every one of
        # them: their clocks move together, without comparing datetimes.
        self.lockstep = runonce and (self.single_data or same_timeline(datas))
        # Lean loop (datas moving together, one strategy): the strategy moves
        # on the data's clock and a bar is the clock move, the broker step and
        # the strategy's cycle (its steady step once past the minimum period).
        # Many datas on one timeline share one clock for the run (the engine
        # falls back on the stepped loop when their clocks cannot be merged:
        # ``can_share``). Needs: the broker's queue read directly; nothing
        # else per bar (no cheat-on-open, writers, timers); quicknotify off
        # (the strategy must still stand at the previous bar while
        # notifications are delivered); nothing but its datetime line on the
        # strategy's own clock.
        self.lean = (self.lockstep and len(drivers) == 1 and self.direct_queue
                     and not cheat_on_open and not writers and not quicknotify
                     and not timers and drivers[0].can_follow())
        # Deferred valuation (runonce, datas moving together: the lean loop,
        # or the stepped one over one timeline without per-bar writers,
        # cheat-on-open or cheat timers -- nothing runs before the broker):
        # the broker's cycles leave their figures to be computed when read,
        # and bars where it has nothing to do are skipped; not when values
        # are pushed to a strategy or its analyzers every bar.
        self.defer_valuation = ((self.lean or (self.lockstep and not writers
                                               and not cheat_on_open
                                               and not self.cheat_timers))
                                and caps.defer
                                and all(d.defers_broker_values for d in drivers))
