"""Resampling and replaying filters: ``Resampler``, ``Replayer`` and the
preset subclasses (``ResamplerDaily`` ...).

Both are ordinary data filters (``data.addfilter(Resampler, ...)``, which is
what ``data.resample()`` and ``cerebro.resampledata()`` do). Each input bar
the data loads goes through ``__call__``:

* **Resampler**: inputs accumulate in a ``BarAccumulator``; a finished bar is
  put on the data's bar stack and delivered by ``load()`` as a new bar, the
  input that started the next bar is kept. The filter always consumes its
  input (returns True). ``last()`` delivers the bar in progress at the end.
* **Replayer**: every input updates the bar in progress in place (the data's
  length grows only when a bar starts), so consumers see the bar grow tick by
  tick; the input's own values are exposed as ``data.tick_*`` for the broker.

When is a bar finished (``_over``)? Per target timeframe: sub-day targets
compare the inputs' buckets of points (``periods.py``) and the session end;
days the session end; weeks/months/years the calendar period. With the same
timeframe as the source (and a compression multiple of the source's), or
without ``bar2edge``, finished periods are counted and every
``compression``-th one closes the bar. An input exactly on a boundary is added
and closes the bar at once. A target finer than the source lets the bars
through unchanged.

Sub-day targets treat an input not later than the last delivered bar as
*late*: with ``takelate`` it is merged, stamped one millionth of a day after
that bar; otherwise it is dropped.

The whole-array equivalent used when a resampled data is preloaded is in
``vector.py``.
"""
from __future__ import annotations

import datetime as _dt

from ...core.errors import ParameterError, ResampleError
from ...core.params import ParamsBase
from ...utils.dateintern import date2num
from ...utils.timeframe import TimeFrame
from .bar import BarAccumulator
from .periods import Period

__all__ = ['Resampler', 'Replayer', 'DTFaker',
           'ResamplerTicks', 'ResamplerSeconds', 'ResamplerMinutes', 'ResamplerDaily',
           'ResamplerWeekly', 'ResamplerMonthly', 'ResamplerYearly',
           'ReplayerTicks', 'ReplayerSeconds', 'ReplayerMinutes', 'ReplayerDaily',
           'ReplayerWeekly', 'ReplayerMonthly', '_BaseResampler', '_Bar']

_Bar = BarAccumulator

# A late input is stamped this much (in date-number units: days) after the
# bar it follows.
LATE_STEP = 1e-6


