"""``DaySplitter_Close``: a day's first bar split in two, for ``replaydata``."""
from __future__ import annotations

import datetime as _dt

from ..core.params import ParamsBase

__all__ = ['DaySplitter_Close']


class DaySplitter_Close(ParamsBase):
    """Splits the first bar of each day into two bars: at the session start
    the open, high and low with close = (open + high + low) / 3 and the volume
    not traded at the close (``int(volume * (1 - closevol))``); then, at the
    session end of that day, a bar at the close price (open = high = low =
    close) with the rest of the volume. Open interest is kept on both. The
    closing bar is loaded after the first one and goes through the data's
    filters itself (this one lets it pass, as every later bar of the same
    day: intraday bars after a day's first are not split)."""

    params = (('closevol', 0.5),)

    def __init__(self, data) -> None:
        self._lastday = None

    def __call__(self, data) -> bool:
        day = data.datetime.datetime(0).date()
        if day == self._lastday:
            return False
        self._lastday = day
        bar = [line[0] for line in data.lines.lines]
        c, lo, h, o, vol, oi = bar[:6]
        first_vol = float(int(vol * (1.0 - self.p.closevol))) if vol == vol else vol
        closing = list(bar)
        closing[0:7] = [c, c, c, c, vol - first_vol, oi,
                        data.date2num(_dt.datetime.combine(day, data.sessionend))]
        # (stashed: the next load delivers it, through the filters, as a bar of its own)
        data._add2stack(closing, stash=True)
        lines = data.lines
        lines.close[0] = (o + h + lo) / 3.0
        lines.volume[0] = first_vol
        lines.datetime[0] = data.date2num(_dt.datetime.combine(day, data.sessionstart))
        return False
