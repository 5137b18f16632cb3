"""``BacktraderCSVData``: ``YYYY-MM-DD,[HH:MM:SS,]open,high,low,close,volume,openinterest``."""
from __future__ import annotations

import datetime as _dt

import numpy as np

from ..utils.dateintern import date2num, date2num_array
from .csvbase import CSVDataBase, CSVFeedBase, read_table, column_floats
from .generic import parse_datetimes

__all__ = ['BacktraderCSVData', 'BacktraderCSV']

_FIELDS = ('open', 'high', 'low', 'close', 'volume', 'openinterest')


class BacktraderCSVData(CSVDataBase):
    """The project's own CSV layout; rows with 8 fields carry a time column,
    otherwise bars are stamped with the session end."""

    def _parse_file(self) -> dict:
        table, linenos = read_table(self)
        n = len(linenos)
        out = {name: np.full(n, np.nan) for name in self.lines._names}
        if not n:
            out['datetime'] = np.zeros(0)
            return out
        ncols = len(table)
        hastime = ncols == 8
        first = 2 if hastime else 1
        if ncols < first + len(_FIELDS):
            from ..core.errors import DataFormatError
            raise DataFormatError(
                '%s: %s has %d columns; expected date,[time,]open,high,low,close,volume,'
                'openinterest' % (type(self).__name__, self._describe(), ncols))
        for k, name in enumerate(_FIELDS):
            out[name] = column_floats(self, table[first + k], linenos, first + k, what=name)
        dates = np.array([s[0:10] for s in table[0]], dtype=object)
        if hastime:
            strings = np.array([d + 'T' + t[0:8] for d, t in zip(dates, table[1])], dtype=object)
            ns = parse_datetimes(self, strings, linenos, '%Y-%m-%dT%H:%M:%S')
        else:
            ns = parse_datetimes(self, dates, linenos, '%Y-%m-%d')
            se = self.sessionend
            ns = ns + (((se.hour * 60 + se.minute) * 60 + se.second) * 10**6
                       + se.microsecond) * 1000
        out['datetime'] = date2num_array(ns)
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
    DataCls = BacktraderCSVData
