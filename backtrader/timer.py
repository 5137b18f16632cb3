"""Timers (``bt.Timer``): call ``notify_timer`` at a time of day.

Created by ``cerebro.add_timer`` / ``strategy.add_timer``; the engine calls
``check(dt)`` once per bar (with the datetime number of the bar being
delivered) and notifies the owner when it returns True.

How a timer decides, per bar (times are wall times of ``tzdata``):

* A *session* lasts until the session end of ``tzdata`` when it is a data feed
  (``data._getnexteos()``), else until the end of the day. When a bar lies past
  it, a new session starts: the target time goes back to ``when`` (+ ``offset``)
  on the bar's date.
* The first bar of a new session's date asks ``monthdays``, then
  ``weekdays``, then ``allow(date)``; a refusal ends the day for the timer.
* The timer fires on the first bar at or past the target time. Without
  ``repeat`` it is then done until the next session; with ``repeat`` the
  target moves on by ``repeat`` until it lies ahead, and the day ends once it
  moves past the session end.

``monthdays``/``weekdays`` keep the days still to come in the current
month/week. A day that is passed without a bar counts as reached on the next
bar when ``monthcarry``/``weekcarry`` is set, and so do days left over when a
new month/week starts. The bookkeeping reproduces backtrader 1.9.78.123
exactly, including its quirks: a bar that passes a listed day while later
ones remain also fires (carry or not) and drops the next listed day too, and
lists are used in the order given.
"""
from __future__ import annotations

import bisect
import collections
import datetime as _dt
from typing import Any

from .core.errors import TimerParameterError
from .core.legacymeta import MetaParams, with_metaclass  # noqa: F401 (upstream's names)
from .core.params import ParamsBase
from .utils.dateintern import date2num, num2date, tzparse, TIME_MAX

__all__ = ['SESSION_TIME', 'SESSION_START', 'SESSION_END', 'Timer']

# ``when`` values besides a ``datetime.time``
SESSION_TIME, SESSION_START, SESSION_END = range(3)

_NEVER = _dt.datetime.min


def _is_data(obj) -> bool:
    # a data feed knows its session times and converts its own date numbers
    return hasattr(obj, '_getnexteos') and hasattr(obj, 'num2date')


