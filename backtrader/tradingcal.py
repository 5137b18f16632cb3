"""Trading calendars (``bt.tradingcal``): which days a market trades and when
its sessions open and close.

Feeds ask a calendar for the end of the current session (``data._getnexteos``),
timers for the session end of their day and resamplers whether a day is the
last trading day of its week, month or year.

* ``TradingCalendar``: weekly days off, holidays and early-closing days given
  as parameters.
* ``PandasMarketCalendar``: an exchange calendar of the optional
  ``pandas_market_calendars`` package.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Optional

from .core.legacymeta import MetaParams, with_metaclass  # noqa: F401 (upstream's names)
from .core.params import ParamsBase
from .utils.dateintern import UTC, TIME_MAX, TIME_MIN

__all__ = ['TradingCalendarBase', 'TradingCalendar', 'PandasMarketCalendar',
           'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY',
           'ISONODAY', 'ISOMONDAY', 'ISOTUESDAY', 'ISOWEDNESDAY', 'ISOTHURSDAY',
           'ISOFRIDAY', 'ISOSATURDAY', 'ISOSUNDAY', 'WEEKEND', 'ISOWEEKEND', 'ONEDAY']

# datetime.weekday() numbering (Monday = 0)
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
# datetime.isoweekday() numbering (Monday = 1); 0 is "no day"
(ISONODAY, ISOMONDAY, ISOTUESDAY, ISOWEDNESDAY, ISOTHURSDAY, ISOFRIDAY, ISOSATURDAY,
 ISOSUNDAY) = range(8)

WEEKEND = [SATURDAY, SUNDAY]
ISOWEEKEND = [ISOSATURDAY, ISOSUNDAY]
ONEDAY = _dt.timedelta(days=1)

# A session-end search that has not stopped after this many days never will
# (the close it compares with repeats every year once past the early days).
_SCHEDULE_SEARCH_DAYS = 800


class TradingCalendarBase(ParamsBase):
    """Interface of trading calendars.

    Subclasses implement ``_nextday(day)`` and ``schedule(day, tz=None)``;
    the helpers below are built on ``_nextday``.
    """

    def _nextday(self, day):
        """``(next trading day after day, its isocalendar())``."""
        raise NotImplementedError

    def schedule(self, day, tz=None):
        """``(session open, session close)`` of the session ``day`` falls in
        (or the next one), naive datetimes in UTC when ``tz`` is given."""
        raise NotImplementedError

    def nextday(self, day):
        """The next trading day after ``day`` (same type as ``day``)."""
        return self._nextday(day)[0]

    def nextday_week(self, day):
        """Computes the next trading day's ISO week but returns None, as
        backtrader 1.9.78.123 does (kept for compatibility)."""
        self._nextday(day)
        return None

    def last_weekday(self, day) -> bool:
        """True if ``day`` is the last trading day of its ISO week."""
        return day.isocalendar()[1] != self._nextday(day)[1][1]

    def last_monthday(self, day) -> bool:
        """True if ``day`` is the last trading day of its month."""
        return day.month != self._nextday(day)[0].month

    def last_yearday(self, day) -> bool:
        """True if ``day`` is the last trading day of its year."""
        return day.year != self._nextday(day)[0].year


def _as_utc_naive(moment: _dt.datetime, tz) -> _dt.datetime:
    """Wall time ``moment`` in ``tz`` expressed as a naive UTC datetime."""
    localize = getattr(tz, 'localize', None)
    aware = localize(moment) if localize is not None else moment.replace(tzinfo=tz)
    return aware.astimezone(UTC).replace(tzinfo=None)


class TradingCalendar(TradingCalendarBase):
    """A calendar from parameters.

    * ``open`` / ``close``: regular session times.
    * ``holidays``: dates without trading (compared with the days asked about,
      so a ``datetime`` never matches a ``date`` entry).
    * ``earlydays``: ``(date, open, close)`` entries with other session times.
    * ``offdays``: ISO weekdays without trading (Saturday and Sunday).
    """

    params = (
        ('open', TIME_MIN),
        ('close', TIME_MAX),
        ('holidays', []),
        ('earlydays', []),
        ('offdays', ISOWEEKEND),
    )

    def __init__(self) -> None:
        self._earlydays = {entry[0]: (entry[1], entry[2]) for entry in self.p.earlydays}

    def _nextday(self, day):
        offdays = self.p.offdays
        holidays = self.p.holidays
        while True:
            day = day + ONEDAY
            isocal = day.isocalendar()
            if isocal[2] in offdays or day in holidays:
                continue
            return day, isocal

    def _session_times(self, date: _dt.date):
        return self._earlydays.get(date, (self.p.open, self.p.close))

    def schedule(self, day, tz=None):
        """``(open, close)`` of the first session, from ``day``'s date on, whose
        close is not before ``day`` (holidays and days off are not skipped).

        ``day`` must be a ``datetime``. With ``tz`` the session times are wall
        times in ``tz`` and are returned as naive UTC, and ``day`` is compared
        with the UTC close as given. A ``day`` later than every close it could
        meet raises ``OverflowError`` (the search would never end)."""
        start = day
        last_early = max(self._earlydays, default=None)
        steps = 0
        while True:
            date = day.date()
            opentime, closetime = self._session_times(date)
            sopen = _dt.datetime.combine(date, opentime)
            sclose = _dt.datetime.combine(date, closetime)
            if tz is not None:
                sopen = _as_utc_naive(sopen, tz)
                sclose = _as_utc_naive(sclose, tz)
            if day <= sclose:
                return sopen, sclose
            day = day + ONEDAY
            steps += 1
            if steps > _SCHEDULE_SEARCH_DAYS and (last_early is None or date > last_early):
                raise OverflowError(
                    'date value out of range: %s is later than the session close of every '
                    'day from %s on (close %s)' % (start.time(), start.date(), self.p.close))


class PandasMarketCalendar(TradingCalendarBase):
    """An exchange calendar of the ``pandas_market_calendars`` package.

    * ``calendar``: a calendar name (``'NYSE'``, ``'XLON'`` ...) or a calendar
      object of that package.
    * ``cachesize``: days of schedule fetched at a time.

    Needs ``pandas_market_calendars`` installed (``pip install
    pandas_market_calendars``).
    """

    params = (
        ('calendar', None),
        ('cachesize', 365),
    )

    def __init__(self) -> None:
        try:
            import pandas_market_calendars as mcal
        except ImportError as exc:
            raise ImportError(
                'PandasMarketCalendar needs the pandas_market_calendars package '
                '(pip install pandas_market_calendars)') from exc
        cal = self.p.calendar
        self._calendar = mcal.get_calendar(cal) if isinstance(cal, str) else cal
        self._cachesize = _dt.timedelta(days=max(1, self.p.cachesize))
        self._sessions: dict = {}     # date -> (open, close) naive UTC
        self._windows: list = []      # (first, end) date ranges fetched

    def _fetch(self, date: _dt.date) -> None:
        """Sessions of ``cachesize`` days from ``date`` on, if not fetched yet."""
        if any(first <= date < end for first, end in self._windows):
            return
        end = date + self._cachesize
        sched = self._calendar.schedule(start_date=date, end_date=end - ONEDAY)
        for stamp, row in zip(sched.index, sched.itertuples(index=False)):
            self._sessions[stamp.date()] = (_naive_utc(row.market_open),
                                            _naive_utc(row.market_close))
        self._windows.append((date, end))

    def _trading_days_after(self, date: _dt.date) -> _dt.date:
        while True:
            date += ONEDAY
            self._fetch(date)
            if date in self._sessions:
                return date

    def _nextday(self, day):
        date = day.date() if isinstance(day, _dt.datetime) else day
        nxt = self._trading_days_after(date)
        if isinstance(day, _dt.datetime):
            nxt_day = _dt.datetime.combine(nxt, day.time())
        else:
            nxt_day = nxt
        return nxt_day, nxt_day.isocalendar()

    def schedule(self, day, tz=None):
        """``(open, close)`` as naive UTC datetimes of the first session whose
        close is not before ``day`` (a naive UTC datetime, as feeds pass it,
        or a date). The exchange calendar knows its own zone: ``tz`` is not
        needed."""
        if isinstance(day, _dt.datetime):
            date, moment = day.date(), day
        else:
            date, moment = day, _dt.datetime.combine(day, TIME_MIN)
        self._fetch(date)
        session = self._sessions.get(date)
        while session is None or moment > session[1]:
            date = self._trading_days_after(date)
            session = self._sessions[date]
        return session


def _naive_utc(stamp: Any) -> _dt.datetime:
    """A pandas timestamp (aware or naive UTC) as a naive UTC datetime."""
    if getattr(stamp, 'tzinfo', None) is not None:
        stamp = stamp.tz_convert('UTC').tz_localize(None)
    return stamp.to_pydatetime()


def as_calendar(cal):
    """A calendar object from what ``addcalendar``/``calendar=`` accept: a
    calendar name or an object with ``valid_days`` (a pandas_market_calendars
    calendar) -> ``PandasMarketCalendar``; a ``TradingCalendarBase`` subclass
    -> an instance of it; an instance (or None) as is."""
    if isinstance(cal, str) or hasattr(cal, 'valid_days'):
        return PandasMarketCalendar(calendar=cal)
    if isinstance(cal, type) and issubclass(cal, TradingCalendarBase):
        return cal()
    return cal
