"""Quandl WIKI data: the CSV files (``QuandlCSV``) and the online download
(``Quandl``, not available: it names the CSV class to use instead)."""
from __future__ import annotations

import datetime as _dt

import numpy as np

from ..core.errors import OnlineFeedError
from ..utils.dateintern import date2num
from .csvbase import CSVDataBase
from .csvtable import CSVTable
from .dtparse import check_date_fields, slice_ints, time_us, us_from_fields, us_to_datenums
from .pyround import round_like_python

__all__ = ['QuandlCSV', 'Quandl']

_DATE_SLICES = (('year', 0, 4), ('month', 5, 2), ('day', 8, 2))
_NAMES = ('open', 'high', 'low', 'close', 'volume')


class QuandlCSV(CSVDataBase):
    """Quandl WIKI CSV files: ``Date,Open,High,Low,Close,Volume,Ex-Dividend,
    Split Ratio,Adj. Open,Adj. High,Adj. Low,Adj. Close,Adj. Volume``.

    ``adjclose`` reads the five adjusted columns instead of the raw ones;
    ``round`` rounds prices to ``decimals`` (Python ``round``); ``reverse``
    reads the rows newest first. Bars are stamped at the session end; open
    interest is 0.
    """

    params = dict(reverse=False, adjclose=True, round=False, decimals=2)

    def _rowwise_parse(self) -> bool:
        return not self.p.reverse

    def _parse_table(self, table: CSVTable) -> dict:
        p = self.p
        if p.reverse:
            table = table.take(slice(None, None, -1))
        n = table.n
        out = {name: np.full(n, np.nan) for name in self.lines._names}
        if not n:
            return out
        first = 8 if p.adjclose else 1
        for k, name in enumerate(_NAMES):
            table.require_column(first + k, "the '%s' column" % name)
            out[name] = table.floats(first + k, what=name)
        if p.round:
            for name in _NAMES[:4]:
                out[name] = round_like_python(out[name], p.decimals)
        owner = type(self).__name__
        d = slice_ints(table, 0, _DATE_SLICES, owner, 'date')
        check_date_fields(table, d['year'], d['month'], d['day'], owner, 0)
        us = us_from_fields(d['year'], d['month'], d['day']) + time_us(self.sessionend)
        out['datetime'] = us_to_datenums(us)
        out['openinterest'] = np.zeros(n)
        return out

    def _loadline(self, linetokens) -> bool:
        """One row (legacy protocol, for subclasses calling it via ``super()``)."""
        p = self.p
        dttxt = linetokens[0]
        day = _dt.date(int(dttxt[0:4]), int(dttxt[5:7]), int(dttxt[8:10]))
        first = 8 if p.adjclose else 1
        o, h, l, c, v = (float(x) for x in linetokens[first:first + 5])
        if p.round:
            o, h, l, c = (round(x, p.decimals) for x in (o, h, l, c))
        lines = self.lines
        lines.datetime[0] = date2num(_dt.datetime.combine(day, self.sessionend))
        lines.open[0], lines.high[0], lines.low[0], lines.close[0] = o, h, l, c
        lines.volume[0], lines.openinterest[0] = v, 0.0
        return True

    _vector_loadline = _loadline


def online_error(cls_name: str, source: str, offline: str) -> OnlineFeedError:
    """The error of a feed that would download ``source``."""
    return OnlineFeedError(
        '%s downloads its data from %s, which this backtrader does not do; save the data '
        'as a CSV file and read it with bt.feeds.%s(dataname=<file>)'
        % (cls_name, source, offline))


class Quandl(QuandlCSV):
    """Quandl's online download (not available: starting it raises
    ``OnlineFeedError`` naming ``QuandlCSV``, which reads the saved files)."""

    params = dict(baseurl='https://www.quandl.com/api/v3/datasets', proxies={},
                  buffered=True, reverse=True, apikey=None, dataset='WIKI')

    def start(self) -> None:
        raise online_error(type(self).__name__, 'Quandl', 'QuandlCSV')