class _BaseResampler(ParamsBase):
    """Shared machinery of ``Resampler`` and ``Replayer``."""

    # (upstream's names, defaults and order)
    params = dict(bar2edge=True, adjbartime=True, rightedge=True, boundoff=0,
                  timeframe=TimeFrame.Days, compression=1, takelate=True, sessionend=True)

    replaying = False
    # Opt-in checks of the target (upstream accepts and silently passes bars
    # through for a finer target, or merges everything for an unknown one):
    # set ``Resampler.strict = True`` (or on a subclass) to raise
    # ``ResampleError`` instead.
    strict = False

    def __init__(self, data) -> None:
        p = self.p
        tf, comp = p.timeframe, p.compression
        if not isinstance(tf, int) or isinstance(tf, bool):
            raise ParameterError('%s: timeframe must be a TimeFrame constant (an int), '
                                 'got %r' % (type(self).__name__, tf))
        if not isinstance(comp, int) or isinstance(comp, bool) or comp < 1:
            raise ParameterError('%s: compression must be a positive int, got %r'
                                 % (type(self).__name__, comp))
        srctf, srccomp = data._timeframe, data._compression
        if self.strict:
            _check_target(type(self).__name__, srctf, srccomp, tf, comp)
        # a finer target lets the bars through unchanged
        self.passthrough = tf < srctf
        self.subday = TimeFrame.Ticks < tf < TimeFrame.Days
        # the same timeframe as the source: inputs are counted, not bucketed
        self.componly = (not self.subday and srctf == tf and not comp % srccomp)
        # finished periods are counted unless sub-day bars align to boundaries
        self.counting = self.componly or not (self.subday and p.bar2edge)
        self.adjust = p.bar2edge and p.adjbartime and tf <= TimeFrame.Days
        self.period = Period(data, tf, comp, p.boundoff, p.rightedge)
        self.bar = BarAccumulator()
        # finished periods seen so far; like upstream it is never reset, so
        # a data reused by a second run continues the count
        self.compcount = 0
        data.resampling = 1
        data.replaying = self.replaying
        data._timeframe = tf
        data._compression = comp
        self.data = data

    # -- rules ---------------------------------------------------------------------
    def _period_over(self, dt: float) -> tuple:
        """``(over, at_session_end)``: does an input at ``dt`` fall in a
        later period than the bar in progress?"""
        bardt = self.bar.datetime
        period = self.period
        if self.subday:
            if dt > period.eos(bardt):
                return True, True
            if dt < bardt:
                return False, False
            point, _ = period.point(dt, utc=True)
            barpoint, _ = period.point(bardt, utc=True)
            if self.p.bar2edge:
                comp = period.compression
                return point // comp > barpoint // comp, False
            return point > barpoint, False
        tf = period.timeframe
        if tf == TimeFrame.Days:
            return dt > period.eos(bardt), False
        if TimeFrame.Weeks <= tf <= TimeFrame.Years:
            return period.key(dt) > period.key(bardt), False
        return tf == TimeFrame.Ticks, False

    def _over(self, dt: float) -> tuple:
        """``(finished, at_session_end)`` for the bar in progress when an
        input at ``dt`` arrives (counts finished periods when counting)."""
        over, eos = self._period_over(dt)
        if not over or not self.counting:
            return over, eos
        self.compcount += 1
        return not self.compcount % self.p.compression, eos

    def _onedge(self, dt: float) -> bool:
        """Does an input at ``dt`` end a bar by itself (once added)?"""
        if self.componly:
            # every input counts; each ``compression``-th one ends the bar
            self.compcount += 1
            return not self.compcount % self.p.compression
        if self.subday:
            # (an input at the session end closes its bar too)
            return self.period.onedge(dt) or dt == self.period.eos(dt)
        tf = self.period.timeframe
        if tf == TimeFrame.Days:
            return dt == self.period.eos(dt)
        cal = self.data._calendar
        if cal is not None and TimeFrame.Weeks <= tf <= TimeFrame.Years and \
                self.p.compression == 1:
            # the calendar knows the period's last trading day: its bar ends it
            last = (cal.last_weekday if tf == TimeFrame.Weeks else
                    cal.last_monthday if tf == TimeFrame.Months else cal.last_yearday)
            return last(self.data.num2date(dt).date())
        return False

    def _stamp(self, greater: bool, at_eos: bool = False, flush: bool = False) -> float:
        """Datetime of the finished bar: moved to its boundary when
        ``bar2edge``/``adjbartime`` apply (only forward when ``greater``).
        ``flush``: the bar left at the end of the data, which a day-based
        period stamps with its last input's own day's session end, even
        when that input came after it (as upstream does)."""
        dt = self.bar.datetime
        if not self.adjust:
            return dt
        period = self.period
        if at_eos or not self.subday:
            new = period.eos(dt, roll=not flush)
        else:
            new = period.edge(dt)
        if greater and new <= dt:
            return dt
        return new

    def _late(self, data, dt: float) -> tuple:
        """``(keep, late, dt)`` for an input at ``dt``: a sub-day input not
        later than the data's previous bar is late; it is kept only with
        ``takelate``, restamped just after that bar."""
        if not self.subday or len(data) < 2:
            return True, False, dt
        ref = data.lines.datetime[-1]
        if dt > ref:
            return True, False, dt
        if not self.p.takelate:
            return False, True, dt
        dt = ref + LATE_STEP
        data.lines.datetime[0] = dt
        return True, True, dt

    # -- filter protocol ------------------------------------------------------------
    def check(self, data, _forcedata=None):
        """Deliver the bar in progress when the master data (``_forcedata``)
        has moved past its period although this data has no new input."""
        if not self.bar.isopen():
            return None
        return self(data, fromcheck=True, forcedata=_forcedata)

    def _check_over(self, forcedata):
        if forcedata is None or not len(forcedata) or self.passthrough or self.componly:
            return None
        over, eos = self._period_over(forcedata.lines.datetime[0])
        return (over, eos) if over else None


