"""Whole-array resampling for preloaded datas.

``resample_arrays`` turns the arrays of a source feed into the arrays of the
resampled bars in one pass of numpy operations. It reproduces, bar for bar
and bit for bit, what ``Resampler`` delivers input by input, and refuses
(returns None, the caller then loads bar by bar) whenever that cannot be
shown to hold:

* a sub-day target with ``boundoff`` or inputs not strictly increasing in
  time (late inputs are restamped against bars delivered before them);
* NaN prices (``max``/``min`` keep the first number, the open waits for one);
* a data time zone or a trading calendar (session ends in local time).

With the inputs in order, the bar in progress always holds the last input
(``dt[i]``), so whether input ``i + 1`` finishes it depends on ``i`` and
``i + 1`` only: every rule of ``_BaseResampler`` becomes an element-wise
test, and counting finished periods a cumulative sum.
"""
from __future__ import annotations

import datetime as _dt
from typing import Optional

import numpy as np

from ...utils.dateintern import date2num_array
from ...utils.timeframe import TimeFrame
from ..tzconv import num_to_us

__all__ = ['resample_arrays']

_US_DAY = 86400 * 10**6
_UNIT_US = {TimeFrame.Minutes: 60 * 10**6, TimeFrame.Seconds: 10**6,
            TimeFrame.MicroSeconds: 1}


def _nums(us: np.ndarray) -> np.ndarray:
    """Date numbers of µs since 1970 (exact ``date2num``)."""
    return date2num_array(us.view('datetime64[us]'))


