"""Vectorised ``tz.localize(naive)`` -> UTC for arrays of timestamps.

Feeds read wall-clock times in an input time zone (``tzinput``) and, for
daily bars, stamp the session end in the output zone (``tz``). Each element
must equal what the scalar path gives: ``date2num(tz.localize(dt))``, i.e.
the wall time minus the zone's UTC offset chosen by that tz object's own
``localize`` (pytz, zoneinfo and plain tzinfo objects disagree on ambiguous
and skipped wall times). Named zones are localized by pandas for the
unambiguous rows; ambiguous/skipped rows and tz objects pandas does not know
are localized by calling the object itself once per distinct value.
"""
from __future__ import annotations

import datetime as _dt

import numpy as np

from ..utils.optional import pandas as _pandas

__all__ = ['localize_us', 'num_to_us']

from ..utils.dateintern import UTC as _UTC

_EPOCH = _dt.datetime(1970, 1, 1)
_ONE_US = _dt.timedelta(microseconds=1)


def _zone_name(tz):
    if tz is None:
        return None
    name = getattr(tz, 'zone', None)
    if isinstance(name, str):
        return name
    try:
        import zoneinfo
        if isinstance(tz, zoneinfo.ZoneInfo) and type(tz).utcoffset is zoneinfo.ZoneInfo.utcoffset:
            return tz.key
    except ImportError:  # pragma: no cover
        pass
    return None


def _offset_us(tz, wall_us: int) -> int:
    dt = _EPOCH + _dt.timedelta(microseconds=int(wall_us))
    localize = getattr(tz, 'localize', None)
    aware = localize(dt) if localize is not None else dt.replace(tzinfo=tz)
    off = aware.utcoffset()
    return 0 if off is None else off // _ONE_US


def localize_us(us: np.ndarray, tz) -> np.ndarray:
    """Naive wall times in ``tz`` (int64 µs since 1970) -> UTC µs."""
    us = np.asarray(us, dtype=np.int64)
    if tz is None or len(us) == 0:
        return us.copy()
    name = _zone_name(tz)
    if name in ('UTC', 'Etc/UTC') or tz is _UTC or tz is _dt.timezone.utc:
        return us.copy()
    out = np.empty_like(us)
    todo = np.arange(len(us))
    pd = _pandas() if name is not None else None
    if pd is not None:
        try:
            idx = pd.DatetimeIndex(us.view('datetime64[us]'))
            loc = idx.tz_localize(name, ambiguous='NaT', nonexistent='NaT')
            utc = loc.tz_convert('UTC').tz_localize(None).to_numpy(dtype='datetime64[us]')
            nat = np.isnat(utc)
            out[~nat] = utc[~nat].view(np.int64)
            todo = np.flatnonzero(nat)
        except Exception:  # unknown name for pandas: do it the slow way
            todo = np.arange(len(us))
    if len(todo):
        vals, inverse = np.unique(us[todo], return_inverse=True)
        offs = np.fromiter((_offset_us(tz, v) for v in vals), dtype=np.int64, count=len(vals))
        out[todo] = us[todo] - offs[inverse]
    return out


def num_to_us(nums: np.ndarray) -> np.ndarray:
    """Date numbers -> µs since 1970, with ``num2date``'s microsecond rules
    (truncation; fewer than 10 µs dropped; more than 999990 rounded up)."""
    nums = np.asarray(nums, dtype=np.float64)
    ordinal = np.floor(nums)
    frac = nums - ordinal
    # num2date: hours/minutes/seconds peeled with modf, microseconds truncated
    h_frac, hours = np.modf(24.0 * frac)
    m_frac, minutes = np.modf(60.0 * h_frac)
    s_frac, seconds = np.modf(60.0 * m_frac)
    micro = np.trunc(1e6 * s_frac).astype(np.int64)
    micro = np.where(micro < 10, 0, micro)
    base = ((ordinal.astype(np.int64) - _EPOCH.toordinal()) * 86400
            + hours.astype(np.int64) * 3600 + minutes.astype(np.int64) * 60
            + seconds.astype(np.int64)) * 10**6
    return np.where(micro > 999990, base + 10**6, base + micro)