def _check_target(who: str, srctf: int, srccomp: int, tf: int, comp: int) -> None:
    if not TimeFrame.Ticks <= tf <= TimeFrame.Years:
        raise ResampleError('%s: unknown target timeframe %r (expected TimeFrame.Ticks .. '
                            'TimeFrame.Years)' % (who, tf))
    finer = tf < srctf or (tf == srctf and comp < srccomp)
    if finer:
        raise ResampleError(
            '%s: target %d %s is finer than the source (%d %s): bars cannot be split' % (
                who, comp, TimeFrame.getname(tf, comp), srccomp,
                TimeFrame.getname(srctf, srccomp)))


def _tick(data) -> list:
    """The input bar at ``[0]`` in line order (close ... datetime)."""
    lines = data.lines.lines
    return [lines[i][0] for i in range(7)]


class Resampler(_BaseResampler):
    """Compresses the data's bars into bars of ``timeframe``/``compression``
    (see the module documentation for the rules)."""

    params = (('bar2edge', True), ('adjbartime', True), ('rightedge', True))

    replaying = False

    def _deliver(self, data, dt: float) -> None:
        data._add2stack(self.bar.values(dt))
        self.bar.reset()
        self.bar.datetime = dt

    def __call__(self, data, fromcheck: bool = False, forcedata=None) -> bool:
        if fromcheck:
            over = self._check_over(forcedata)
            if over is None:
                return False
            self._deliver(data, self._stamp(True, over[1]))
            return False
        if self.passthrough:
            return False
        c, lo, h, o, v, oi, dt = _tick(data)
        keep, late, dt = self._late(data, dt)
        if not keep:
            data.backwards()
            return True
        bar = self.bar
        onedge = self._onedge(dt)
        # a late input is merged into the bar in progress
        if not late and not onedge and bar.isopen() and not self.componly:
            over, eos = self._over(dt)
            if over:
                self._deliver(data, self._stamp(True, eos))
        bar.add(dt, o, h, lo, c, v, oi)
        if onedge:
            self._deliver(data, dt if self.subday else self._stamp(False))
        data.backwards()
        return True

    def apply_arrays(self, arrays: dict):
        """Whole-array resampling for a preloaded data (``vector.py``):
        the resampled arrays, or None when bars must go one by one."""
        from .vector import resample_arrays
        return resample_arrays(self, arrays)

    def last(self, data) -> bool:
        """Deliver the bar in progress (end of data)."""
        if not self.bar.isopen():
            return False
        self._deliver(data, self._stamp(False, flush=True))
        return True


