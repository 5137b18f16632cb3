"""Date numbers: the float representation of datetimes used by every line.

A date number is the proleptic Gregorian ordinal of the day (0001-01-01 is 1.0) plus
the fraction of the day. The fraction is made of four individually rounded terms
(hours/24, minutes/1440, seconds/86400, microseconds/86.4e9) and the five terms are
added with ``math.fsum``; results must be bit-for-bit identical to the original
framework's because they are dictionary keys and printed values.

``date2num_array`` computes the same numbers for whole arrays of timestamps without a
Python-level loop (see ``_exact_date_sum`` for why it is exact).
"""
from __future__ import annotations

import datetime as _dt
import math
import time as _time
import types
from typing import Any

import numpy as np

from ..core.errors import BacktraderError

__all__ = [
    'date2num', 'num2date', 'num2dt', 'num2time', 'time2num', 'date2num_array',
    'num2date_array', 'UTC', 'TZLocal', 'Localizer', 'tzparse', 'TIME_MAX', 'TIME_MIN',
    'UnknownTimezoneError',
]

# unit sizes (exact in binary floating point, so the products below are exact too)
HOURS_PER_DAY, MINUTES_PER_HOUR, SECONDS_PER_MINUTE, MUSECONDS_PER_SECOND = 24.0, 60.0, 60.0, 1e6
MINUTES_PER_DAY = HOURS_PER_DAY * MINUTES_PER_HOUR
SECONDS_PER_DAY = MINUTES_PER_DAY * SECONDS_PER_MINUTE
MUSECONDS_PER_DAY = SECONDS_PER_DAY * MUSECONDS_PER_SECOND

TIME_MAX = _dt.time(23, 59, 59, 999990)
"""Default session end: the last time that survives the float round trip as a time
of the same day (``num2date`` gives back 23:59:59.999989)."""
TIME_MIN = _dt.time.min
"""Default session start."""

ZERO = _dt.timedelta(0)
STDOFFSET = _dt.timedelta(seconds=-_time.timezone)
DSTOFFSET = _dt.timedelta(seconds=-_time.altzone) if _time.daylight else STDOFFSET
DSTDIFF = DSTOFFSET - STDOFFSET


class UnknownTimezoneError(BacktraderError, ValueError):
    """A time zone name could not be resolved (unknown name or no tz database)."""


class _UTC(_dt.tzinfo):
    """The UTC time zone, with a pytz-like ``localize``."""

    def utcoffset(self, dt: _dt.datetime | None) -> _dt.timedelta:
        return ZERO

    def dst(self, dt: _dt.datetime | None) -> _dt.timedelta:
        return ZERO

    def tzname(self, dt: _dt.datetime | None) -> str:
        return 'UTC'

    def localize(self, dt: _dt.datetime) -> _dt.datetime:
        """Attach this zone to ``dt`` (its wall-clock fields are kept)."""
        return dt.replace(tzinfo=self)


class _LocalTimezone(_dt.tzinfo):
    """The machine's local time zone as seen by the ``time`` module."""

    def utcoffset(self, dt: _dt.datetime | None) -> _dt.timedelta:
        return DSTOFFSET if self._isdst(dt) else STDOFFSET

    def dst(self, dt: _dt.datetime | None) -> _dt.timedelta:
        return DSTDIFF if self._isdst(dt) else ZERO

    def tzname(self, dt: _dt.datetime | None) -> str:
        return _time.tzname[self._isdst(dt)]

    def _isdst(self, dt: _dt.datetime | None) -> bool:
        if dt is None:  # no instant given: report standard time
            return False
        fields = (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second,
                  dt.weekday(), 0, 0)
        try:
            stamp = _time.mktime(fields)
        except (OverflowError, ValueError):  # outside the platform's time_t range
            return False
        return _time.localtime(stamp).tm_isdst > 0

    def localize(self, dt: _dt.datetime) -> _dt.datetime:
        """Attach this zone to ``dt`` (its wall-clock fields are kept)."""
        return dt.replace(tzinfo=self)


UTC = _UTC()
TZLocal = _LocalTimezone()


