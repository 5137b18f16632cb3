"""``CalendarDays``: bars for the calendar days missing between two bars."""
from __future__ import annotations

import datetime as _dt

from ..core.params import ParamsBase

__all__ = ['CalendarDays']

_NAN = float('nan')
_STANDARD_LINES = 7     # close, low, high, open, volume, openinterest, datetime


class CalendarDays(ParamsBase):
    """Inserts, before a bar more than one calendar date after the previous
    one, one bar per date from the day after the previous bar's up to the
    bar's own, each at the bar's time of day (like upstream, that includes a
    filling bar stamped like the bar itself). Filling bars have open = high =
    low = close = ``fill_price`` when positive, the previous close for 0 or
    None, the previous bar's (high + low) / 2 for -1; volume ``fill_vol`` and
    open interest ``fill_oi``; a feed's extra lines, the loaded bar's values."""

    params = (
        ('fill_price', None),
        ('fill_vol', _NAN),
        ('fill_oi', _NAN),
    )

    ONEDAY = _dt.timedelta(days=1)
    lastdt = _dt.datetime.max

    def __init__(self, data) -> None:
        self.lastdt = None

    def __call__(self, data) -> bool:
        dtime = data.datetime.datetime(0)
        last, self.lastdt = self.lastdt, dtime
        # (dates, not times: intraday bars a night apart fill nothing)
        if last is None or dtime.date() - last.date() <= self.ONEDAY:
            self._prev = (data.close[0], data.high[0], data.low[0])
            return False
        price = self._price()
        self._prev = (data.close[0], data.high[0], data.low[0])
        day, end, tod = last.date() + self.ONEDAY, dtime.date(), dtime.time()
        p = self.p
        # the feed's own lines after the standard seven (Yahoo's adjclose...)
        # keep the values of the bar just loaded, as upstream's filling bars
        extra = [data.lines[i][0] for i in range(_STANDARD_LINES, data.lines.size())]
        while day <= end:
            data._add2stack([price, price, price, price, p.fill_vol, p.fill_oi,
                             data.date2num(_dt.datetime.combine(day, tod))] + extra)
            day += self.ONEDAY
        data._save2stack(erase=True)
        # like upstream, the bar is reported as kept: loaded bar by bar, the
        # previous bar is delivered once more before the filling ones
        return False

    def _price(self) -> float:
        fp = self.p.fill_price
        close, high, low = self._prev
        if fp is None or fp == 0:
            return close
        if fp == -1:
            return (high + low) / 2.0
        return fp

    def _fillbars(self, data, dt, lastdt):
        """Compat hook name (the work is done in ``__call__``)."""