class Replayer(_BaseResampler):
    """Replays the data's bars as growing bars of ``timeframe``/``compression``:
    each input updates the current bar in place (see the module
    documentation)."""

    params = (('bar2edge', True), ('adjbartime', False), ('rightedge', True))

    replaying = True

    def _bt_restart(self) -> None:
        """A new run reads the data again: the last run's bar under way is
        dropped (upstream's second run raises IndexError there; this one
        runs as the first did)."""
        self.bar.reset()

    def __call__(self, data, fromcheck: bool = False, forcedata=None) -> bool:
        bar = self.bar
        if fromcheck:
            over = self._check_over(forcedata)
            if over is not None:
                bar.reset()
            return False
        if self.passthrough:
            return False
        tick = _tick(data)
        c, lo, h, o, v, oi, dt = tick
        keep, late, dt = self._late(data, dt)
        if not keep:
            data.backwards()
            return True
        tick[6] = dt
        data.tick_open, data.tick_high, data.tick_low, data.tick_close = o, h, lo, c
        data.tick_volume, data.tick_openinterest, data.tick_last = v, oi, c
        onedge = self._onedge(dt)
        if not late and not onedge and bar.isopen() and not self.componly:
            over, eos = self._over(dt)
            if over:
                stamp = self._stamp(True, eos)
                if stamp != bar.datetime:
                    # the finished bar is shown once more with its boundary
                    # time; the input follows as a new bar (from the stack)
                    data.backwards()
                    _write(data, bar.values(stamp))
                    data._add2stack(tick)
                    bar.start(dt, o, h, lo, c, v, oi)
                    return False
                bar.reset()
        if bar.isopen():
            bar.add(dt, o, h, lo, c, v, oi)
            data.backwards()
        else:
            bar.start(dt, o, h, lo, c, v, oi)
        _write(data, bar.values())
        if onedge:
            bar.reset()
        return False


def _write(data, values) -> None:
    lines = data.lines.lines
    for i in range(7):
        lines[i][0] = values[i]


class DTFaker:
    """Stand-in for a data whose clock is another data's (``forcedata``) or,
    without one, the current UTC time: what ``check`` compares a bar in
    progress with. Anything else is read from the data itself."""

    def __init__(self, data, forcedata=None) -> None:
        self.data = data
        self.forcedata = forcedata
        if forcedata is not None:
            self._dtnum = forcedata.lines.datetime[0]
        else:
            now = _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
            self._dtnum = date2num(now) if data._tz is not None else data.date2num(now)

    def __getattr__(self, name):
        # num2date, date2num, sessionend, _calendar, _getnexteos ...
        return getattr(self.data, name)

    def __len__(self) -> int:
        return len(self.data)

    def __call__(self, idx: int = 0) -> float:
        return self._dtnum

    def datetime(self, idx: int = 0):
        """The faked moment (naive, in the data's time zone)."""
        return self.data.num2date(self._dtnum)

    def date(self, idx: int = 0):
        return self.datetime(idx).date()

    def time(self, idx: int = 0):
        return self.datetime(idx).time()


def _preset(base, name: str, timeframe: int) -> type:
    return type(name, (base,), {'params': (('timeframe', timeframe),),
                                '__module__': __name__,
                                '__doc__': '``%s`` with ``timeframe=TimeFrame.%s``.'
                                % (base.__name__, TimeFrame.Names[timeframe])})


ResamplerTicks = _preset(Resampler, 'ResamplerTicks', TimeFrame.Ticks)
ResamplerSeconds = _preset(Resampler, 'ResamplerSeconds', TimeFrame.Seconds)
ResamplerMinutes = _preset(Resampler, 'ResamplerMinutes', TimeFrame.Minutes)
ResamplerDaily = _preset(Resampler, 'ResamplerDaily', TimeFrame.Days)
ResamplerWeekly = _preset(Resampler, 'ResamplerWeekly', TimeFrame.Weeks)
ResamplerMonthly = _preset(Resampler, 'ResamplerMonthly', TimeFrame.Months)
ResamplerYearly = _preset(Resampler, 'ResamplerYearly', TimeFrame.Years)

ReplayerTicks = _preset(Replayer, 'ReplayerTicks', TimeFrame.Ticks)
ReplayerSeconds = _preset(Replayer, 'ReplayerSeconds', TimeFrame.Seconds)
ReplayerMinutes = _preset(Replayer, 'ReplayerMinutes', TimeFrame.Minutes)
ReplayerDaily = _preset(Replayer, 'ReplayerDaily', TimeFrame.Days)
ReplayerWeekly = _preset(Replayer, 'ReplayerWeekly', TimeFrame.Weeks)
ReplayerMonthly = _preset(Replayer, 'ReplayerMonthly', TimeFrame.Months)