class _LocalizedTZInfo(_dt.tzinfo):
    """Delegating wrapper giving ``localize`` to a tzinfo that cannot take attributes
    (``datetime.timezone``, ``zoneinfo.ZoneInfo``)."""

    def __init__(self, tz: _dt.tzinfo) -> None:
        self.tz = tz

    def utcoffset(self, dt: _dt.datetime | None) -> _dt.timedelta | None:
        return self.tz.utcoffset(dt)

    def dst(self, dt: _dt.datetime | None) -> _dt.timedelta | None:
        return self.tz.dst(dt)

    def tzname(self, dt: _dt.datetime | None) -> str | None:
        return self.tz.tzname(dt)

    def fromutc(self, dt: _dt.datetime) -> _dt.datetime:
        return self.tz.fromutc(dt.replace(tzinfo=self.tz)).replace(tzinfo=self)

    def localize(self, dt: _dt.datetime) -> _dt.datetime:
        """Attach this zone to ``dt`` (its wall-clock fields are kept)."""
        return dt.replace(tzinfo=self)

    def __repr__(self) -> str:
        return f'Localizer({self.tz!r})'


def Localizer(tz: Any) -> Any:
    """Give ``tz`` a ``localize(dt)`` method (attach tz to a naive datetime).

    ``None`` and objects that already have ``localize`` (pytz zones, ``UTC``) are
    returned unchanged; other objects get the method attached. A tzinfo that
    refuses new attributes is returned wrapped in an equivalent tzinfo.
    """
    if tz is None or hasattr(tz, 'localize'):
        return tz

    def localize(self: Any, dt: _dt.datetime) -> _dt.datetime:
        return dt.replace(tzinfo=self)

    try:
        tz.localize = types.MethodType(localize, tz)
    except (AttributeError, TypeError):
        if isinstance(tz, _dt.tzinfo):
            return _LocalizedTZInfo(tz)
        raise TypeError(
            f'a time zone must be a tzinfo or a zone name, not {type(tz).__name__}'
        ) from None
    return tz


try:  # pytz is optional: with it, zone names resolve exactly as in the original
    import pytz as _pytz
except ImportError:  # pragma: no cover - depends on the environment
    _pytz = None

try:
    import zoneinfo as _zoneinfo
except ImportError:  # pragma: no cover - Python < 3.9
    _zoneinfo = None

if _zoneinfo is not None:
    class _ZoneInfoTZ(_zoneinfo.ZoneInfo):
        """A ``zoneinfo`` zone with pytz's ``localize``/``normalize``/``zone`` API,
        used for zone names when pytz is not installed."""

        @property
        def zone(self) -> str:
            """The zone's name (pytz spelling of ``key``)."""
            return self.key

        def localize(self, dt: _dt.datetime, is_dst: bool | None = False) -> _dt.datetime:
            """Attach the zone to naive ``dt``; ambiguous and skipped wall times pick
            the standard-time offset unless ``is_dst`` (as pytz does)."""
            if dt.tzinfo is not None:
                raise ValueError('Not naive datetime (tzinfo is already set)')
            first = dt.replace(tzinfo=self, fold=0)
            second = dt.replace(tzinfo=self, fold=1)
            if first.utcoffset() == second.utcoffset():
                return first
            if is_dst is None:
                raise ValueError(f'ambiguous or non-existent local time {dt}')
            return first if bool(first.dst()) == bool(is_dst) else second

        def normalize(self, dt: _dt.datetime) -> _dt.datetime:
            """Re-express an aware datetime in this zone."""
            return dt.astimezone(self)


