"""CSV feed base: file handling, vectorised table reading and the legacy
line-by-line ``_loadline(tokens)`` protocol for user subclasses."""
from __future__ import annotations

import io
import os
from typing import Optional

import numpy as np

from ..core.errors import DataFileNotFoundError, DataFormatError
from .base import DataBase, FeedBase

__all__ = ['CSVDataBase', 'CSVFeedBase', 'read_table', 'column_floats']


class CSVDataBase(DataBase):
    """A feed reading a text file of separated values.

    ``dataname`` is a path or an object with ``readline``. With ``headers`` the
    first line is skipped. Built-in subclasses parse the whole file with pandas;
    a subclass overriding ``_loadline(tokens)`` is fed one line at a time.
    """

    params = (('headers', True), ('separator', ','))

    f = None
    _vector_loadline = None      # the _loadline the vectorised parser stands for

    def _bt_setup(self) -> None:
        super()._bt_setup()
        if not self.p.name and isinstance(self.p.dataname, str):
            self._name, _ = os.path.splitext(os.path.basename(self.p.dataname))

    # -- file handling --------------------------------------------------------------------
    def _source_path(self) -> Optional[str]:
        dn = self.p.dataname
        return dn if isinstance(dn, (str, os.PathLike)) else None

    def _check_source(self) -> None:
        path = self._source_path()
        if path is not None and not os.path.isfile(path):
            raise DataFileNotFoundError(
                '%s: data file not found: %s' % (type(self).__name__, os.fspath(path)))
        if path is None and not hasattr(self.p.dataname, 'readline') and \
                not hasattr(self.p.dataname, 'read'):
            raise DataFormatError('%s: dataname must be a path or a file-like object, got %r'
                                  % (type(self).__name__, self.p.dataname))

    def start(self) -> None:
        super().start()
        self._check_source()
        self.separator = self.p.separator
        if not self._vectorised():
            self._open_lines()

    def _open_lines(self) -> None:
        path = self._source_path()
        if path is not None:
            self.f = open(path, 'r')
        else:
            self.f = self.p.dataname
        if self.p.headers:
            self.f.readline()

    def stop(self) -> None:
        super().stop()
        if self.f is not None and self._source_path() is not None:
            self.f.close()
        self.f = None

    def _vectorised(self) -> bool:
        return type(self)._loadline is type(self)._vector_loadline \
            and type(self)._vector_loadline is not None

    # -- loading ---------------------------------------------------------------------------
    def _load(self) -> bool:
        if self._vectorised():
            return super()._load()
        if self.f is None:
            return False
        line = self.f.readline()
        if not line:
            return False
        line = line.rstrip('\r\n')
        if not line:
            return self._load()
        tokens = line.split(self.separator)
        return self._loadline(tokens)

    def _loadline(self, tokens) -> bool:
        return False

    def _load_arrays(self) -> Optional[dict]:
        if not self._vectorised():
            return None
        return self._parse_file()

    def _parse_file(self) -> dict:
        raise NotImplementedError

    def _describe(self) -> str:
        path = self._source_path()
        return os.fspath(path) if path is not None else repr(self.p.dataname)


class CSVFeedBase(FeedBase):
    """Factory for CSV feeds (``basepath`` is prefixed to each dataname)."""

    params = (('basepath', ''),)

    def __init__(self, basepath: str = '', **kwargs) -> None:
        super().__init__(**kwargs)
        self.basepath = basepath

    def _getdata(self, dataname, **kwargs):
        return self.DataCls(dataname=self.basepath + dataname, **kwargs)


def read_table(feed: CSVDataBase, ncols_needed: int = 0):
    """Read the feed's file into a list of string columns (numpy object arrays)
    plus the file line number of each row. Raises ``DataFormatError`` when the
    file has fewer columns than ``ncols_needed``."""
    import pandas as pd
    src = feed.p.dataname
    path = feed._source_path()
    if path is None and hasattr(src, 'seek'):
        try:
            src.seek(0)
        except Exception:
            pass
    skip = 1 if feed.p.headers else 0
    try:
        df = pd.read_csv(path if path is not None else src, sep=feed.p.separator, header=None,
                         skiprows=skip, dtype=str, keep_default_na=False, na_filter=False,
                         skip_blank_lines=True, engine='c')
    except pd.errors.EmptyDataError:
        return [], np.zeros(0, dtype=np.int64)
    except pd.errors.ParserError as exc:
        raise DataFormatError('%s: cannot parse %s: %s' % (type(feed).__name__,
                                                             feed._describe(), exc)) from None
    ncols = df.shape[1]
    if ncols_needed and ncols < ncols_needed:
        raise DataFormatError(
            '%s: %s has %d column%s but the feed params need column index %d '
            '(0-based); check the column params' % (
                type(feed).__name__, feed._describe(), ncols, '' if ncols == 1 else 's',
                ncols_needed - 1))
    cols = [df[c].to_numpy(dtype=object) for c in df.columns]
    linenos = np.arange(len(df), dtype=np.int64) + 1 + skip
    return cols, linenos


def column_floats(feed: CSVDataBase, col: np.ndarray, linenos: np.ndarray, colidx: int,
                  nullvalue: float = float('nan'), what: str = '') -> np.ndarray:
    """Strings -> float64 exactly as Python ``float()`` would; empty -> nullvalue.
    A token that is not a number raises ``DataFormatError`` naming file, line
    and column."""
    import pandas as pd
    s = pd.Series(col, dtype=object)
    stripped = s.str.strip()
    empty = (stripped == '').to_numpy()
    try:
        out = stripped.where(~empty, 'nan').astype(np.float64).to_numpy()
    except (ValueError, TypeError):
        out = pd.to_numeric(stripped.where(~empty, 'nan'), errors='coerce').to_numpy(
            dtype=np.float64)
        bad = np.isnan(out) & ~empty & ~stripped.str.lower().isin(['nan', '-nan', '+nan']).to_numpy()
        i = int(np.nonzero(bad)[0][0])
        raise DataFormatError(
            '%s: %s line %d, column %d%s: cannot convert %r to a number' % (
                type(feed).__name__, feed._describe(), linenos[i], colidx,
                ' (%s)' % what if what else '', col[i])) from None
    if empty.any():
        out[empty] = nullvalue
    return out
