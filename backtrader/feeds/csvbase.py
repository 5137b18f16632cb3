"""CSV feed base: source handling, vectorised parsing through ``CSVTable`` and
the legacy line-by-line ``_loadline(tokens)`` protocol for user subclasses."""
from __future__ import annotations

import os
from typing import Optional

import numpy as np

from ..core.errors import DataFileNotFoundError, DataFormatError
from .base import DataBase, FeedBase
from .csvtable import CSVTable

__all__ = ['CSVDataBase', 'CSVFeedBase']

_STREAM_BYTES = 1 << 20         # text per block when a file is streamed (~17k bars)


class CSVDataBase(DataBase):
    """A feed reading a text file of separated values.

    ``dataname`` is a path or an object with ``readline``/``read``. With
    ``headers`` the first line is skipped. Built-in subclasses parse the whole
    file at once (``_parse_table``); a subclass overriding ``_loadline(tokens)``
    is fed one line at a time instead, as in the original framework.
    """

    params = (('headers', True), ('separator', ','))

    f = None
    _vector_loadline = None      # the _loadline the vectorised parser stands for
    _srcpos = None               # start offset of a file-like source (re-runs)

    def _bt_setup(self) -> None:
        super()._bt_setup()
        if not self.p.name and isinstance(self.p.dataname, (str, os.PathLike)):
            self._name, _ = os.path.splitext(os.path.basename(os.fspath(self.p.dataname)))

    # -- source ------------------------------------------------------------------------------
    def _source_path(self) -> Optional[str]:
        dn = self.p.dataname
        return os.fspath(dn) if isinstance(dn, (str, os.PathLike)) else None

    def _describe(self) -> str:
        path = self._source_path()
        return path if path is not None else repr(self.p.dataname)

    def _check_source(self) -> None:
        path = self._source_path()
        if path is not None:
            if not os.path.isfile(path):
                raise DataFileNotFoundError(
                    '%s: data file not found: %s' % (type(self).__name__, path))
            return
        dn = self.p.dataname
        if not hasattr(dn, 'readline') and not hasattr(dn, 'read'):
            raise DataFormatError('%s: dataname must be a path or a file-like object, got %r'
                                  % (type(self).__name__, dn))

    def start(self) -> None:
        super().start()
        self._check_source()
        self.separator = self.p.separator
        if not self._vectorised():
            self._open_lines()

    def _rewind_filelike(self, src) -> None:
        """Re-runs read a file-like source again from where the first run began."""
        if not hasattr(src, 'seek'):
            return
        try:
            if self._srcpos is None:
                self._srcpos = src.tell()
            else:
                src.seek(self._srcpos)
        except (OSError, ValueError):
            pass

    def _open_lines(self) -> None:
        path = self._source_path()
        if path is not None:
            self.f = open(path, 'r')
        else:
            self.f = self.p.dataname
            self._rewind_filelike(self.f)
        if self.p.headers:
            self.f.readline()

    def stop(self) -> None:
        super().stop()
        if self.f is not None and self._source_path() is not None:
            self.f.close()
        self.f = None

    def _vectorised(self) -> bool:
        vec = type(self)._vector_loadline
        return vec is not None and type(self)._loadline is vec

    def _rowwise_parse(self) -> bool:
        """True when ``_parse_table`` turns row ``i`` of any table into bar
        ``i`` on its own (no row dropped or reordered, nothing learnt from
        the whole table): then the rows of several files may be parsed as
        one table (``ParallelCSVLoader``)."""
        return False

    # -- loading -------------------------------------------------------------------------------
    def _load(self) -> bool:
        if self._vectorised():
            return super()._load()
        if self.f is None:
            return False
        line = self.f.readline()
        if not line:
            return False
        # an empty line reaches _loadline as [''], as in the original
        return self._loadline(line.rstrip('\r\n').split(self.separator))

    def _loadline(self, tokens) -> bool:
        """Fill ``lines[...][0]`` from one line's tokens (legacy protocol)."""
        return False

    def _load_arrays(self) -> Optional[dict]:
        if not self._vectorised():
            return None
        arrays, self._arrays_end_error = self._arrays_until_error(self._read_table())
        return arrays

    def _arrays_until_error(self, table: CSVTable) -> tuple:
        """``(arrays, error)``: as a line-by-line reader, the bars of the rows
        before the first empty or bad line, and the error it stops with there
        (None when it reads to the end). A run delivers those bars first,
        then raises (preloading raises at once); ``ParallelCSVLoader``
        reports such a file as bad. Errors not tied to a row are raised."""
        backwards = self._reads_backwards()
        table, error = table.cut_at_blank(backwards)
        while True:
            try:
                return self._parse_table(table), error
            except DataFormatError as exc:
                lineno = table.error_lineno(exc)
                if lineno is None:
                    raise
                keep = table.linenos > lineno if backwards else table.linenos < lineno
                if keep.all():
                    raise
                table, error = table.take(keep), exc

    def _stream_arrays(self):
        """Blocks of about ``_STREAM_BYTES`` of a file read bar by bar (no
        preload), each parsed vectorised as it is reached: memory stays bounded
        in the file's length. Only for parsers that turn each row into its own
        bar (``_rowwise_parse``) reading forwards from a path."""
        if not (self._vectorised() and self._rowwise_parse()) or self._reads_backwards():
            return None
        path = self._source_path()
        return None if path is None else self._array_blocks(path)

    def _array_blocks(self, path: str):
        headers = self.p.headers
        lines_before = 0
        with open(path, 'rb') as f:
            carry = b''
            while True:
                chunk = f.read(_STREAM_BYTES)
                data = carry + chunk if carry else chunk
                if chunk:
                    cut = data.rfind(b'\n') + 1     # blocks hold whole lines
                    if not cut:
                        carry = data
                        continue
                    block, carry = data[:cut], data[cut:]
                else:
                    block, carry = data, b''
                    if not block:
                        return
                table = CSVTable.from_bytes(block, self.p.separator, headers,
                                            self._describe(), type(self).__name__)
                table.shift_lines(lines_before)
                lines_before += block.count(b'\n') + (not block.endswith(b'\n'))
                headers = False
                arrays, error = self._arrays_until_error(table)
                yield arrays, error
                if error is not None or not chunk:
                    return

    def _bounded_source(self) -> bool:
        return self._source_path() is not None

    def bars_bound(self) -> Optional[int]:
        """The file's line count plus one (a file read from a path), else None."""
        path = self._source_path()
        if path is None:
            return None
        count = 1
        with open(path, 'rb') as f:
            for chunk in iter(lambda: f.read(1 << 22), b''):
                count += chunk.count(b'\n')
        return count

    def _reads_backwards(self) -> bool:
        """True when the rows are delivered from the end of the file up."""
        return False

    def _read_table(self) -> CSVTable:
        """The whole source split into rows and tokens."""
        path = self._source_path()
        if path is None:
            self._rewind_filelike(self.p.dataname)
        return CSVTable.from_source(path if path is not None else self.p.dataname,
                                    self.p.separator, self.p.headers, self._describe(),
                                    type(self).__name__)

    def _parse_table(self, table: CSVTable) -> dict:
        """``{line name: float64 array}`` (datetime as date numbers) of a table."""
        raise NotImplementedError

    def _empty_arrays(self, n: int) -> dict:
        return {name: np.full(n, np.nan) for name in self.lines._names}


class CSVFeedBase(FeedBase):
    """Factory for CSV feeds (``basepath`` is prefixed to each dataname)."""

    params = (('basepath', ''),)

    def __init__(self, basepath: str = '', **kwargs) -> None:
        super().__init__(**kwargs)
        self.basepath = basepath

    def _getdata(self, dataname, **kwargs):
        return self.DataCls(dataname=self.basepath + dataname, **kwargs)
