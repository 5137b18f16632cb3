"""Vectorised datetime parsing for feeds, with ``datetime.strptime`` semantics.

All functions return int64 **microseconds since 1970-01-01** (naive, covering
years 1..9999); ``date2num_array(us.view('datetime64[us]'))`` turns them into
date numbers.

``strptime`` formats made only of ``%Y %m %d %H %M %S %y %f %%`` and literal
characters are compiled to a fixed-width layout; rows whose tokens match the
layout exactly (zero-padded digits, right literals, valid ranges) are decoded
with integer arithmetic on the raw bytes. Every other row goes through pandas
(``to_datetime(format=...)``) and, where pandas refuses it, through Python's
``strptime`` itself, which either parses it or produces the error message.
"""
from __future__ import annotations

import datetime as _dt
from typing import Callable, Optional, Sequence

import numpy as np

from ..utils.optional import pandas as _pandas

from ..core.errors import DateParseError

__all__ = ['compile_layout', 'parse_strptime_column', 'parse_strptime_strings',
           'parse_unix_column', 'parse_callable', 'days_from_civil', 'us_from_fields',
           'us_from_datetimes', 'time_us', 'apply_session_end', 'US_PER_DAY']

US_PER_DAY = 86400 * 10**6
_EPOCH = _dt.datetime(1970, 1, 1)
_ONE_US = _dt.timedelta(microseconds=1)
_SLOW_ROWS = 2000             # below this many odd rows, strptime them directly
_BLOCK_ROWS = 16384           # rows decoded per block: temporaries stay small

_WIDTHS = {'Y': 4, 'm': 2, 'd': 2, 'H': 2, 'M': 2, 'S': 2, 'y': 2}
_FIELD_OF = {'Y': 'year', 'y': 'year2', 'm': 'month', 'd': 'day', 'H': 'hour',
             'M': 'minute', 'S': 'second', 'f': 'micro'}


def time_us(tm: _dt.time) -> int:
    """Microseconds since midnight of a ``time``."""
    return ((tm.hour * 60 + tm.minute) * 60 + tm.second) * 10**6 + tm.microsecond


