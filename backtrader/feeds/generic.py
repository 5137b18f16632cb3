"""``GenericCSVData``: CSV with configurable column positions and date formats,
parsed in one vectorised pass."""
from __future__ import annotations

import datetime as _dt

import numpy as np

from ..utils.dateintern import date2num
from ..utils.timeframe import TimeFrame
from .csvbase import CSVDataBase, CSVFeedBase
from .csvtable import CSVTable
from .dtparse import (us_to_datenums, US_PER_DAY, parse_callable, parse_strptime_column,
                      parse_strptime_strings, parse_unix_column, time_us)
from .tzconv import localize_us

__all__ = ['GenericCSVData', 'GenericCSV', 'stamp_session_end']


def _absent(col) -> bool:
    return col is None or (isinstance(col, int) and not isinstance(col, bool) and col < 0)


def stamp_session_end(us: np.ndarray, sessionend: _dt.time, tz=None,
                      tzinput=None) -> np.ndarray:
    """Date numbers of daily-or-larger bars parsed at ``us`` (naive µs).

    A bar whose timestamp is earlier than the session end of its day gets the
    session end instead. As in the original, the session end is expressed in
    the output zone ``tz`` and compared with the timestamp localized in
    ``tzinput``; the input-zone conversion itself happens later, at load.
    """
    day = us - us % US_PER_DAY
    eos = day + time_us(sessionend)
    eos_utc = localize_us(eos, tz) if tz is not None else eos
    dt_cmp = localize_us(us, tzinput) if tzinput is not None else us
    eosnum = us_to_datenums(eos_utc)
    dtnum = us_to_datenums(dt_cmp)
    if tzinput is None:
        return np.where(eosnum > dtnum, eosnum, dtnum)
    return np.where(eosnum > dtnum, eosnum, us_to_datenums(us))


class GenericCSVData(CSVDataBase):
    """CSV whose columns are given by index params (``-1``/None: absent).

    ``dtformat`` is a strptime string, ``1``/``2`` for unix seconds (int/float)
    or a callable(str) -> datetime; with ``time >= 0`` (and a string format) the
    date and time columns are joined by 'T' and parsed with
    ``dtformat + 'T' + tmformat``. Extra lines of subclasses take their column
    from the param of the same name. Empty tokens give ``nullvalue``.
    """

    params = dict(
        nullvalue=float('NaN'), dtformat='%Y-%m-%d %H:%M:%S', tmformat='%H:%M:%S',
        # column indexes
        datetime=0, time=-1, open=1, high=2, low=3, close=4, volume=5, openinterest=6,
    )

    def start(self) -> None:
        super().start()
        fmt = self.p.dtformat
        self._dtstr = isinstance(fmt, str)
        self._dtconvert = None if self._dtstr else fmt

    def _rowwise_parse(self) -> bool:
        return True

    def _column_params(self) -> list:
        """(line name, column index) of every line fed from a column."""
        out = []
        for name in self.lines._names:
            if name == 'datetime':
                continue
            col = getattr(self.p, name, None)
            if _absent(col):
                continue
            out.append((name, col))
        return out

    def _has_time(self) -> bool:
        return self._dtstr and not _absent(self.p.time)

    def _parse_table(self, table: CSVTable) -> dict:
        p = self.p
        table.require_column(p.datetime, "param 'datetime'")
        cols = self._column_params()
        for name, col in cols:
            table.require_column(col, 'param %r' % name)
        if self._has_time():
            table.require_column(p.time, "param 'time'")
        # lines without a column hold nullvalue, as in the original
        fed = {name for name, _ in cols}
        out = {name: np.full(table.n, p.nullvalue, dtype=np.float64)
               for name in self.lines._names if name not in fed and name != 'datetime'}
        us = self._parse_datetimes(table)
        # the declared source timeframe (a resampler changes ``_timeframe``)
        if self.p.timeframe >= TimeFrame.Days:
            out['datetime'] = stamp_session_end(us, self.sessionend, self._tz, self._tzinput)
        else:
            out['datetime'] = us_to_datenums(us)
        values = table.floats_many([(col, name) for name, col in cols], p.nullvalue)
        for name, col in cols:
            out[name] = values[col]
        return out

    def _parse_datetimes(self, table: CSVTable) -> np.ndarray:
        """µs since 1970 (naive) of every row."""
        p = self.p
        owner = type(self).__name__
        if self._has_time():
            fmt = p.dtformat + 'T' + p.tmformat
            dates = table.strings(p.datetime)
            times = table.strings(p.time)
            joined = np.array([d + 'T' + t for d, t in zip(dates, times)], dtype=object) \
                if table.n else np.zeros(0, dtype=object)
            return parse_strptime_strings(joined, table.linenos, fmt, table, owner)
        if self._dtstr:
            return parse_strptime_column(table, p.datetime, p.dtformat, owner)
        strings = table.strings(p.datetime)
        if self._dtconvert in (1, 2) and not callable(self._dtconvert):
            return parse_unix_column(strings, table.linenos, self._dtconvert, table, owner)
        return parse_callable(strings, table.linenos, self._dtconvert, table, owner)

    def _loadline(self, linetokens) -> bool:
        """Line-by-line parser, kept for subclasses calling it via ``super()``."""
        p = self.p
        dtfield = linetokens[p.datetime]
        if self._dtstr:
            fmt = p.dtformat
            if not _absent(p.time):
                dtfield += 'T' + linetokens[p.time]
                fmt += 'T' + p.tmformat
            dt = _dt.datetime.strptime(dtfield, fmt)
        elif self._dtconvert in (1, 2) and not callable(self._dtconvert):
            conv = int if self._dtconvert == 1 else float
            dt = _dt.datetime.fromtimestamp(conv(dtfield), _dt.timezone.utc).replace(tzinfo=None)
        else:
            dt = self._dtconvert(dtfield)
        # the declared source timeframe (a resampler changes ``_timeframe``)
        if self.p.timeframe >= TimeFrame.Days:
            dtin = self._tzinput.localize(dt) if self._tzinput is not None else dt
            dtnum = date2num(dtin)
            eosnum = self.date2num(_dt.datetime.combine(dt.date(), self.sessionend))
            if eosnum > dtnum:
                self.lines.datetime[0] = eosnum
            else:
                self.lines.datetime[0] = date2num(dt)
        else:
            self.lines.datetime[0] = date2num(dt)
        for name, col in self._column_params():
            tok = linetokens[col]
            getattr(self.lines, name)[0] = float(tok) if tok else p.nullvalue
        return True

    _vector_loadline = _loadline


class GenericCSV(CSVFeedBase):
    """Feed object creating ``GenericCSVData`` datas (``getdata``)."""
    DataCls = GenericCSVData
