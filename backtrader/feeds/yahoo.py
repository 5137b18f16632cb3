"""Yahoo Finance CSV files: ``Date,Open,High,Low,Close,Adj Close,Volume``."""
from __future__ import annotations

import datetime as _dt

import numpy as np

from ..core.errors import DataFormatError
from ..utils.dateintern import date2num
from .csvbase import CSVDataBase, CSVFeedBase
from .csvtable import CSVTable
from .dtparse import check_date_fields, slice_ints, time_us, us_from_fields, us_to_datenums
from .pyround import round_like_python

__all__ = ['YahooFinanceCSVData', 'YahooLegacyCSV', 'YahooFinanceCSV', 'YahooFinanceData',
           'YahooFinance']

_DATE_SLICES = (('year', 0, 4), ('month', 5, 2), ('day', 8, 2))
_COLUMNS = ('open', 'high', 'low', 'close', 'adjclose', 'volume')


class YahooFinanceCSVData(CSVDataBase):
    """Daily Yahoo CSV data, adjusted with the 'Adj Close' column.

    Rows holding a ``null`` token are skipped; ``reverse`` reads the rows in
    the opposite order (files listing the newest day first). With
    ``adjclose`` prices are divided by ``close / adjclose`` (and the volume
    multiplied by it if ``adjvolume``) and the close becomes the adjusted
    close; ``round`` rounds prices to ``decimals`` and the volume is always
    rounded to ``roundvolume`` decimals (Python ``round``). ``swapcloses``
    exchanges the two close columns first. Bars are stamped with the session
    end; open interest is 0; the extra line ``adjclose`` holds the file's
    adjusted close.
    """

    lines = ('adjclose',)

    params = dict(reverse=False, adjclose=True, adjvolume=True, round=True, decimals=2,
                  roundvolume=False, swapcloses=False)

    def _rowwise_parse(self) -> bool:
        # 'null' rows are dropped: the loader then sees fewer bars than rows
        return not self.p.reverse

    def _parse_table(self, table: CSVTable) -> dict:
        p = self.p
        owner = type(self).__name__
        if p.reverse:
            table = table.take(slice(None, None, -1))
        if table.n:
            null = np.zeros(table.n, dtype=bool)
            for col in range(int(table.ntokens.max())):
                null |= table.is_token(col, 'null')
            if null.any():
                table = table.take(~null)
        n = table.n
        out = {name: np.full(n, np.nan) for name in self.lines._names}
        if not n:
            return out
        for k, name in enumerate(_COLUMNS):
            table.require_column(k + 1, "the '%s' column" % name)
        # a volume that is not a number reads as 0, as in the original
        values = {name: table.floats(k + 1, what=name, invalid=0.0 if name == 'volume' else None)
                  for k, name in enumerate(_COLUMNS)}
        d = slice_ints(table, 0, _DATE_SLICES, owner, 'date')
        check_date_fields(table, d['year'], d['month'], d['day'], owner, 0)
        o, h, l = values['open'], values['high'], values['low']
        c, adjc, v = values['close'], values['adjclose'], values['volume']
        if p.swapcloses:
            c, adjc = adjc, c
        if p.adjclose:
            zero = adjc == 0
            if zero.any():
                i = int(np.flatnonzero(zero)[0])
                raise DataFormatError('%s: the adjusted close is 0 (cannot adjust)'
                                      % table.error_prefix(i))
            factor = c / adjc
            o = o / factor
            h = h / factor
            l = l / factor
            c = adjc
            if p.adjvolume:
                v = v * factor
        if p.round:
            o, h, l, c = (round_like_python(x, p.decimals) for x in (o, h, l, c))
        v = round_like_python(v, int(p.roundvolume))
        out.update(open=o, high=h, low=l, close=c, volume=v, adjclose=adjc,
                   openinterest=np.zeros(n))
        us = us_from_fields(d['year'], d['month'], d['day']) + time_us(self.sessionend)
        out['datetime'] = us_to_datenums(us)
        return out

    def _reads_backwards(self) -> bool:
        return bool(self.p.reverse)

    def _loadline(self, linetokens) -> bool:
        """One row (legacy protocol, for subclasses calling it via ``super()``)."""
        if 'null' in linetokens:
            return self._load()        # skip the row
        p = self.p
        dttxt = linetokens[0]
        dt = _dt.date(int(dttxt[0:4]), int(dttxt[5:7]), int(dttxt[8:10]))
        o, h, l, c, adjc = (float(x) for x in linetokens[1:6])
        try:
            v = float(linetokens[6])
        except ValueError:
            v = 0.0
        if p.swapcloses:
            c, adjc = adjc, c
        if p.adjclose:
            factor = c / adjc
            o, h, l = o / factor, h / factor, l / factor
            c = adjc
            if p.adjvolume:
                v = v * factor
        if p.round:
            o, h, l, c = (round(x, p.decimals) for x in (o, h, l, c))
        v = round(v, int(p.roundvolume))
        lines = self.lines
        lines.datetime[0] = date2num(_dt.datetime.combine(dt, self.sessionend))
        lines.open[0], lines.high[0], lines.low[0], lines.close[0] = o, h, l, c
        lines.volume[0], lines.openinterest[0], lines.adjclose[0] = v, 0.0, adjc
        return True

    _vector_loadline = _loadline


class YahooLegacyCSV(YahooFinanceCSVData):
    """Yahoo files from before 2017 (same layout)."""

    params = (('version', ''),)


class YahooFinanceCSV(CSVFeedBase):
    """Feed object creating ``YahooFinanceCSVData`` datas (``getdata``)."""
    DataCls = YahooFinanceCSVData


class YahooFinanceData(YahooFinanceCSVData):
    """Yahoo Finance's online download (not available: starting it raises
    ``OnlineFeedError`` naming ``YahooFinanceCSVData``, which reads the saved
    CSV files with the same parameters)."""

    params = dict(proxies={}, period='d', reverse=False,
                  urlhist='https://finance.yahoo.com/quote/{}/history',
                  urldown='https://query1.finance.yahoo.com/v7/finance/download', retries=3)

    def start(self) -> None:
        from .quandl import online_error
        raise online_error(type(self).__name__, 'Yahoo Finance', 'YahooFinanceCSVData')


class YahooFinance(CSVFeedBase):
    DataCls = YahooFinanceData
