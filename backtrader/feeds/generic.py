"""``GenericCSVData``: CSV with configurable column positions and date formats,
parsed in one vectorised pass."""
from __future__ import annotations

import datetime as _dt
from typing import Optional

import numpy as np

from ..core.errors import DateParseError, DataFormatError
from ..utils.dateintern import date2num, date2num_array
from ..utils.timeframe import TimeFrame
from .csvbase import CSVDataBase, CSVFeedBase, read_table, column_floats

__all__ = ['GenericCSVData', 'GenericCSV', 'parse_datetimes', 'apply_session_end']

_EPOCH = _dt.datetime(1970, 1, 1)


def _ns_from_datetimes(values) -> np.ndarray:
    return np.array([(v - _EPOCH) // _dt.timedelta(microseconds=1) * 1000 for v in values],
                    dtype=np.int64)


def parse_datetimes(feed, strings: np.ndarray, linenos: np.ndarray, fmt) -> np.ndarray:
    """Strings -> int64 nanoseconds since 1970 (naive), vectorised.

    ``fmt`` is a strptime format, ``1`` (unix seconds), ``2`` (unix float
    seconds) or a callable(str) -> datetime (called per row: user code).
    Unparsable values raise ``DateParseError`` naming file and line.
    """
    import pandas as pd
    if len(strings) == 0:
        return np.zeros(0, dtype=np.int64)
    if callable(fmt):
        out = []
        for s, ln in zip(strings, linenos):
            try:
                out.append(fmt(s))
            except Exception as exc:
                raise DateParseError('%s: %s line %d: cannot parse date %r (%s)' % (
                    type(feed).__name__, feed._describe(), ln, s, exc)) from None
        return _ns_from_datetimes(out)
    if fmt in (1, 2):
        try:
            secs = np.asarray(strings, dtype=np.float64 if fmt == 2 else np.int64)
        except (ValueError, TypeError):
            bad = _first_bad(strings, lambda x: float(x) if fmt == 2 else int(x))
            raise DateParseError('%s: %s line %d: cannot parse unix time %r' % (
                type(feed).__name__, feed._describe(), linenos[bad], strings[bad])) from None
        if fmt == 1:
            return secs.astype(np.int64) * 10**9
        # float seconds: go through datetime.utcfromtimestamp semantics (µs rounding)
        us = np.round(secs * 1e6).astype(np.int64)
        return us * 1000
    s = pd.Series(strings, dtype=object)
    parsed = pd.to_datetime(s, format=fmt, errors='coerce')
    bad = parsed.isna().to_numpy()
    if bad.any():
        i = int(np.nonzero(bad)[0][0])
        raise DateParseError('%s: %s line %d: cannot parse date %r with format %r' % (
            type(feed).__name__, feed._describe(), linenos[i], strings[i], fmt))
    return parsed.to_numpy(dtype='datetime64[ns]').view(np.int64)


def _first_bad(values, conv) -> int:
    for i, v in enumerate(values):
        try:
            conv(v)
        except (ValueError, TypeError):
            return i
    return 0


_NS_PER_DAY = 86400 * 10**9


def apply_session_end(ns: np.ndarray, sessionend: _dt.time) -> np.ndarray:
    """Daily-or-larger bars: a timestamp earlier than its day's session end is
    moved to the session end."""
    send = ((sessionend.hour * 60 + sessionend.minute) * 60 + sessionend.second) * 10**9 \
        + sessionend.microsecond * 1000
    day = ns - ns % _NS_PER_DAY
    tod = ns - day
    return np.where(tod < send, day + send, ns)


class GenericCSVData(CSVDataBase):
    """CSV whose columns are given by index params (``-1``/None: absent).

    ``dtformat`` is a strptime string, ``1``/``2`` for unix seconds (int/float)
    or a callable; with ``time >= 0`` date and time columns are joined by 'T'
    and parsed with ``dtformat + 'T' + tmformat``. Extra lines of subclasses
    take their column from the param of the same name.
    """

    params = (
        ('nullvalue', float('NaN')),
        ('dtformat', '%Y-%m-%d %H:%M:%S'),
        ('tmformat', '%H:%M:%S'),
        ('datetime', 0),
        ('time', -1),
        ('open', 1),
        ('high', 2),
        ('low', 3),
        ('close', 4),
        ('volume', 5),
        ('openinterest', 6),
    )

    def start(self) -> None:
        super().start()
        self._dtstr = self._dtconvert = None
        fmt = self.p.dtformat
        if isinstance(fmt, str):
            self._dtstr = True
        elif isinstance(fmt, int):
            self._dtconvert = fmt
        elif callable(fmt):
            self._dtconvert = fmt

    def _column_params(self) -> list:
        """(line name, column index) for every line fed from a column."""
        out = []
        for name in self.lines._names:
            if name == 'datetime':
                continue
            col = getattr(self.p, name, None)
            if col is None or (isinstance(col, int) and col < 0):
                continue
            out.append((name, col))
        return out

    def _parse_file(self) -> dict:
        p = self.p
        cols = self._column_params()
        needed = [c for _, c in cols] + [p.datetime] + ([p.time] if p.time is not None and p.time >= 0 else [])
        table, linenos = read_table(self, max(needed) + 1 if needed else 0)
        n = len(linenos)
        out = {}
        for name in self.lines._names:
            out[name] = np.full(n, p.nullvalue, dtype=np.float64)
        for name, c in cols:
            out[name] = column_floats(self, table[c], linenos, c, p.nullvalue, what=name)
        dtstrings = table[p.datetime] if n else np.zeros(0, dtype=object)
        fmt = p.dtformat
        if p.time is not None and p.time >= 0 and n:
            dtstrings = np.array([d + 'T' + t for d, t in zip(dtstrings, table[p.time])],
                                 dtype=object)
            if isinstance(fmt, str):
                fmt = fmt + 'T' + p.tmformat
        ns = parse_datetimes(self, dtstrings, linenos, fmt)
        if self._timeframe >= TimeFrame.Days:
            ns = apply_session_end(ns, self.sessionend)
        out['datetime'] = date2num_array(ns)
        return out

    def _loadline(self, linetokens) -> bool:
        """Line-by-line parser kept for subclasses calling it via super()."""
        p = self.p
        dtfield = linetokens[p.datetime]
        if p.time is not None and p.time >= 0:
            dtfield += 'T' + linetokens[p.time]
        if isinstance(p.dtformat, str):
            fmt = p.dtformat + ('T' + p.tmformat if p.time is not None and p.time >= 0 else '')
            dt = _dt.datetime.strptime(dtfield, fmt)
        elif p.dtformat == 1:
            dt = _dt.datetime.utcfromtimestamp(int(dtfield))
        elif p.dtformat == 2:
            dt = _dt.datetime.utcfromtimestamp(float(dtfield))
        else:
            dt = p.dtformat(dtfield)
        if self._timeframe >= TimeFrame.Days:
            eos = _dt.datetime.combine(dt.date(), self.sessionend)
            if dt < eos:
                dt = eos
        self.lines.datetime[0] = date2num(dt)
        for name, col in self._column_params():
            tok = linetokens[col]
            getattr(self.lines, name)[0] = float(tok) if tok else p.nullvalue
        return True

    _vector_loadline = _loadline


class GenericCSV(CSVFeedBase):
    DataCls = GenericCSVData