class Timer(ParamsBase):
    """A scheduled notification (see the module documentation).

    Params: ``tid`` (id), ``owner`` (object whose ``notify_timer`` is called),
    ``strats`` (also notify every strategy), ``when`` (a ``datetime.time``,
    ``SESSION_START`` or ``SESSION_END``), ``offset``, ``repeat`` (timedeltas),
    ``weekdays`` (ISO numbers, Monday = 1), ``weekcarry``, ``monthdays``,
    ``monthcarry``, ``allow`` (callable taking a date), ``tzdata`` (None, a
    time zone or a data feed: whose wall time ``when`` is), ``cheat`` (check
    before the broker). Positional and other keyword arguments are handed to
    ``notify_timer``. ``lastwhen`` is the target datetime of the last call.
    """

    SESSION_TIME, SESSION_START, SESSION_END = SESSION_TIME, SESSION_START, SESSION_END

    params = (
        ('tid', None),
        ('owner', None),
        ('strats', False),
        ('when', None),
        ('offset', _dt.timedelta()),
        ('repeat', _dt.timedelta()),
        ('weekdays', []),
        ('weekcarry', False),
        ('monthdays', []),
        ('monthcarry', True),
        ('allow', None),
        ('tzdata', None),
        ('cheat', False),
    )

    def __init__(self, *args, **kwargs) -> None:
        self.args = args
        self.kwargs = kwargs
        when = self.p.when
        if not isinstance(when, _dt.time) and when not in (SESSION_START, SESSION_END):
            raise TimerParameterError(
                'timer when=%r: expected a datetime.time, SESSION_START or SESSION_END'
                % (when,))
        if isinstance(when, int) and self.p.tzdata is not None and \
                not _is_data(self.p.tzdata):
            raise TimerParameterError(
                'timer when=%s needs the session times of a data feed, but tzdata is %r '
                '(pass a data feed as tzdata, or None for the first data)'
                % ('SESSION_START' if when == SESSION_START else 'SESSION_END',
                   self.p.tzdata))

    # -- opt-in validation ----------------------------------------------------------------
    def validate(self) -> 'Timer':
        """Raise ``TimerParameterError`` for parameters backtrader accepts
        silently but which make a timer never (or oddly) fire: weekdays outside
        1..7, monthdays outside 1..31, unsorted day lists, a negative repeat or
        offset that is not a timedelta, a non-callable ``allow``. Returns the
        timer (``cerebro.add_timer(...).validate()``)."""
        p = self.p
        for name, low, high in (('weekdays', 1, 7), ('monthdays', 1, 31)):
            days = list(getattr(p, name))
            bad = [d for d in days if not isinstance(d, int) or not low <= d <= high]
            if bad:
                raise TimerParameterError('timer %s=%r: %r outside %d..%d'
                                          % (name, days, bad, low, high))
            if days != sorted(days):
                raise TimerParameterError('timer %s=%r: days must be in ascending order'
                                          % (name, days))
        for name in ('offset', 'repeat'):
            if not isinstance(getattr(p, name), _dt.timedelta):
                raise TimerParameterError('timer %s=%r: expected a datetime.timedelta'
                                          % (name, getattr(p, name)))
        if p.repeat < _dt.timedelta():
            raise TimerParameterError('timer repeat=%r: must not be negative' % (p.repeat,))
        if p.allow is not None and not callable(p.allow):
            raise TimerParameterError('timer allow=%r: expected a callable taking a date'
                                      % (p.allow,))
        return self

    # -- run ------------------------------------------------------------------------------------
    def start(self, data) -> None:
        """Prepare for a run; ``data`` (the first data) gives the session
        times when ``when`` is SESSION_START/SESSION_END and tzdata is None."""
        p = self.p
        if isinstance(p.when, _dt.time):
            self._tzdata = p.tzdata
            self._rstwhen = p.when
        else:
            self._tzdata = data if p.tzdata is None else p.tzdata
            src = self._tzdata
            self._rstwhen = src.sessionstart if p.when == SESSION_START else src.sessionend
        self._isdata = _is_data(self._tzdata)
        self._tz = None if self._isdata or self._tzdata is None else tzparse(self._tzdata)
        self._nexteos = _NEVER
        self._lastcall = _NEVER
        self._curdate = _dt.date.min
        self._curmonth = -1
        self._monthmask = collections.deque()
        self._curweek = -1
        self._weekmask = collections.deque()
        self._when = self._rstwhen
        self._dwhen = self._dtwhen = None

    def _local(self, dt: float) -> _dt.datetime:
        if self._isdata:
            return self._tzdata.num2date(dt)
        return num2date(dt, self._tz)

    def _tonum(self, moment: _dt.datetime) -> float:
        if self._isdata:
            return self._tzdata.date2num(moment)
        return date2num(moment, self._tz)

    def _new_session(self, local: _dt.datetime) -> None:
        if self._isdata:
            self._nexteos = self._tzdata._getnexteos()[0]
        else:
            self._nexteos = _dt.datetime.combine(local.date(), TIME_MAX)
        self._when = self._rstwhen
        self._lastcall = _NEVER
        self._dwhen = _dt.datetime.combine(local.date(), self._when) + self.p.offset
        self._dtwhen = self._tonum(self._dwhen)

    @staticmethod
    def _take_days(mask, today: int, carry: bool, carried: bool) -> bool:
        """Consume the listed days up to ``today``; True if the timer may fire."""
        passed = bisect.bisect_left(mask, today)
        carried = carried or (carry and passed > 0)
        hit = False
        if passed < len(mask):
            # backtrader's test: true whenever some day was passed, not only
            # when today is listed (the quirk the module doc mentions)
            hit = bisect.bisect_right(mask, today, lo=passed) > 0
            passed += hit
        for _ in range(passed):
            mask.popleft()
        return carried or hit

    def _check_month(self, date: _dt.date) -> bool:
        if not self.p.monthdays:
            return True
        carried = False
        if date.month != self._curmonth:
            self._curmonth = date.month
            carried = self.p.monthcarry and bool(self._monthmask)
            self._monthmask = collections.deque(self.p.monthdays)
        return self._take_days(self._monthmask, date.day, self.p.monthcarry, carried)

    def _check_week(self, date: _dt.date) -> bool:
        if not self.p.weekdays:
            return True
        _, week, weekday = date.isocalendar()
        carried = False
        if week != self._curweek:
            self._curweek = week
            carried = self.p.weekcarry and bool(self._weekmask)
            self._weekmask = collections.deque(self.p.weekdays)
        return self._take_days(self._weekmask, weekday, self.p.weekcarry, carried)

    def check(self, dt: float) -> bool:
        """True if the timer fires at datetime number ``dt`` (``lastwhen`` is
        then the target datetime reached)."""
        local = self._local(dt)
        date = local.date()
        if self._lastcall == date:
            return False
        # a data's session end is a naive UTC datetime (see _getnexteos)
        if (num2date(dt) if self._isdata else local) > self._nexteos:
            self._new_session(local)
        if self._dwhen is None:
            return False
        if date > self._curdate:
            self._curdate = date
            allow = self.p.allow
            if not (self._check_month(date) and self._check_week(date)
                    and (allow is None or allow(date))):
                self._lastcall = date
                return False
        if dt < self._dtwhen:
            return False
        self.lastwhen = self._dwhen
        repeat = self.p.repeat
        if not repeat:
            self._lastcall = date
            self._dwhen = self._dtwhen = None
            return True
        # The next target: backtrader reads the wall time of this one as a
        # UTC datetime, steps it by ``repeat`` until it is past the bar and
        # converts the result back to wall time (the same as stepping the
        # target itself when tzdata has no zone).
        target = self._dwhen
        while True:
            target += repeat
            if date2num(target) > dt:
                break
        self._dtwhen = date2num(target)
        self._dwhen = self._local(self._dtwhen)
        if num2date(self._dtwhen) > self._nexteos:
            self._lastcall = date
            self._dwhen = self._dtwhen = None
        return True