def _zone_by_name(name: str) -> Any:
    """Resolve a tz database name with pytz if installed, else with zoneinfo."""
    if _pytz is not None:
        try:
            return _pytz.timezone(name)
        except _pytz.UnknownTimeZoneError:
            raise UnknownTimezoneError(f'unknown time zone name {name!r}') from None
    if _zoneinfo is not None:
        try:
            return _ZoneInfoTZ(name)
        except (_zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise UnknownTimezoneError(
                f'unknown time zone name {name!r} (no pytz; zoneinfo: {exc})') from None
    raise UnknownTimezoneError(f'cannot resolve time zone name {name!r}: '
                               'install pytz')


def tzparse(tz: Any) -> Any:
    """Turn a feed's ``tz`` parameter into a time zone with ``localize``.

    A string is a tz database name (``'CST'`` is taken as ``'CST6CDT'``) resolved
    with pytz when installed, otherwise with ``zoneinfo``; an unknown name raises
    ``UnknownTimezoneError``. Anything else goes through ``Localizer``.
    """
    if not isinstance(tz, str):
        return Localizer(tz)
    return _zone_by_name('CST6CDT' if tz == 'CST' else tz)


# module-level aliases: date2num/num2date run once per bar in feeds
_datetime = _dt.datetime
_date = _dt.date
_fromordinal = _dt.date.fromordinal
_fsum = math.fsum
_modf = math.modf


def _localize(tz: Any, dt: _dt.datetime) -> _dt.datetime:
    localize = getattr(tz, 'localize', None)
    if localize is not None:
        return localize(dt)
    return dt.replace(tzinfo=tz)


def date2num(dt: _dt.datetime | _dt.date, tz: Any = None) -> float:
    """Date number of a datetime (or date: midnight).

    With ``tz`` the wall time is first localized in ``tz``; aware datetimes are
    converted to UTC before the conversion.
    """
    if not isinstance(dt, _datetime):
        if isinstance(dt, _date):
            if tz is None:
                return float(dt.toordinal())
            dt = _datetime(dt.year, dt.month, dt.day)
        else:
            raise TypeError(
                f'date2num expects a datetime or date, got {type(dt).__name__}')
    if tz is not None:
        dt = _localize(tz, dt)
    if dt.tzinfo is not None:
        offset = dt.utcoffset()
        if offset:
            dt = dt - offset
    return _fsum((dt.toordinal(), dt.hour / HOURS_PER_DAY,
                  dt.minute / MINUTES_PER_DAY, dt.second / SECONDS_PER_DAY,
                  dt.microsecond / MUSECONDS_PER_DAY))


_N2D_CACHE: dict = {}


def num2date(x: float, tz: Any = None, naive: bool = True) -> _dt.datetime:
    """Datetime of a date number (cached for the naive, tz-less case: the same
    bar is converted many times by broker, orders and trades)."""
    if tz is None:
        try:
            return _N2D_CACHE[x]
        except KeyError:
            pass
        except TypeError:
            return _num2date(x, tz, naive)
        if len(_N2D_CACHE) > 4096:
            _N2D_CACHE.clear()
        res = _N2D_CACHE[x] = _num2date(x, None, naive)
        return res
    return _num2date(x, tz, naive)


def _num2date(x: float, tz: Any = None, naive: bool = True) -> _dt.datetime:
    """Datetime of a date number.

    Microseconds come from the remaining fraction, truncated; fewer than 10 become 0
    and more than 999990 round up to the next second (float noise compensation).
    With ``tz`` the number is read as UTC and converted to ``tz``; ``naive`` drops
    the tzinfo of the result. Without ``tz`` the result is always naive.
    """
    ordinal = int(x)
    day = _fromordinal(ordinal)
    # modf splits exactly for non-negative values: the same digits as a divmod by 1
    fraction, hours = _modf(HOURS_PER_DAY * (float(x) - ordinal))
    fraction, minutes = _modf(MINUTES_PER_HOUR * fraction)
    fraction, seconds = _modf(SECONDS_PER_MINUTE * fraction)
    micro = int(MUSECONDS_PER_SECOND * fraction)
    if micro < 10:
        micro = 0
    result = _datetime(day.year, day.month, day.day,
                       int(hours), int(minutes), int(seconds), micro)
    if micro > 999990:
        result += _dt.timedelta(microseconds=1000000 - micro)
    if tz is not None:
        result = result.replace(tzinfo=UTC).astimezone(tz)
        if naive:
            result = result.replace(tzinfo=None)
    return result


def num2dt(num: float, tz: Any = None, naive: bool = True) -> _dt.date:
    """Date part of ``num2date``."""
    return num2date(num, tz=tz, naive=naive).date()


def num2time(num: float, tz: Any = None, naive: bool = True) -> _dt.time:
    """Time part of ``num2date``."""
    return num2date(num, tz=tz, naive=naive).time()


def time2num(tm: _dt.time | _dt.datetime) -> float:
    """Fraction of the day of a time (plain left-to-right float sum)."""
    return (tm.hour / HOURS_PER_DAY + tm.minute / MINUTES_PER_DAY
            + tm.second / SECONDS_PER_DAY + tm.microsecond / MUSECONDS_PER_DAY)


# ---------------------------------------------------------------------------
# Vectorised date2num
# ---------------------------------------------------------------------------
_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_MAX_ORDINAL = _dt.date.max.toordinal()
_US_PER_SECOND = 1_000_000
_US_PER_MINUTE = 60 * _US_PER_SECOND
_US_PER_HOUR = 60 * _US_PER_MINUTE
_US_PER_DAY = 24 * _US_PER_HOUR
_NAT = np.iinfo(np.int64).min
_FRACTION_ULP_EXP = 89  # every fraction term is a multiple of 2**-89 (see below)
_CHUNK = 16384  # rows per block: keeps the temporaries in cache


def _exact_date_sum(ordinals: np.ndarray, fractions: list[np.ndarray]) -> np.ndarray:
    """Correctly rounded ``ordinal + sum(fractions)`` per row, i.e. ``math.fsum``.

    ``math.fsum`` returns the exact sum rounded once to nearest-even, so any exact
    method gives the same bits. Facts used (date number terms only):
    * ``ordinals`` are integers in [1, 2**22), so a row's result lies in the binade
      of its ordinal and is a multiple of ``2**-grid`` with ``grid = 53 - e`` where
      ``ordinal`` is in ``[2**(e-1), 2**e)`` (grid >= 31). The fractions sum to less
      than 1, so the result is ``ordinal + Q * 2**-grid`` with ``0 <= Q <= 2**grid``.
    * Each fraction term is >= 0 and a multiple of 2**-89 (the smallest non-zero
      one, 1 us / 86.4e9, has exponent -37, hence its ulp is 2**-89).
    Scaling a term by ``2**grid`` and splitting it into integer and fractional parts
    is exact; the fractional parts scaled by ``2**(89 - grid)`` are integers below
    2**58, so the exact sum of the terms is held in two int64 accumulators: ``whole``
    (units of 2**-grid) and ``below`` (units of 2**-89). ``Q`` is ``whole`` plus the
    carry of ``below``, rounded half-to-even on the rest (the result's last mantissa
    bit is Q's, since ``ordinal * 2**grid`` is even). Every float step is exact.
    """
    _, exponent = np.frexp(ordinals)
    # (int64: frexp's exponents are int32, and NumPy 1.x would shift ``one``
    # below as int32, value-based, overflowing it)
    grid = 53 - exponent.astype(np.int64)   # result spacing is 2**-grid
    low_bits = _FRACTION_ULP_EXP - grid  # bits of a term below the result spacing
    whole = np.zeros(ordinals.shape, dtype=np.int64)
    below = np.zeros(ordinals.shape, dtype=np.int64)
    for term in fractions:
        scaled = np.ldexp(term, grid)
        integral = np.floor(scaled)
        whole += integral.astype(np.int64)
        below += np.ldexp(scaled - integral, low_bits).astype(np.int64)
    one = np.left_shift(np.int64(1), low_bits)
    half = one >> 1
    whole += below >> low_bits
    rest = below & (one - 1)
    whole += (rest > half) | ((rest == half) & ((whole & 1) == 1))
    return ordinals + np.ldexp(whole.astype(np.float64), -grid)


def _date2num_micros(micros: np.ndarray) -> np.ndarray:
    """``date2num`` of int64 microseconds since the epoch (valid dates only)."""
    days, in_day = np.divmod(micros, _US_PER_DAY)
    hours, in_day = np.divmod(in_day, _US_PER_HOUR)
    minutes, in_day = np.divmod(in_day, _US_PER_MINUTE)
    seconds, micro = np.divmod(in_day, _US_PER_SECOND)
    ordinals = (days + _EPOCH_ORDINAL).astype(np.float64)
    # each term rounded once, exactly as date2num's scalar divisions
    return _exact_date_sum(ordinals, [hours / HOURS_PER_DAY, minutes / MINUTES_PER_DAY,
                                      seconds / SECONDS_PER_DAY,
                                      micro / MUSECONDS_PER_DAY])


def date2num_array(timestamps: Any) -> np.ndarray:
    """Vectorised ``date2num`` of naive timestamps.

    ``timestamps``: int64 nanoseconds since 1970-01-01 (as ``DatetimeIndex.asi8``)
    or a ``datetime64`` array of any unit. Sub-microsecond digits are dropped
    (floor, like a cast to ``datetime64[us]``). NaT gives NaN. Each element equals
    ``date2num`` of the corresponding ``datetime`` bit for bit.
    """
    values = np.asarray(timestamps)
    if values.dtype.kind == 'M':
        nat = np.isnat(values)
        micros = values.astype('datetime64[us]').view(np.int64)
    elif values.dtype.kind in 'iu':
        values = values.astype(np.int64, copy=False)
        nat = values == _NAT
        micros = np.floor_divide(values, 1000)
    else:
        raise TypeError('date2num_array expects int64 nanoseconds or datetime64 '
                        f'values, got dtype {values.dtype}')
    micros = np.ravel(micros)
    nat = np.ravel(nat)
    has_nat = bool(nat.any())
    if has_nat:
        micros = np.where(nat, 0, micros)
    if micros.size:
        first = _EPOCH_ORDINAL + micros.min() // _US_PER_DAY
        last = _EPOCH_ORDINAL + micros.max() // _US_PER_DAY
        if first < 1 or last > _MAX_ORDINAL:
            raise ValueError('date2num_array: timestamps outside years 1..9999')

    result = np.empty(micros.shape, dtype=np.float64)
    for start in range(0, micros.size, _CHUNK):
        block = slice(start, start + _CHUNK)
        result[block] = _date2num_micros(micros[block])
    if has_nat:
        result[nat] = np.nan
    return result.reshape(values.shape)


def num2date_array(nums: Any, tz: Any = None) -> np.ndarray:
    """Vectorised ``num2date``: ``datetime64[us]`` of date numbers, read as
    ``num2date`` reads them (fraction of a microsecond truncated, fewer than
    10 microseconds dropped, more than 999990 rounded up to the next second).
    With ``tz`` the numbers are UTC and the results local times of ``tz``."""
    nums = np.asarray(nums, dtype=float)
    if not nums.size:
        return np.array([], dtype='datetime64[us]')
    # the same float steps as _num2date, element-wise
    ordinal = np.floor(nums)
    fraction, hours = np.modf(HOURS_PER_DAY * (nums - ordinal))
    fraction, minutes = np.modf(MINUTES_PER_HOUR * fraction)
    fraction, seconds = np.modf(SECONDS_PER_MINUTE * fraction)
    micro = (MUSECONDS_PER_SECOND * fraction).astype(np.int64)
    micro = np.where(micro < 10, 0, micro)
    micro = np.where(micro > 999990, 1000000, micro)
    whole = ((ordinal.astype(np.int64) - _EPOCH_ORDINAL) * 86400 + hours.astype(np.int64) * 3600
             + minutes.astype(np.int64) * 60 + seconds.astype(np.int64))
    out = (whole * 1000000 + micro).astype('datetime64[us]')
    if tz is None:
        return out
    try:
        import pandas as pd
        local = pd.DatetimeIndex(out).tz_localize('UTC').tz_convert(tz).tz_localize(None)
        return local.to_numpy().astype('datetime64[us]')
    except Exception:           # a zone object pandas does not know: one by one
        return np.array([num2date(float(n), tz) for n in nums.ravel()],
                        dtype='datetime64[us]').reshape(nums.shape)
