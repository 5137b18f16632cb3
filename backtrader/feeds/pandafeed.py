"""Feeds reading a pandas ``DataFrame``: ``PandasData`` (columns mapped by
name or position) and ``PandasDirectData`` (positions in ``itertuples()``
rows). Both convert whole columns at once."""
from __future__ import annotations

from typing import Optional

import numpy as np

from ..utils.optional import pandas as _pandas

from ..core.errors import DataFormatError
from .base import DataBase
from .dtparse import us_to_datenums

__all__ = ['PandasData', 'PandasDirectData']


def _require_frame(feed) -> None:
    if _pandas() is None:
        raise DataFormatError('%s needs pandas, which is not installed' % type(feed).__name__)
    if not isinstance(feed.p.dataname, _pandas().DataFrame):
        raise DataFormatError('%s: dataname must be a pandas DataFrame, got %s'
                              % (type(feed).__name__, type(feed.p.dataname).__name__))


def _datetime_us(feed, values, where: str) -> np.ndarray:
    """Datetimes (index or column) -> naive UTC µs since 1970, like
    ``date2num(ts.to_pydatetime())`` (aware values are taken in UTC)."""
    try:
        idx = _pandas().DatetimeIndex(values)
    except (TypeError, ValueError) as exc:
        raise DataFormatError('%s: %s does not hold datetimes (%s)'
                              % (type(feed).__name__, where, exc)) from None
    if idx.tz is not None:
        idx = idx.tz_convert('UTC').tz_localize(None)
    arr = idx.to_numpy(dtype='datetime64[us]')
    nat = np.isnat(arr)
    if nat.any():
        raise DataFormatError('%s: %s has a missing datetime (NaT) at row %d'
                              % (type(feed).__name__, where, int(np.flatnonzero(nat)[0])))
    return arr.view(np.int64)


def _column_floats(feed, series, where: str) -> np.ndarray:
    try:
        return series.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise DataFormatError('%s: %s cannot be read as numbers (%s)'
                              % (type(feed).__name__, where, exc)) from None


class PandasDirectData(DataBase):
    """Rows of ``dataname.itertuples()``: params are positions in the tuple
    (0 is the index); a negative position leaves the line empty (NaN)."""

    params = dict(datetime=0, open=1, high=2, low=3, close=4, volume=5, openinterest=6)

    def start(self) -> None:
        super().start()
        _require_frame(self)

    def _load_arrays(self) -> Optional[dict]:
        df = self.p.dataname
        n = len(df)
        ncols = df.shape[1]
        out = {}
        for name in self.lines._names:
            pos = getattr(self.p, name, -1)
            if pos is None or pos < 0:
                out[name] = np.full(n, np.nan)
                continue
            if pos > ncols:
                raise DataFormatError(
                    '%s: param %r is tuple position %d but the rows have only %d fields '
                    '(index + %d columns)' % (type(self).__name__, name, pos, ncols + 1, ncols))
            if name == 'datetime':
                values = df.index if pos == 0 else df.iloc[:, pos - 1]
                out[name] = us_to_datenums(_datetime_us(self, values, 'tuple position %d' % pos))
            elif pos == 0:
                out[name] = _column_floats(self, df.index.to_series(), 'the index')
            else:
                out[name] = _column_floats(self, df.iloc[:, pos - 1],
                                           'column %r' % (df.columns[pos - 1],))
        return out


class PandasData(DataBase):
    """Columns of a ``DataFrame``.

    ``datetime=None`` reads the index. For every line: None leaves it empty
    (NaN), -1 picks the column named like the line (case-insensitive with
    ``nocase``, empty if there is none), an int is a column position and a
    string a column name. Extra lines of subclasses map the same way through
    params of the same name.
    """

    params = dict(nocase=True, datetime=None, open=-1, high=-1, low=-1, close=-1,
                  volume=-1, openinterest=-1)

    # upstream's PandasData has an __init__ of its own: unknown keywords raise
    _bt_drops_kwargs = False

    datafields = ['datetime', 'open', 'high', 'low', 'close', 'volume', 'openinterest']

    def start(self) -> None:
        super().start()
        _require_frame(self)
        self._colmapping = self._map_columns()

    def _names_for_match(self) -> list:
        names = [str(c) for c in self.p.dataname.columns]
        return [c.lower() for c in names] if self.p.nocase else names

    def _map_columns(self) -> dict:
        """Line name -> column position, None for the index, absent if unmapped."""
        df = self.p.dataname
        colnames = self._names_for_match()
        ncols = df.shape[1]
        mapping = {}
        for name in self.lines._names:
            spec = getattr(self.p, name, None)
            if spec is None:
                if name == 'datetime':
                    mapping[name] = None
                continue
            if isinstance(spec, str):
                key = spec.lower() if self.p.nocase else spec
                if key not in colnames:
                    raise DataFormatError(
                        '%s: param %r names column %r, which the DataFrame does not have '
                        '(columns: %s)' % (type(self).__name__, name, spec,
                                          ', '.join(str(c) for c in df.columns)))
                mapping[name] = colnames.index(key)
            elif isinstance(spec, (int, np.integer)) and not isinstance(spec, bool):
                spec = int(spec)
                if spec == -1:
                    key = name.lower() if self.p.nocase else name
                    if key in colnames:
                        mapping[name] = colnames.index(key)
                    elif name == 'datetime':
                        raise DataFormatError(
                            '%s: datetime=-1 found no column named %r' % (type(self).__name__,
                                                                         name))
                elif spec >= ncols:
                    raise DataFormatError(
                        '%s: param %r is column position %d but the DataFrame has %d columns'
                        % (type(self).__name__, name, spec, ncols))
                elif spec >= 0:
                    mapping[name] = spec
            else:
                raise DataFormatError('%s: param %r must be None, an int or a column name, '
                                      'got %r' % (type(self).__name__, name, spec))
        return mapping

    def _load_arrays(self) -> Optional[dict]:
        df = self.p.dataname
        n = len(df)
        out = {}
        for name in self.lines._names:
            if name not in self._colmapping:
                out[name] = np.full(n, np.nan)
                continue
            pos = self._colmapping[name]
            if name == 'datetime':
                if pos is None:
                    us = _datetime_us(self, df.index, 'the index')
                else:
                    us = _datetime_us(self, df.iloc[:, pos], 'column %r' % (df.columns[pos],))
                out[name] = us_to_datenums(us)
            else:
                out[name] = _column_floats(self, df.iloc[:, pos], 'column %r' % (df.columns[pos],))
        return out
