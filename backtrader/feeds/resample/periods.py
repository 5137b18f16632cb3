"""Where the bars of a target period begin and end (scalar rules).

Times of day are measured in *points*: whole units of the target timeframe
since midnight (minutes, seconds or microseconds) shifted by ``boundoff``,
plus the *rest* below one unit. A bar of ``compression`` units is a bucket of
points; buckets are closed on the right, so an input exactly on a boundary
(no rest, point divisible by the compression) belongs to the bucket it ends.

The same rules are applied to whole arrays by ``vector.py``; tests keep the
two in agreement.
"""
from __future__ import annotations

import datetime as _dt

from ...utils.dateintern import date2num, num2date
from ...utils.timeframe import TimeFrame

__all__ = ['SUBDAY', 'Period', 'point_of', 'edge_units']

# target timeframes measured in points within a day
SUBDAY = (TimeFrame.MicroSeconds, TimeFrame.Seconds, TimeFrame.Minutes)

_ONE_DAY = _dt.timedelta(days=1)
_UNIT = {
    TimeFrame.Minutes: _dt.timedelta(minutes=1),
    TimeFrame.Seconds: _dt.timedelta(seconds=1),
    TimeFrame.MicroSeconds: _dt.timedelta(microseconds=1),
}


def point_of(tm: _dt.datetime, timeframe: int, boundoff: int) -> tuple:
    """``(point, rest)`` of the time of day of ``tm``."""
    if timeframe == TimeFrame.Minutes:
        point = tm.hour * 60 + tm.minute
        rest = tm.second * 1000000 + tm.microsecond
    elif timeframe == TimeFrame.Seconds:
        point = (tm.hour * 60 + tm.minute) * 60 + tm.second
        rest = tm.microsecond
    else:
        point = ((tm.hour * 60 + tm.minute) * 60 + tm.second) * 1000000 + tm.microsecond
        rest = 0
    return point + boundoff, rest


def edge_units(point: int, rest: int, compression: int, rightedge: bool) -> int:
    """Units since midnight of the boundary of the bucket holding a point:
    its end (``rightedge``) or its start. An input on a boundary is its own
    right edge."""
    base, over = divmod(point, compression)
    if rightedge and (over or rest):
        base += 1
    return base * compression


class Period:
    """Target period of a resampler: ``timeframe`` and ``compression`` with
    the boundary options, judged against the data's session end and time
    zone."""

    __slots__ = ('data', 'timeframe', 'compression', 'boundoff', 'rightedge', 'subday',
                 'unit')

    def __init__(self, data, timeframe: int, compression: int, boundoff: int,
                 rightedge: bool) -> None:
        self.data = data
        self.timeframe = timeframe
        self.compression = compression
        self.boundoff = boundoff
        self.rightedge = rightedge
        self.subday = timeframe in SUBDAY
        self.unit = _UNIT.get(timeframe)

    # -- session ends -------------------------------------------------------------
    def eos(self, dtnum: float, roll: bool = True) -> float:
        """Date number of the session end closing the bar at ``dtnum``: the
        session end of that (local) day, or of the next one when ``dtnum``
        is already past it (``roll=False``: of that day all the same, the
        stamp upstream gives the bar left at the end of the data)."""
        data = self.data
        if data._calendar is not None:
            return date2num(data._calendar_eos(num2date(dtnum)))
        local = data.num2date(dtnum)
        end = _dt.datetime.combine(local.date(), data.sessionend)
        if roll:
            if local > end:
                end += _ONE_DAY
        elif data._tz is not None:
            # (upstream's stamp of that bar under a time zone: the session
            # end's UTC time of day, on the local day, read as a local time)
            end = _dt.datetime.combine(local.date(), num2date(data.date2num(end)).time())
        return data.date2num(end)

    # -- sub-day buckets -------------------------------------------------------------
    def point(self, dtnum: float, utc: bool = False) -> tuple:
        """``(point, rest)`` of ``dtnum``'s time of day in the data's time
        zone (``utc``: in UTC, the frame upstream's check for a later
        bucket reads, while edges and stamps are local)."""
        return point_of(num2date(dtnum) if utc else self.data.num2date(dtnum),
                        self.timeframe, self.boundoff)

    def onedge(self, dtnum: float) -> bool:
        point, rest = self.point(dtnum)
        return not rest and not point % self.compression

    def edge(self, dtnum: float) -> float:
        """Date number of the bucket boundary of ``dtnum`` (right or left
        edge per ``rightedge``), in the bar's own day."""
        local = self.data.num2date(dtnum)
        point, rest = point_of(local, self.timeframe, self.boundoff)
        units = edge_units(point, rest, self.compression, self.rightedge)
        midnight = _dt.datetime.combine(local.date(), _dt.time())
        return self.data.date2num(midnight + units * self.unit)

    # -- calendar periods -------------------------------------------------------------
    def key(self, dtnum: float):
        """Ordering key of the calendar period holding ``dtnum`` (weeks,
        months, years)."""
        day = self.data.num2date(dtnum).date()
        tf = self.timeframe
        if tf == TimeFrame.Weeks:
            iso = day.isocalendar()
            return (iso[0], iso[1])
        if tf == TimeFrame.Months:
            return (day.year, day.month)
        return day.year