def _time_us(t: _dt.time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 10**6 + t.microsecond


def resample_arrays(flt, arrays: dict) -> Optional[dict]:
    """The arrays ``flt`` (a ``Resampler`` on ``flt.data``) makes of
    ``arrays`` (line name -> float64 array, datetime as date numbers), or
    None when the bar-by-bar path must be used. Advances ``flt.compcount``
    and leaves its bar closed, as delivering every bar would."""
    data = flt.data
    if flt.passthrough:
        return arrays
    if data._tz is not None or data._calendar is not None or flt.bar.isopen():
        return None
    dt = np.asarray(arrays['datetime'], dtype=np.float64)
    n = len(dt)
    if n == 0:
        return arrays
    names = ('open', 'high', 'low', 'close', 'volume', 'openinterest')
    cols = {k: np.asarray(arrays.get(k, np.full(n, np.nan)), dtype=np.float64)
            for k in names}
    if np.isnan(cols['open']).any() or np.isnan(cols['high']).any() \
            or np.isnan(cols['low']).any() or np.isnan(dt).any():
        return None
    p = flt.p
    comp = p.compression
    tf = p.timeframe
    subday = flt.subday
    if subday and (p.boundoff or not (np.diff(dt) > 0).all()):
        return None

    us = num_to_us(dt)
    day_us = np.floor_divide(us, _US_DAY) * _US_DAY
    sameday_eos_us = day_us + _time_us(data.sessionend)
    eos_us = np.where(us > sameday_eos_us, sameday_eos_us + _US_DAY, sameday_eos_us)
    eos = _nums(eos_us)

    nxt = slice(1, None)
    cur = slice(None, -1)
    # -- when does a bar end? -------------------------------------------------------
    if flt.componly:
        count = flt.compcount + np.arange(1, n + 1)
        ends_edge = count % comp == 0
        events = n
        over = np.zeros(n - 1, dtype=bool)
        at_eos = over
    else:
        if subday:
            unit = _UNIT_US[tf]
            within = us - day_us
            point, rest = np.divmod(within, unit)
            onedge = ((rest == 0) & (point % comp == 0)) | (dt == eos)
        elif tf == TimeFrame.Days:
            onedge = dt == eos
        else:
            onedge = np.zeros(n, dtype=bool)
        # an input ending no bar by itself is checked against the bar in
        # progress: the previous input, unless that one ended its bar
        checked = ~onedge[nxt] & ~onedge[cur]
        at_eos = np.zeros(n - 1, dtype=bool)
        if subday:
            at_eos = dt[nxt] > eos[cur]
            if p.bar2edge:
                period_over = at_eos | (point[nxt] // comp > point[cur] // comp)
            else:
                period_over = at_eos | (point[nxt] > point[cur])
        elif tf == TimeFrame.Days:
            period_over = dt[nxt] > eos[cur]
        elif TimeFrame.Weeks <= tf <= TimeFrame.Years:
            keys = _period_keys(us, tf)
            period_over = keys[nxt] > keys[cur]
        else:
            period_over = np.full(n - 1, tf == TimeFrame.Ticks)
        event = checked & period_over
        if flt.counting:
            count = flt.compcount + np.cumsum(event)
            over = event & (count % comp == 0)
            events = int(event.sum())
        else:
            over = event
            events = 0
        ends_edge = onedge
    # bar i ends at input i by itself, or when input i + 1 finishes it
    by_next = np.zeros(n, dtype=bool)
    by_next[:-1] = over
    ends = ends_edge | by_next
    flush = not ends[-1]
    ends[-1] = True
    last = np.flatnonzero(ends)
    first = np.concatenate(([0], last[:-1] + 1))

    # -- stamps -----------------------------------------------------------------------
    stamp = dt[last].copy()
    if flt.adjust:
        is_over = by_next[last]
        if subday:
            # finished by a later input: the bucket edge, or the session end
            # when that input is past it (only ever moved forward); finished
            # by an input on a boundary: as is; the last bar: its edge
            eos_close = np.zeros(len(last), dtype=bool)
            eos_close[:-1] = is_over[:-1] & at_eos[last[:-1]]
            new = np.where(eos_close, eos[last],
                           _edges(day_us[last], point[last], rest[last], comp, p.rightedge, tf))
            stamp = np.where(is_over & (new > stamp), new, stamp)
            if flush:
                stamp[-1] = new[-1]
        else:
            # ticks and days: the session end (forward only when finished by
            # a later input)
            new = eos[last]
            stamp = np.where(~is_over | (new > stamp), new, stamp)
            if flush:
                # the bar left at the end: its last input's own day's end
                # (Period.eos with roll=False)
                stamp[-1] = _nums(sameday_eos_us[last[-1:]])[0]

    # -- values -----------------------------------------------------------------------
    out = {name: np.full(len(last), np.nan) for name in arrays}
    out['datetime'] = stamp
    out['open'] = cols['open'][first]
    out['high'] = np.maximum.reduceat(cols['high'], first)
    out['low'] = np.minimum.reduceat(cols['low'], first)
    out['close'] = cols['close'][last]
    out['openinterest'] = cols['openinterest'][last]
    out['volume'] = _segment_sums(cols['volume'], first, last)
    flt.compcount += events
    bar = flt.bar
    bar.reset()
    bar.datetime = float(stamp[-1])
    return out


def _period_keys(us: np.ndarray, tf: int) -> np.ndarray:
    days = us.view('datetime64[us]').astype('datetime64[D]')
    if tf == TimeFrame.Months:
        return days.astype('datetime64[M]').astype(np.int64)
    if tf == TimeFrame.Years:
        return days.astype('datetime64[Y]').astype(np.int64)
    # ISO weeks: the Monday starting the week orders them
    dnum = days.astype(np.int64)            # days since 1970-01-01 (a Thursday)
    return dnum - (dnum + 3) % 7


def _edges(day_us, point, rest, comp, rightedge, tf) -> np.ndarray:
    base, over = np.divmod(point, comp)
    if rightedge:
        base = base + ((over != 0) | (rest != 0))
    return _nums(day_us + base * comp * _UNIT_US[tf])


def _segment_sums(vol: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Per bar ``0.0 + v[first] + ... + v[last]`` added left to right, as the
    bar accumulates them. Whole numbers below 2**53 add exactly in any order."""
    if not len(vol):
        return np.zeros(0)
    if np.all(vol == np.trunc(vol)) and float(np.abs(vol).sum()) < 2.0 ** 53:
        return np.add.reduceat(vol, first) + 0.0
    out = np.empty(len(first))
    values = vol.tolist()
    for j, (a, b) in enumerate(zip(first.tolist(), last.tolist())):
        s = 0.0
        for v in values[a:b + 1]:
            s += v
        out[j] = s
    return out
