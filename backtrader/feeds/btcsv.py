"""``BacktraderCSVData``: ``YYYY-MM-DD,[HH:MM:SS,]open,high,low,close,volume,openinterest``."""
from __future__ import annotations

import datetime as _dt

import numpy as np

from ..core.errors import MissingFieldError
from ..utils.dateintern import date2num
from .csvbase import CSVDataBase, CSVFeedBase
from .csvtable import CSVTable
from .dtparse import (us_to_datenums, check_date_fields, check_time_fields, slice_ints, time_us,
                      us_from_fields)

__all__ = ['BacktraderCSVData', 'BacktraderCSV']

_FIELDS = ('open', 'high', 'low', 'close', 'volume', 'openinterest')
_DATE_SLICES = (('year', 0, 4), ('month', 5, 2), ('day', 8, 2))
_TIME_SLICES = (('hour', 0, 2), ('minute', 3, 2), ('second', 6, 2))


class BacktraderCSVData(CSVDataBase):
    """The framework's own CSV layout. A row of exactly 8 tokens carries a time
    column; other rows are stamped with the session end. The date and time are
    read from fixed character positions."""

    def _rowwise_parse(self) -> bool:
        return True

    def _parse_table(self, table: CSVTable) -> dict:
        n = table.n
        hastime = table.ntokens == 8
        if table._rows is None or hastime.all() or not hastime.any():
            return self._parse_rows(table, bool(hastime.all()) if n else False)
        # ragged file: rows with and without a time column, parsed separately
        parts = [(mask, self._parse_rows(table.take(mask), flag))
                 for mask, flag in ((hastime, True), (~hastime, False))]
        out = {name: np.full(n, np.nan) for name in self.lines._names}
        for mask, arrs in parts:
            for name, values in arrs.items():
                out[name][mask] = values
        return out

    def _parse_rows(self, table: CSVTable, hastime: bool) -> dict:
        owner = type(self).__name__
        first = 2 if hastime else 1
        if table.n:
            short = np.flatnonzero(table.ntokens < first + len(_FIELDS))
            if len(short):
                i = int(short[0])
                nt = int(table.ntokens[i])
                raise MissingFieldError(
                    '%s has %d column%s; expected date,[time,]open,high,low,close,volume,'
                    'openinterest' % (table.error_prefix(i), nt, '' if nt == 1 else 's'))
        out = {name: np.full(table.n, np.nan) for name in self.lines._names}
        for k, name in enumerate(_FIELDS):
            out[name] = table.floats(first + k, what=name)
        d = slice_ints(table, 0, _DATE_SLICES, owner, 'date')
        check_date_fields(table, d['year'], d['month'], d['day'], owner, 0)
        if hastime:
            t = slice_ints(table, 1, _TIME_SLICES, owner, 'time')
            check_time_fields(table, t['hour'], t['minute'], t['second'], owner, 1)
            us = us_from_fields(d['year'], d['month'], d['day'], t['hour'], t['minute'],
                                t['second'])
        else:
            us = us_from_fields(d['year'], d['month'], d['day']) + time_us(self.sessionend)
        out['datetime'] = us_to_datenums(us)
        return out

    def _loadline(self, linetokens) -> bool:
        itoken = iter(linetokens)
        dttxt = next(itoken)
        dt = _dt.date(int(dttxt[0:4]), int(dttxt[5:7]), int(dttxt[8:10]))
        if len(linetokens) == 8:
            tmtxt = next(itoken)
            tm = _dt.time(int(tmtxt[0:2]), int(tmtxt[3:5]), int(tmtxt[6:8]))
        else:
            tm = self.sessionend
        self.lines.datetime[0] = date2num(_dt.datetime.combine(dt, tm))
        for name in _FIELDS:
            getattr(self.lines, name)[0] = float(next(itoken))
        return True

    _vector_loadline = _loadline


class BacktraderCSV(CSVFeedBase):
    """Feed object creating ``BacktraderCSVData`` datas (``getdata``)."""
    DataCls = BacktraderCSVData
