"""VisualChart binary data files: ``VChartData`` and its factory ``VChartFeed``.

A file is a sequence of little-endian fixed-size records, read here in one go
with numpy:

* daily files (``.fd``, 28 bytes): date (uint32), open, high, low, close
  (float32), volume, open interest (uint32);
* intraday files (``.min``, 32 bytes): date, time (uint32, seconds after
  midnight), then the same five values.

Dates are packed as ``year * 500 + month * 32 + day``.
"""
from __future__ import annotations

import datetime as _dt
import os
from typing import Optional

import numpy as np

from ..core.errors import DataFileNotFoundError, DataFormatError
from ..utils.dateintern import date2num_array
from ..utils.timeframe import TimeFrame
from .base import DataBase, FeedBase

__all__ = ['VChartData', 'VChartFeed', 'read_vchart', 'vchart_record']

_VALUES = [('open', '<f4'), ('high', '<f4'), ('low', '<f4'), ('close', '<f4'),
           ('volume', '<u4'), ('openinterest', '<u4')]
DAILY_RECORD = np.dtype([('date', '<u4')] + _VALUES)                       # 28 bytes
INTRADAY_RECORD = np.dtype([('date', '<u4'), ('time', '<u4')] + _VALUES)   # 32 bytes


def vchart_record(when: _dt.datetime | _dt.date, open_: float, high: float, low: float,
                  close: float, volume: int = 0, openinterest: int = 0,
                  intraday: bool = False) -> bytes:
    """The bytes of one record (for writing files, e.g. in tests)."""
    rec = np.zeros(1, dtype=INTRADAY_RECORD if intraday else DAILY_RECORD)
    rec['date'] = when.year * 500 + when.month * 32 + when.day
    if intraday:
        rec['time'] = when.hour * 3600 + when.minute * 60 + when.second
    for name, value in zip(('open', 'high', 'low', 'close', 'volume', 'openinterest'),
                           (open_, high, low, close, volume, openinterest)):
        rec[name] = value
    return rec.tobytes()


def read_vchart(path: str, intraday: bool, daytime: Optional[_dt.time] = None,
                partial: str = 'error') -> dict:
    """The records of a VisualChart file as ``{line: float64 array}`` with
    ``datetime`` as date numbers. Daily records are stamped at ``daytime``
    (midnight when None). A trailing incomplete record raises
    ``DataFormatError`` (``partial='error'``) or is ignored (``'ignore'``)."""
    dtype = INTRADAY_RECORD if intraday else DAILY_RECORD
    try:
        raw = np.fromfile(path, dtype=np.uint8)
    except FileNotFoundError:
        raise DataFileNotFoundError('VisualChart file not found: %s' % path) from None
    count, extra = divmod(raw.size, dtype.itemsize)
    if extra and partial == 'error':
        raise DataFormatError(
            '%s: corrupt VisualChart file: %d bytes is not a whole number of %d-byte %s '
            'records (%d trailing bytes after record %d)'
            % (path, raw.size, dtype.itemsize, 'intraday' if intraday else 'daily', extra,
               count))
    recs = raw[:count * dtype.itemsize].view(dtype)
    packed = recs['date'].astype(np.int64)
    years, rest = np.divmod(packed, 500)
    months, days = np.divmod(rest, 32)
    micros = None
    if intraday:
        micros = recs['time'].astype(np.int64) * 1_000_000
    elif daytime is not None:
        micros = np.int64(((daytime.hour * 60 + daytime.minute) * 60 + daytime.second)
                          * 1_000_000 + daytime.microsecond)
    bad = (years < 1) | (years > 9999) | (months < 1) | (months > 12) | (days < 1)
    if intraday:
        bad |= recs['time'] >= 86400
    if not bad.any():
        starts = (years - 1970).astype('datetime64[Y]').astype('datetime64[M]') + (months - 1)
        stamps = starts.astype('datetime64[D]') + (days - 1)
        # a day past the month's end (e.g. February 30th) rolls over: refuse it
        bad = stamps.astype('datetime64[M]') != starts
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what = 'date %d (year %d, month %d, day %d)' % (packed[i], years[i], months[i], days[i])
        if intraday and recs['time'][i] >= 86400:
            what = 'time %d (seconds after midnight)' % recs['time'][i]
        raise DataFormatError('%s: corrupt VisualChart file: record %d (byte %d) has an '
                              'invalid %s' % (path, i, i * dtype.itemsize, what))
    stamps = stamps.astype('datetime64[us]')
    if micros is not None:
        stamps = stamps + micros.astype('timedelta64[us]')
    out = {'datetime': date2num_array(stamps)}
    for name in ('open', 'high', 'low', 'close', 'volume', 'openinterest'):
        out[name] = recs[name].astype(np.float64)
    return out


class VChartData(DataBase):
    """A VisualChart file named by ``dataname``.

    ``.fd`` files hold daily bars (stamped at midnight), ``.min`` files
    intraday bars; without one of these extensions, ``.fd`` (timeframe Days
    or longer) or ``.min`` is appended. A file with a trailing incomplete
    record raises ``DataFormatError``.
    """

    def start(self) -> None:
        super().start()
        path = self.p.dataname
        if not (path.endswith('.fd') or path.endswith('.min')):
            path += '.fd' if self._timeframe >= TimeFrame.Days else '.min'
        self._path = path
        if not os.path.exists(path):
            raise DataFileNotFoundError('VisualChart file not found: %s' % path)

    def _load_arrays(self) -> dict:
        return read_vchart(self._path, intraday=self._path.endswith('.min'))


class VChartFeed(FeedBase):
    """Factory of ``VChartData`` for a VisualChart installation at
    ``basepath``: ``getdata(code)`` reads
    ``basepath/RealServer/Data/<code[:2]>/<code[2:6]>/<code>``."""

    DataCls = VChartData

    params = (('basepath', ''),)

    def __init__(self, basepath: str = '', **kwargs) -> None:
        super().__init__(**kwargs)
        self.basepath = basepath

    def getdata(self, dataname, name=None, **kwargs):
        kw = dict(self.kwargs)
        kw.update(kwargs)
        parts = ['RealServer', 'Data', dataname[0:2]]
        if dataname[2:6]:
            parts.append(dataname[2:6])
        data = self.DataCls(dataname=self.basepath + '/'.join(parts + [dataname]), **kw)
        data._name = name          # backtrader leaves it None without a name
        data._feed = self
        self.datas.append(data)
        return data