def days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (int64 arrays)."""
    y = year - (month <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = np.where(month > 2, month - 3, month + 9)
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _days_in_month(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    table = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
    dim = table[np.clip(month, 0, 12)]
    return dim + ((month == 2) & leap)


def us_from_fields(year, month, day, hour=0, minute=0, second=0, micro=0) -> np.ndarray:
    days = days_from_civil(year, month, day)
    return ((days * 24 + hour) * 60 + minute) * 60 * 10**6 + second * 10**6 + micro


def us_from_datetimes(values: Sequence[_dt.datetime]) -> np.ndarray:
    """Datetimes (naive, or aware: taken in UTC) -> microseconds since 1970."""
    out = np.empty(len(values), dtype=np.int64)
    for i, v in enumerate(values):
        if v.tzinfo is not None:
            off = v.utcoffset()
            v = v.replace(tzinfo=None) - (off or _dt.timedelta())
        out[i] = (v - _EPOCH) // _ONE_US
    return out


# -- strptime layouts --------------------------------------------------------------------------
def compile_layout(fmt: str) -> Optional[list]:
    """``fmt`` as a list of ('lit', bytes) / ('field', name, width) items, or None
    when it uses directives the byte decoder does not handle. ``%f`` gets width
    0 (resolved from the token length)."""
    items: list = []
    i = 0
    nf = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == '%':
            if i + 1 >= len(fmt):
                return None
            code = fmt[i + 1]
            i += 2
            if code == '%':
                _add_literal(items, b'%')
            elif code in _WIDTHS:
                items.append(('field', _FIELD_OF[code], _WIDTHS[code]))
            elif code == 'f':
                nf += 1
                items.append(('field', 'micro', 0))
            else:
                return None
        else:
            try:
                lit = ch.encode('ascii')
            except UnicodeEncodeError:
                return None
            # a literal (including a space, which strptime widens to any run
            # of whitespace: rows with other spacing take the general path)
            _add_literal(items, lit)
            i += 1
    names = [it[1] for it in items if it[0] == 'field']
    if nf > 1 or len(set(names)) != len(names) or ('year' in names and 'year2' in names):
        return None
    return items


def _add_literal(items: list, lit: bytes) -> None:
    if items and items[-1][0] == 'lit':
        items[-1] = ('lit', items[-1][1] + lit)
    else:
        items.append(('lit', lit))


def _layout_width(items: list) -> int:
    return sum(len(it[1]) if it[0] == 'lit' else it[2] for it in items)


def _lane_words(nwords: int, lanes: dict) -> np.ndarray:
    """uint64 words whose byte ``j`` is ``lanes.get(j, 0)``."""
    raw = bytearray(8 * nwords)
    for j, v in lanes.items():
        raw[j] = v
    return np.frombuffer(bytes(raw), dtype=np.uint64)


class _FixedLayout:
    """A compiled fixed-width layout, decoded eight bytes at a time.

    Digit bytes are '0'..'9' iff their high nibble is 3 and their low nibble
    plus 6 does not carry (checked on whole uint64 words); literal bytes are
    compared exactly. Field values are built from the low nibbles.
    """

    def __init__(self, items: list, fracwidth: int) -> None:
        digits, lits, fields = {}, {}, []
        off = 0
        for it in items:
            if it[0] == 'lit':
                for byte in it[1]:
                    lits[off] = byte
                    off += 1
                continue
            width = fracwidth if it[1] == 'micro' else it[2]
            fields.append((it[1], off, width))
            for j in range(off, off + width):
                digits[j] = True
            off += width
        self.width = off
        self.nwords = max((off + 7) // 8, 1)
        self.gather = 8 * self.nwords
        self.fields = fields
        self.fracwidth = fracwidth
        lanes = lambda f: _lane_words(self.nwords, {j: f(j) for j in range(off)})  # noqa: E731
        self.expect = lanes(lambda j: 0x30 if j in digits else lits.get(j, 0))
        self.check = lanes(lambda j: 0xF0 if j in digits else 0xFF)
        self.low = lanes(lambda j: 0x0F if j in digits else 0)
        self.six = lanes(lambda j: 0x06 if j in digits else 0)
        self.high = lanes(lambda j: 0xF0 if j in digits else 0)

    def decode(self, mat: np.ndarray):
        """``mat``: (n, gather) uint8, C-contiguous. Returns (µs, ok)."""
        n = len(mat)
        words = mat.view(np.uint64)
        ok = np.ones(n, dtype=bool)
        for k in range(self.nwords):
            x = words[:, k]
            ok &= ((x ^ self.expect[k]) & self.check[k]) == 0
            ok &= (((x & self.low[k]) + self.six[k]) & self.high[k]) == 0
        values = {}
        for name, off, width in self.fields:
            v = (mat[:, off] & 15).astype(np.int64)
            for j in range(off + 1, off + width):
                v *= 10
                v += mat[:, j] & 15
            if name == 'micro':
                v *= 10 ** (6 - width)
            values[name] = v
        return _fields_to_us(values, ok), ok


def _valid_dates(year, month, day) -> np.ndarray:
    valid = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
    late = np.flatnonzero(day > 28)        # only these can exceed their month
    if len(late):
        valid[late] &= day[late] <= _days_in_month(year[late], month[late])
    return valid


def _date_days(year, month, day, ok) -> np.ndarray:
    """Days since 1970 of the rows' dates; invalid dates are cleared in ``ok``.
    Consecutive rows usually share their date (intraday data), so the calendar
    arithmetic runs once per run of equal dates."""
    n = len(year)
    key = (year * 100 + month) * 100 + day     # fields come from <= 2-digit blocks
    change = np.empty(n, dtype=bool)
    change[:1] = True
    np.not_equal(key[1:], key[:-1], out=change[1:])
    first = np.flatnonzero(change)
    if len(first) * 4 < n:
        y, m, d = year[first], month[first], day[first]
        run = np.cumsum(change)
        run -= 1
        valid = _valid_dates(y, m, d)
        if not valid.all():
            ok &= valid[run]
        return days_from_civil(y, m, d)[run]
    ok &= _valid_dates(year, month, day)
    return days_from_civil(year, month, day)


def _fields_to_us(fields: dict, ok: np.ndarray) -> np.ndarray:
    """µs since 1970 from decoded fields; rows that are not valid datetimes
    are flagged in ``ok`` (their value is meaningless)."""
    n = len(ok)
    if 'year2' in fields:
        y2 = fields['year2']
        year = np.where(y2 <= 68, 2000 + y2, 1900 + y2)
    else:
        year = fields.get('year')
        if year is None:
            year = np.full(n, 1900, dtype=np.int64)
    month = fields.get('month')
    if month is None:
        month = np.ones(n, dtype=np.int64)
    day = fields.get('day')
    if day is None:
        day = np.ones(n, dtype=np.int64)
    us = _date_days(year, month, day, ok)
    us *= US_PER_DAY
    for name, unit, top in (('hour', 3600 * 10**6, 23), ('minute', 60 * 10**6, 59),
                            ('second', 10**6, 59)):
        v = fields.get(name)
        if v is not None:
            ok &= v <= top
            v *= unit
            us += v
    micro = fields.get('micro')
    if micro is not None:
        us += micro
    return us


def _layout_of(fmt: str, lens: np.ndarray) -> Optional[_FixedLayout]:
    """The byte decoder for ``fmt`` (``%f`` sized by the most common token
    length), or None when the format has other directives."""
    items = compile_layout(fmt)
    if items is None:
        return None
    fracwidth = 0
    if any(it[0] == 'field' and it[1] == 'micro' for it in items):
        fw = lens - _layout_width(items)
        usable = (fw >= 1) & (fw <= 6)
        if not usable.any():
            return None
        fracwidth = int(np.bincount(fw[usable]).argmax())
    return _FixedLayout(items, fracwidth)


# -- public parsers --------------------------------------------------------------------------------
def parse_strptime_column(table, col: int, fmt: str, feedname: str) -> np.ndarray:
    """Column ``col`` of a ``CSVTable`` parsed with ``strptime(token, fmt)``."""
    n = table.n
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    from .csvnumbers import fixed_gather
    items = compile_layout(fmt)
    if items is not None and table._rows is None and \
            not any(it[0] == 'field' and it[1] == 'micro' for it in items):
        # common case: every token has the layout's width. For column 0 the
        # separator that must follow is decoded as one more literal, so no
        # separator scan is needed (digits/literals can never be the separator)
        sep = table._sep
        literal = b''.join(it[1] for it in items if it[0] == 'lit')
        if not (48 <= sep <= 57) and sep not in literal:
            table._ensure()
            if col == 0 and table._sp is None and table._rows is None and table.ncols > 1:
                layout = _FixedLayout(items + [('lit', bytes([sep]))], 0)
                us, ok = _decode_blocks(table._buf, table._rstart, layout)
                if ok.all():
                    return us
            else:
                layout = _FixedLayout(items, 0)
                bounds = table.fixed_bounds(col, layout.width)
                if bounds is not None:
                    us, ok = _decode_blocks(table._buf, bounds[0], layout)
                    return _finish(us, ok, table, col, fmt, feedname)
    if table._byte_layout():
        lens = table.lengths(col)
        layout = _layout_of(fmt, lens)
        if layout is not None:
            us, ok = _decode_blocks(table._buf, table.bounds(col)[0], layout)
            ok &= lens == layout.width
            return _finish(us, ok, table, col, fmt, feedname)
    return parse_strptime_strings(table.strings(col), table.linenos, fmt, table, feedname)


def _decode_blocks(buf: np.ndarray, starts: np.ndarray, layout: _FixedLayout):
    from .csvnumbers import fixed_gather
    n = len(starts)
    us = np.empty(n, dtype=np.int64)
    ok = np.empty(n, dtype=bool)
    for b0 in range(0, n, _BLOCK_ROWS):
        b1 = min(b0 + _BLOCK_ROWS, n)
        mat = np.ascontiguousarray(fixed_gather(buf, starts[b0:b1], layout.gather))
        us[b0:b1], ok[b0:b1] = layout.decode(mat)
    return us, ok


def _finish(us, ok, table, col, fmt, feedname):
    if ok.all():
        return us
    bad = np.flatnonzero(~ok)
    us[bad] = _parse_general(table.strings(col)[bad], table.linenos[bad], fmt, table,
                             feedname)
    return us


def parse_strptime_strings(strings: np.ndarray, linenos: np.ndarray, fmt: str, table,
                           feedname: str) -> np.ndarray:
    """Object array of strings parsed with ``strptime(s, fmt)``."""
    n = len(strings)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    lens = np.fromiter((len(s) for s in strings), dtype=np.int64, count=n)
    layout = _layout_of(fmt, lens)
    if layout is None:
        return _parse_general(strings, linenos, fmt, table, feedname)
    width = layout.gather
    try:
        arr = np.array([s[:width] for s in strings], dtype='S%d' % width)
    except UnicodeEncodeError:
        arr = np.array([s[:width].encode('ascii', 'replace') for s in strings],
                       dtype='S%d' % width)
    mat = np.ascontiguousarray(arr.view(np.uint8).reshape(n, width))
    us, ok = layout.decode(mat)
    ok &= lens == layout.width
    if ok.all():
        return us
    bad = np.flatnonzero(~ok)
    us[bad] = _parse_general(strings[bad], linenos[bad], fmt, table, feedname)
    return us


def _parse_general(strings: np.ndarray, linenos: np.ndarray, fmt: str, table,
                   feedname: str) -> np.ndarray:
    n = len(strings)
    out = np.empty(n, dtype=np.int64)
    todo = np.arange(n)
    pd = _pandas() if n > _SLOW_ROWS else None
    if pd is not None:
        try:
            parsed = pd.to_datetime(pd.Series(strings, dtype=object), format=fmt,
                                    errors='coerce', exact=True)
            if getattr(parsed.dtype, 'tz', None) is not None:
                parsed = parsed.dt.tz_convert('UTC').dt.tz_localize(None)
            vals = parsed.to_numpy(dtype='datetime64[us]')
            nat = np.isnat(vals)
            out[~nat] = vals[~nat].view(np.int64)
            todo = np.flatnonzero(nat)
        except (ValueError, TypeError, OverflowError):
            todo = np.arange(n)
    strptime = _dt.datetime.strptime
    for i in todo:
        s = strings[i]
        try:
            dt = strptime(s, fmt)
        except (ValueError, TypeError) as exc:
            raise DateParseError('%s: %s line %d: cannot parse date %r with format %r (%s)' % (
                feedname, _describe(table), linenos[i], s, fmt, exc)) from None
        out[i] = us_from_datetimes([dt])[0]
    return out


def _describe(table) -> str:
    return table.describe if table is not None else '<data>'


def parse_unix_column(strings: np.ndarray, linenos: np.ndarray, kind: int, table,
                      feedname: str) -> np.ndarray:
    """``utcfromtimestamp(int(s))`` (kind 1) or ``utcfromtimestamp(float(s))`` (2)."""
    n = len(strings)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    conv = int if kind == 1 else float
    try:
        vals = strings.astype(np.int64 if kind == 1 else np.float64)
    except (ValueError, TypeError, OverflowError):
        for i, s in enumerate(strings):
            try:
                conv(s)
            except (ValueError, TypeError) as exc:
                raise DateParseError('%s: %s line %d: cannot parse unix time %r (%s)' % (
                    feedname, _describe(table), linenos[i], s, exc)) from None
        raise
    if kind == 1:
        us = vals * 10**6
        secs_ok = (vals > -62135596800) & (vals < 253402300800)
    else:
        # CPython: modf, fraction * 1e6 rounded half-even, carried into seconds
        frac, whole = np.modf(vals)
        frac = np.rint(frac * 1e6)
        carry = frac >= 1e6
        whole = np.where(carry, whole + 1, whole)
        frac = np.where(carry, frac - 1e6, frac)
        neg = frac < 0
        whole = np.where(neg, whole - 1, whole)
        frac = np.where(neg, frac + 1e6, frac)
        secs_ok = np.isfinite(vals) & (whole > -62135596800) & (whole < 253402300800)
        whole = np.where(secs_ok, whole, 0)
        us = whole.astype(np.int64) * 10**6 + frac.astype(np.int64)
    if not secs_ok.all():
        i = int(np.flatnonzero(~secs_ok)[0])
        raise DateParseError('%s: %s line %d: unix time %r is out of range' % (
            feedname, _describe(table), linenos[i], strings[i]))
    return us


def parse_callable(strings: np.ndarray, linenos: np.ndarray, func: Callable, table,
                   feedname: str) -> np.ndarray:
    """``func(s) -> datetime`` for every string (user code, called per row)."""
    values = []
    for s, ln in zip(strings, linenos):
        try:
            values.append(func(s))
        except Exception as exc:
            raise DateParseError('%s: %s line %d: cannot parse date %r (%s: %s)' % (
                feedname, _describe(table), ln, s, type(exc).__name__, exc)) from None
    return us_from_datetimes(values)


_EPOCH_ORDINAL = _EPOCH.toordinal()


def us_to_datenums(us: np.ndarray) -> np.ndarray:
    """Date numbers of naive µs timestamps, equal to ``date2num`` bit for bit.

    A date number is ``ordinal + fraction`` correctly rounded; within one
    binade of ordinals (e.g. years 1436..2871) the rounded fraction depends
    only on the time of day, so whole-second times take it from a table built
    with ``date2num_array`` for the distinct times present (the final addition
    is exact). Other rows use ``date2num_array`` directly.
    """
    from ..utils.dateintern import date2num_array
    us = np.asarray(us, dtype=np.int64)
    n = len(us)
    if n < 1024:
        return date2num_array(us.view('datetime64[us]'))
    out = np.empty(n)
    sod = np.empty(n, dtype=np.int32)
    present = np.zeros(86400, dtype=bool)
    lo = hi = None
    for b0 in range(0, n, _BLOCK_ROWS):          # blocks: small reused temporaries
        b1 = min(b0 + _BLOCK_ROWS, n)
        u = us[b0:b1]
        days = u // US_PER_DAY
        secs = u - days * US_PER_DAY
        whole = secs // 10**6
        if (whole * 10**6 != secs).any():
            return date2num_array(us.view('datetime64[us]'))
        sod[b0:b1] = whole
        present[whole] = True
        days += _EPOCH_ORDINAL
        out[b0:b1] = days
        dlo, dhi = int(days.min()), int(days.max())
        lo = dlo if lo is None else min(lo, dlo)
        hi = dhi if hi is None else max(hi, dhi)
    if lo < 1 or np.frexp(float(lo))[1] != np.frexp(float(hi))[1]:
        return date2num_array(us.view('datetime64[us]'))
    secs = np.flatnonzero(present)
    table = np.zeros(86400)
    ref = (lo - _EPOCH_ORDINAL) * US_PER_DAY
    table[secs] = date2num_array((ref + secs * 10**6).view('datetime64[us]')) - lo
    for b0 in range(0, n, _BLOCK_ROWS):
        b1 = min(b0 + _BLOCK_ROWS, n)
        out[b0:b1] += table[sod[b0:b1]]
    return out


def apply_session_end(us: np.ndarray, sessionend: _dt.time) -> np.ndarray:
    """Daily-or-larger bars: a timestamp earlier than its day's session end is
    moved to the session end."""
    send = time_us(sessionend)
    day = us - us % US_PER_DAY
    return np.where(us - day < send, day + send, us)


# -- fixed character slices (formats read with int(token[a:b])) ----------------------------------
def slice_ints(table, col: int, spec: Sequence[tuple], owner: str, what: str) -> dict:
    """``{name: int(token[a:a + w])}`` for each ``(name, a, w)`` of ``spec``,
    for every row of column ``col`` of a ``CSVTable``. Rows of plain digits are
    decoded from the bytes; any other row goes through ``int`` itself."""
    n = table.n
    need = max(a + w for _, a, w in spec)
    lens = table.lengths(col)
    matT = np.ascontiguousarray(table.head_bytes(col, need).T)
    ok = lens >= need
    out = {}
    zero8 = np.uint8(48)
    for name, a, w in spec:
        val = np.zeros(n, dtype=np.int64)
        for j in range(a, a + w):
            d = matT[j] - zero8
            ok &= d < 10
            val *= 10
            val += d
        out[name] = val
    for i in np.flatnonzero(~ok):
        tok = table.token(int(i), col)
        for name, a, w in spec:
            try:
                out[name][i] = int(tok[a:a + w])
            except ValueError as exc:
                raise DateParseError('%s: %s line %d: cannot read the %s from %r (%s)' % (
                    owner, _describe(table), table.linenos[i], what, tok, exc)) from None
    return out


def check_date_fields(table, year, month, day, owner: str, col: int = 0) -> None:
    """Raise ``DateParseError`` at the first row whose fields are not a date."""
    ok = (year >= 1) & (year <= 9999) & (month >= 1) & (month <= 12) & (day >= 1)
    ok &= day <= _days_in_month(year, month)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        try:
            _dt.date(int(year[i]), int(month[i]), int(day[i]))
            msg = 'invalid date'
        except ValueError as exc:
            msg = str(exc)
        raise DateParseError('%s: %s line %d: %r is not a valid date (%s)' % (
            owner, _describe(table), table.linenos[i], table.token(i, col), msg))


def check_time_fields(table, hour, minute, second, owner: str, col: int) -> None:
    """Raise ``DateParseError`` at the first row whose fields are not a time."""
    ok = (hour >= 0) & (hour <= 23) & (minute >= 0) & (minute <= 59) \
        & (second >= 0) & (second <= 59)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise DateParseError('%s: %s line %d: %r is not a valid time' % (
            owner, _describe(table), table.linenos[i], table.token(i, col)))
