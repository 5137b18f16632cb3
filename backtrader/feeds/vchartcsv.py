"""VisualChart CSV exports: ``ticker,period,YYYYMMDD,HHMMSS,o,h,l,c,v,oi``."""
from __future__ import annotations

import datetime as _dt

import numpy as np

from ..core.errors import DataFormatError
from ..utils.dateintern import date2num
from ..utils.timeframe import TimeFrame
from .csvbase import CSVDataBase, CSVFeedBase
from .csvtable import CSVTable
from .dtparse import (check_date_fields, check_time_fields, slice_ints, time_us,
                      us_from_fields, us_to_datenums)

__all__ = ['VChartCSVData', 'VChartCSV']

_PERIODS = {'I': TimeFrame.Minutes, 'D': TimeFrame.Days, 'W': TimeFrame.Weeks,
            'M': TimeFrame.Months}
_FIELDS = ('open', 'high', 'low', 'close', 'volume', 'openinterest')


class VChartCSVData(CSVDataBase):
    """The period code of the rows sets the feed's timeframe (I: minutes,
    D: days, W: weeks, M: months). Intraday rows carry their time; other rows
    are stamped with the session end truncated to whole seconds."""

    def _parse_table(self, table: CSVTable) -> dict:
        owner = type(self).__name__
        n = table.n
        out = {name: np.full(n, np.nan) for name in self.lines._names}
        if not n:
            return out
        for k, name in enumerate(_FIELDS):
            table.require_column(4 + k, "the '%s' column" % name)
        codes = table.strings(1)
        known = np.isin(codes, list(_PERIODS))
        if not known.all():
            i = int(np.flatnonzero(~known)[0])
            raise DataFormatError('%s: unknown period code %r (expected one of %s)' % (
                table.error_prefix(i), codes[i], ', '.join(_PERIODS)))
        self._timeframe = _PERIODS[codes[-1]]
        for k, name in enumerate(_FIELDS):
            out[name] = table.floats(4 + k, what=name)
        d = slice_ints(table, 2, (('year', 0, 4), ('month', 4, 2), ('day', 6, 2)), owner,
                       'date')
        check_date_fields(table, d['year'], d['month'], d['day'], owner, 2)
        us = us_from_fields(d['year'], d['month'], d['day'])
        intraday = codes == 'I'
        eos = time_us(self.sessionend.replace(microsecond=0))
        if intraday.any():
            t = slice_ints(table, 3, (('hour', 0, 2), ('minute', 2, 2), ('second', 4, 2)),
                           owner, 'time')
            check_time_fields(table, np.where(intraday, t['hour'], 0),
                              np.where(intraday, t['minute'], 0),
                              np.where(intraday, t['second'], 0), owner, 3)
            tod = ((t['hour'] * 60 + t['minute']) * 60 + t['second']) * 10**6
            us = us + np.where(intraday, tod, eos)
        else:
            us = us + eos
        out['datetime'] = us_to_datenums(us)
        return out

    def _loadline(self, linetokens) -> bool:
        """One row (legacy protocol, for subclasses calling it via ``super()``)."""
        code = linetokens[1]
        self._timeframe = _PERIODS[code]
        dttxt = linetokens[2]
        dt = _dt.date(int(dttxt[0:4]), int(dttxt[4:6]), int(dttxt[6:8]))
        if code == 'I':
            tmtxt = linetokens[3]
            tm = _dt.time(int(tmtxt[0:2]), int(tmtxt[2:4]), int(tmtxt[4:6]))
        else:
            tm = self.sessionend.replace(microsecond=0)
        self.lines.datetime[0] = date2num(_dt.datetime.combine(dt, tm))
        for k, name in enumerate(_FIELDS):
            getattr(self.lines, name)[0] = float(linetokens[4 + k])
        return True

    _vector_loadline = _loadline


class VChartCSV(CSVFeedBase):
    """Feed object creating ``VChartCSVData`` datas (``getdata``)."""
    DataCls = VChartCSVData
