"""``DataManager``: the feeds of a Cerebro — registration, names, resampled
and replayed copies, start/preload, and the datetime merge of many feeds that
the engine's loops step through.

The merge (one engine cycle, see ``step_once`` and ``step_next``): every data
that has a bar at the earliest datetime moves, the others wait. With a single
data, or preloaded datas holding the same datetimes, every data moves at every
step: the engine then moves their clocks together (``lockstep``).
"""
from __future__ import annotations

import collections
from typing import Any, Optional

from ..core.errors import FeedSetupError
from ..lines.iterator import clock_of


__all__ = ['DataManager', 'FLUSHED']

_INF = float('inf')
#: what ``step_next`` returns for a cycle that only flushed partial bars
#: (datetimes are positive day numbers)
FLUSHED = -1.0


class DataManager:
    """Owns the data feeds (and their factories) of one Cerebro."""

    def __init__(self) -> None:
        self.datas: list = []
        self.datasbyname: 'collections.OrderedDict[str, Any]' = collections.OrderedDict()
        self.feeds: list = []
        self.live = False
        # resampledata/replaydata were used: datas are then loaded bar by bar
        # (upstream turns preloading off), so that resampled bars appear when
        # their source has moved past them
        self.resampled = False

    def add(self, data, name: Optional[str] = None, env=None):
        if name is not None:
            data._name = name
        data._id = len(self.datas) + 1
        data.setenvironment(env)
        self.datas.append(data)
        self.datasbyname[data._name] = data
        feed = data.getfeed()
        if feed is not None and not any(f is feed for f in self.feeds):
            self.feeds.append(feed)
        if data.islive():
            self.live = True
        return data

    def resample(self, data, name: Optional[str] = None, env=None, replay: bool = False,
                 **kwargs):
        """``cerebro.resampledata``/``replaydata``: a data already added is
        cloned first; the clone (or the data) gets a ``Resampler``/``Replayer``
        filter with ``kwargs`` and is added. Returns the added data."""
        if any(d is data for d in self.datas):
            data = data.clone()
        if replay:
            data.replay(**kwargs)
        else:
            data.resample(**kwargs)
        self.add(data, name, env)
        self.resampled = True
        return data

    def chain(self, datas, name: Optional[str] = None, env=None):
        """``cerebro.chaindata``: add a ``Chainer`` of ``datas`` (named after
        the first one unless ``name`` is given); returns it."""
        from ..feeds.chainer import Chainer
        first = _first(datas, 'chaindata')
        dname = name or first._dataname
        return self.add(Chainer(*datas, dataname=dname), dname, env)

    def rollover(self, datas, name: Optional[str] = None, env=None, **kwargs):
        """``cerebro.rolloverdata``: add a ``RollOver`` of ``datas``
        (``kwargs``: its parameters); returns it."""
        from ..feeds.rollover import RollOver
        first = _first(datas, 'rolloverdata')
        dname = name or first._dataname
        return self.add(RollOver(*datas, dataname=dname, **kwargs), dname, env)

    def preloadable(self) -> bool:
        """Can the datas be preloaded (no resampledata/replaydata, no data
        replaying)?"""
        return not self.resampled and not any(d.replaying for d in self.datas)

    def start(self, preload: bool, lookahead: int, exactbars: int) -> None:
        """Reset, start and (optionally) preload every data."""
        for data in self.datas:
            data.reset()
            if exactbars < 1:
                data.extend(size=lookahead)
            data._start()
            # without preload upstream's datas hold the bars loaded so far (this
            # project's may hold a block ahead): reads before the first bar and
            # buflen() go by those
            for line in data.lines.lines:
                line.set_bars_so_far(not preload)
            if preload:
                data.preload()

    def home(self) -> None:
        """Datas loaded once for every run of a study (``optdatas``): the
        next run starts at their first bar, whatever its loop kind (an
        indicator such as HeikinAshi switches runonce runs to next mode)."""
        for data in self.datas:
            clock_of(data).home()

    def stop(self) -> None:
        for data in self.datas:
            data.stop()

    def release(self) -> None:
        """Detach the lines other objects hung on the datas' clocks during a
        run, freezing their cursor at the last bar (results stay readable)."""
        for data in self.datas:
            clock_of(data).release(keep=data.lines.lines)

    def sorted(self) -> list:
        """Datas ordered by (timeframe, compression), as the loops process them."""
        return sorted(self.datas, key=lambda d: (d._timeframe, d._compression))

    # -- the merge of many feeds ---------------------------------------------------------
    @staticmethod
    def step_once(datas, moved: Optional[list] = None) -> float:
        """Preloaded datas: move every data whose next bar has the earliest
        datetime; return that datetime (None when all are exhausted). The
        clocks moved are appended to ``moved`` when one is given."""
        dts = [d.advance_peek() for d in datas]
        dt0 = min(dts)
        if dt0 == _INF:
            return None
        for d, dt in zip(datas, dts):
            if dt <= dt0:
                clock = clock_of(d)
                clock.advance()
                if moved is not None:
                    moved.append(clock)
        return dt0

    @staticmethod
    def lockstep(datas):
        """``step_once`` for preloaded datas on the same timeline
        (``RunPlan.lockstep``): every step moves every clock one bar, so the
        datetimes need no comparing. Returns the step function."""
        clocks = [clock_of(d) for d in datas]
        plain = [c for c in clocks if not c.rings]
        ringed = [c for c in clocks if c.rings]     # their ring views follow
        first = clocks[0]
        nbars = first.buflen
        dts = datas[0].lines.datetime.scalars()

        def step(datas, moved: Optional[list] = None) -> Optional[float]:
            i = first.lencount
            if i >= nbars:
                return None
            n = i + 1
            for clock in plain:
                clock.idx = i
                clock.lencount = n
            for clock in ringed:
                clock.moveto(i)
            if moved is not None:
                moved.extend(clocks)
            return dts[i]
        return step

    @staticmethod
    def step_next(datas, moved: Optional[list] = None) -> Optional[float]:
        """Datas loaded bar by bar: one cycle of the merge. Returns the
        cycle's datetime, ``FLUSHED`` for a cycle that only flushed partial
        bars, None at the end of all datas.

        Each data loads a bar. The earliest datetime among the datas that
        delivered one -- leaving out resampled datas, unless all
        are -- is the cycle's datetime; the data holding it is the master.
        Datas without a bar may deliver one now that the master has moved
        (their filters' ``check``); datas whose bar is later than the
        cycle's datetime give it back for a later cycle. When no data has
        anything, the filters' ``last`` hooks flush what they hold (the last
        partial resampled bar). The clocks of the datas that took a bar of
        the cycle's datetime are appended to ``moved`` when one is given
        (none when the cycle only flushed)."""
        delivered = [d.next(ticks=False) for d in datas]
        if not any(delivered):
            return _flush(datas)
        dts = [d.lines.datetime[0] if ok else _INF for d, ok in zip(datas, delivered)]
        # resampled (not replayed) datas deliver bars of the past
        onlyresample = all(d.resampling and not d.replaying for d in datas)
        cands = [dt for d, dt in zip(datas, dts)
                 if onlyresample or not d.resampling or d.replaying]
        dt0 = min(cands) if cands else _INF
        if dt0 == _INF:
            dt0 = min(dts)
        master = datas[dts.index(dt0)]
        for i, d in enumerate(datas):
            if delivered[i]:
                continue
            d._check(forcedata=master)
            if d.next(datamaster=master, ticks=False):
                dts[i] = d.lines.datetime[0]
                delivered[i] = True
        for i, d in enumerate(datas):
            if delivered[i]:
                if dts[i] > dt0:
                    d.rewind()
                elif moved is not None:
                    moved.append(clock_of(d))
        return dt0

    @staticmethod
    def master_step(master):
        """The merge of ``oldsync`` runs (upstream's legacy synchronisation):
        ``master`` (data0) moves one bar a cycle and sets the cycle's
        datetime; every other data moves at most one bar, when its next bar
        is not later than the master's (a data behind stays behind, one
        ahead waits). When the master has no more bars the filters' ``last``
        hooks flush what they hold (``FLUSHED``), then the run ends. Returns
        the step function (``step_next``'s signature)."""
        def step(datas, moved: Optional[list] = None) -> Optional[float]:
            if not master.next(ticks=False):
                return _flush(datas)
            dt0 = master.lines.datetime[0]
            if moved is not None:
                moved.append(clock_of(master))
            for d in datas:
                if d is master or not d.next(ticks=False):
                    continue
                if d.lines.datetime[0] > dt0:
                    d.rewind()
                elif moved is not None:
                    moved.append(clock_of(d))
            return dt0
        return step

    def feeds_start(self) -> None:
        for feed in self.feeds:
            feed.start()

    def feeds_stop(self) -> None:
        for feed in self.feeds:
            feed.stop()


def _flush(datas) -> Optional[float]:
    """No bar to merge: the filters' ``last`` hooks flush what they hold
    (every data's, even once one flushed). ``FLUSHED`` when one did, else None
    (the run is over)."""
    flushed = [d._last() for d in datas]
    return FLUSHED if any(flushed) else None


def _first(datas, method: str):
    if not datas:
        raise FeedSetupError('cerebro.%s() needs at least one data feed (got none)' % method)
    return datas[0]
