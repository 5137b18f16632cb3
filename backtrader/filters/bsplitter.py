"""``DaySplitter_Close``: a daily bar split in two, for ``replaydata``."""
from __future__ import annotations

import datetime as _dt

from ..core.params import ParamsBase

__all__ = ['DaySplitter_Close']


class DaySplitter_Close(ParamsBase):
    """Splits each bar into two bars: at the session start the open, high and
    low with close = (open + high + low) / 3 and the volume not traded at the
    close (``int(volume * (1 - closevol))``); then, at the bar's own time, a
    bar at the close price (open = high = low = close) with the rest of the
    volume. Open interest is kept on both."""

    params = (('closevol', 0.5),)

    def __init__(self, data) -> None:
        pass

    def __call__(self, data) -> bool:
        bar = [line[0] for line in data.lines.lines]
        c, lo, h, o, vol, oi, dt = bar[:7]
        first_vol = float(int(vol * (1.0 - self.p.closevol))) if vol == vol else vol
        closing = list(bar)
        closing[0:6] = [c, c, c, c, vol - first_vol, oi]
        data._add2stack(closing)
        day = data.datetime.datetime(0).date()
        start = _dt.datetime.combine(day, data.sessionstart)
        lines = data.lines
        lines.close[0] = (o + h + lo) / 3.0
        lines.volume[0] = first_vol
        lines.datetime[0] = data.date2num(start)
        return False
