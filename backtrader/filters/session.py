"""Session filters: drop the bars outside the data's session
(``SessionFilter``, ``SessionFilterSimple``) or fill the missing intraday bars
inside it (``SessionFiller``)."""
from __future__ import annotations

import datetime as _dt

from ..core.params import ParamsBase
from ..utils.timeframe import TimeFrame

__all__ = ['SessionFilter', 'SessionFilterSimple', 'SessionFiller']

_NAN = float('nan')

# the step between two bars of an intraday timeframe
INTRADAY_STEPS = {
    TimeFrame.Minutes: _dt.timedelta(seconds=60),
    TimeFrame.Seconds: _dt.timedelta(seconds=1),
    TimeFrame.MicroSeconds: _dt.timedelta(microseconds=1),
}


def _in_session(data) -> bool:
    tm = data.datetime.time(0)
    return data.sessionstart <= tm <= data.sessionend


class SessionFilter(ParamsBase):
    """Removes the bars whose time of day lies outside
    ``[sessionstart, sessionend]`` of the data (``data.addfilter``)."""

    def __init__(self, data) -> None:
        pass

    def __call__(self, data) -> bool:
        if _in_session(data):
            return False
        data.backwards()
        return True


class SessionFilterSimple(ParamsBase):
    """``SessionFilter`` for ``data.addfilter_simple``: tells whether the bar
    is outside the session (the wrapper removes it)."""

    def __init__(self, data) -> None:
        pass

    def __call__(self, data) -> bool:
        return not _in_session(data)


class SessionFiller(ParamsBase):
    """Inserts the bars missing between two intraday bars (one every
    ``timeframe`` x ``compression`` of the data) before a bar inside the
    session:

    * on the same day, every step between the two bars;
    * across days, the rest of the earlier bar's session (up to the first
      step past its session end) and the new day's session from its start;
      whole days without bars stay empty;
    * before the very first bar, the session from its start, unless
      ``skip_first_fill``.

    A filling bar has open = high = low = close = ``fill_price`` (None: the
    close of the bar before, or of the bar itself before the first one),
    volume ``fill_vol`` and open interest ``fill_oi``."""

    params = (
        ('fill_price', None),
        ('fill_vol', _NAN),
        ('fill_oi', _NAN),
        ('skip_first_fill', True),
    )

    _tdeltas = INTRADAY_STEPS
    MAXDATE = _dt.datetime.max

    def __init__(self, data) -> None:
        delta = self._tdeltas.get(data._timeframe)
        self._step = delta * data._compression if delta is not None else None
        self._lastdt = None

    def __call__(self, data) -> bool:
        step = self._step
        if step is None:
            return False
        dtime = data.datetime.datetime(0)
        last, self._lastdt = self._lastdt, dtime
        if not _in_session(data):
            return False
        start = _dt.datetime.combine(dtime.date(), data.sessionstart)
        fills = []
        if last is None:
            if not self.p.skip_first_fill:
                fills = _steps(start, dtime, step)
        elif last.date() == dtime.date():
            fills = _steps(last + step, dtime, step)
        else:
            end = _dt.datetime.combine(last.date(), data.sessionend)
            fills = _steps(last + step, end + step, step) + _steps(start, dtime, step)
        if not fills:
            return False
        price = self.p.fill_price
        if price is None:
            # the bar before (the bar itself before the first one)
            price = data.close[-1] if len(data) > 1 else data.close[0]
        for when in fills:
            data._add2stack(self._fillbar(data, when, price))
        data._save2stack(erase=True)
        return True

    def _fillbar(self, data, dtime, price) -> list:
        p = self.p
        return [price, price, price, price, p.fill_vol, p.fill_oi, data.date2num(dtime)]


def _steps(first: _dt.datetime, end: _dt.datetime, step: _dt.timedelta) -> list:
    """``first``, ``first + step`` ... before ``end``."""
    out = []
    t = first
    while t < end:
        out.append(t)
        t += step
    return out
