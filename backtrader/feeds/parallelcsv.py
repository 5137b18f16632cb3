"""``ParallelCSVLoader``: many CSV files (one per asset) read at once, into
feeds ready for ``cerebro.adddata`` and into pandas DataFrames.

How it is fast:

* Files are read by a pool of threads (``workers``, the CPU count by default).
* The vectorised parser has a fixed cost per call, large next to a small
  file: the files of a *batch* are parsed in one call, as one table made of
  their data rows (headers dropped), and the result is cut back per file.
  Batches are parsed in the worker threads (numpy releases the GIL).
* Each feed keeps its parsed arrays; preloading it in a run copies them
  instead of reading the file again.

Results are those of loading each file on its own: a batch is only parsed as
one table when the feed class parses rows independently
(``_rowwise_parse()``), every file has plain line ends, and the table keeps
one bar per row; otherwise, or when anything in the batch fails (a file with
an empty line included), its files are parsed one by one, so a bad file is
reported alone (``LoadError``: path, line, reason) and never stops the others.
A bad file is one whose feed would stop the run with an error, also after
delivering some rows (``CSVDataBase._arrays_until_error``).
"""
from __future__ import annotations

import glob as _glob
import io
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, Union

import numpy as np

from ..utils.dateintern import (HOURS_PER_DAY, MINUTES_PER_HOUR, MUSECONDS_PER_SECOND,
                                SECONDS_PER_MINUTE)
from .csvtable import CSVTable
from .generic import GenericCSVData

__all__ = ['ParallelCSVLoader', 'LoadResult', 'LoadError']

_BATCH_BYTES = 8 << 20        # a batch holds up to this many bytes of data rows ...
_BATCHES_PER_WORKER = 4       # ... and each worker gets a few batches (load balance)
_BAR_MIN_FILES = 100          # a progress bar is shown from this many files (on a terminal)
_LINE = re.compile(r'\bline (\d+)\b')
_NL, _CR = 10, 13
_UNIX_ORDINAL = 719163          # date(1970, 1, 1).toordinal()
_COLUMNS = ('open', 'high', 'low', 'close', 'volume', 'openinterest')

Sources = Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]]


@dataclass
class LoadError:
    """A file that could not be loaded: its ``path``, the ``line`` at fault
    (1-based, None when not tied to a line), the ``reason`` and the
    exception raised (``error``)."""

    path: str
    line: Optional[int]
    reason: str
    error: BaseException

    def __str__(self) -> str:
        where = self.path if self.line is None else '%s line %d' % (self.path, self.line)
        return '%s: %s' % (where, self.reason)


class LoadResult:
    """What ``ParallelCSVLoader.load()`` returns.

    * ``datas``: the feeds, in the order of the sources (bad files left out);
      ``paths``: their files.
    * ``errors``: a ``LoadError`` per bad file.
    * ``adddata(cerebro)``, iteration, ``len``; ``frames()`` for DataFrames.
    """

    def __init__(self, datas: list, paths: list, errors: list) -> None:
        self.datas = datas
        self.paths = paths
        self.errors = errors

    def __iter__(self) -> Iterator:
        return iter(self.datas)

    def __len__(self) -> int:
        return len(self.datas)

    @property
    def byname(self) -> dict:
        """``{feed name: feed}`` (names are the file names without extension;
        a repeated name is keyed by the file's path instead)."""
        out = {}
        for data, path in zip(self.datas, self.paths):
            out[path if data._name in out else data._name] = data
        return out

    def adddata(self, cerebro) -> list:
        """Add every feed to ``cerebro``; returns the feeds."""
        for data in self.datas:
            cerebro.adddata(data)
        return self.datas

    def frames(self) -> dict:
        """``{feed name: DataFrame}`` of the bars as read from each file: one
        column per line, indexed by the bar datetime (naive, as written in
        the file; ``fromdate``/``todate``/``tzinput`` apply when the feed
        runs). Keys as in ``byname``."""
        import pandas as pd
        out = {}
        for key, data in self.byname.items():
            arrays = data._preparsed
            if arrays is None:      # a feed parsed bar by bar (custom _loadline)
                continue
            index = pd.DatetimeIndex(_datetimes(arrays['datetime']), name='datetime')
            names = [n for n in _COLUMNS if n in arrays] + [
                n for n in data.lines._names if n not in _COLUMNS and n != 'datetime']
            cols = {name: arrays[name] for name in names}
            out[key] = pd.DataFrame(cols, index=index)
        return out


class ParallelCSVLoader:
    """Load many CSV files into feeds of one class, in parallel.

    * ``sources``: a folder (its files matching ``pattern``), a glob pattern,
      a path, or a list of paths / patterns / folders.
    * ``feed``: the CSV feed class (``GenericCSVData`` by default); every
      other keyword is a parameter of that class (``dtformat``, ``timeframe``,
      ``fromdate`` ...), the same for every file.
    * ``workers``: threads (default: the CPU count).
    * ``progress``: ``callable(done, total, path)``, called in the calling
      thread as files complete.
    * ``progressbar``: a tqdm bar on stderr; None (default) shows it for loads
      of 100 files or more when stderr is a terminal.

    ``load()`` returns a ``LoadResult`` (feeds, errors); ``frames()`` the
    DataFrames directly.
    """

    def __init__(self, sources: Sources, feed: type = GenericCSVData,
                 workers: Optional[int] = None,
                 progress: Optional[Callable[[int, int, str], None]] = None,
                 progressbar: Optional[bool] = None, pattern: str = '*.csv',
                 **feedkwargs) -> None:
        self.feed = feed
        self.feedkwargs = feedkwargs
        self.workers = max(1, int(workers or os.cpu_count() or 1))
        self.progress = progress
        self.progressbar = progressbar
        self.pattern = pattern
        self.paths = _expand(sources, pattern)

    # -- public ---------------------------------------------------------------------------
    def load(self) -> LoadResult:
        """Read every file; a bad one is reported in ``errors``, not raised."""
        paths = self.paths
        datas = [self.feed(dataname=path, **self.feedkwargs) for path in paths]
        arrays: list = [None] * len(paths)
        errors: dict = {}
        total = len(paths)
        bar = self._bar(total)
        done = 0
        try:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                futures = {pool.submit(self._load_batch, batch, self._parser()): batch
                           for batch in self._batches(paths)}
                for future in as_completed(futures):
                    for i, result in future.result():
                        if isinstance(result, LoadError):
                            errors[i] = result
                        else:
                            arrays[i] = result
                        done += 1
                        if self.progress is not None:
                            self.progress(done, total, paths[i])
                        if bar is not None:
                            bar.update(1)
        finally:
            if bar is not None:
                bar.close()
        kept, kept_paths = [], []
        for i, data in enumerate(datas):
            if i in errors:
                continue
            data._preparsed = arrays[i]
            kept.append(data)
            kept_paths.append(paths[i])
        return LoadResult(kept, kept_paths, [errors[i] for i in sorted(errors)])

    def frames(self) -> dict:
        """``load().frames()``."""
        return self.load().frames()

    # -- batches ------------------------------------------------------------------------------
    def _batches(self, paths: list) -> list:
        """Lists of ``(index, path)`` balanced by file size."""
        sizes = []
        for path in paths:
            try:
                sizes.append(os.path.getsize(path))
            except OSError:
                sizes.append(0)        # reported when read
        total = sum(sizes)
        target = max(1, min(_BATCH_BYTES, total // (self.workers * _BATCHES_PER_WORKER) + 1))
        batches, current, filled = [], [], 0
        for i, (path, size) in enumerate(zip(paths, sizes)):
            current.append((i, path))
            filled += size
            if filled >= target:
                batches.append(current)
                current, filled = [], 0
        if current:
            batches.append(current)
        return batches

    def _parser(self):
        """A feed instance that parses tables for one batch (made here, in
        the calling thread: creating objects is not thread-safe)."""
        parser = self.feed(dataname=io.BytesIO(b''), **self.feedkwargs)
        parser._start()
        return parser

    def _load_batch(self, batch: list, parser) -> list:
        """``[(index, arrays or LoadError)]`` for the files of ``batch``."""
        if not parser._vectorised():
            # a feed parsing line by line (custom _loadline): the run reads it
            return [(i, _check_readable(path)) for i, path in batch]
        joined = self._parse_joined(batch, parser) if len(batch) > 1 else None
        if joined is not None:
            return joined
        return [(i, self._parse_one(path, parser)) for i, path in batch]

    def _parse_joined(self, batch: list, parser) -> Optional[list]:
        """The files of ``batch`` read into one buffer and parsed as one table;
        None if they must go one by one (unreadable or odd file, parse error,
        a feed class whose parse is not row by row)."""
        if not parser._rowwise_parse():
            return None
        try:
            sizes = [os.path.getsize(path) for _, path in batch]
        except OSError:
            return None
        offsets = np.zeros(len(batch) + 1, dtype=np.int64)
        buf = CSVTable.padded_buffer(sum(sizes) + len(sizes))
        view = memoryview(buf)
        pos = 0
        headers = parser.p.headers
        header_blanks = 0        # empty lines the blanked-out headers make
        for k, ((_, path), size) in enumerate(zip(batch, sizes)):
            offsets[k] = pos
            try:
                with open(path, 'rb', buffering=0) as f:
                    got = f.readinto(view[pos:pos + size])
            except OSError:
                return None
            if got != size:
                return None
            part = buf[pos:pos + size]
            crs = np.flatnonzero(part == _CR)
            if len(crs) and (crs[-1] == size - 1 or (part[crs + 1] != _NL).any()):
                return None           # old Mac '\r' line ends: each file is split alone
            if headers:
                # the header becomes blank lines, which the table skips
                ends = np.flatnonzero(part == _NL)
                blanked = int(ends[0]) + 1 if len(ends) else size
                part[:blanked] = _NL
                header_blanks += blanked
            pos += size
            if size and buf[pos - 1] != _NL:
                buf[pos] = _NL
                pos += 1
        offsets[-1] = pos
        try:
            table = CSVTable.from_buffer(buf, pos, parser.p.separator, 'batch',
                                         type(parser).__name__)
            rows = table.rows_per_part(offsets)
            if rows is None or len(table.blanks) != header_blanks:
                # (an empty line of a file ends its reading with an error)
                return None
            arrays = parser._parse_table(table)
        except Exception:          # some file is bad: each is parsed (and reported) alone
            return None
        if any(len(a) != table.n for a in arrays.values()):
            return None
        bounds = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(rows, out=bounds[1:])
        return [(i, {name: a[bounds[k]:bounds[k + 1]] for name, a in arrays.items()})
                for k, (i, _) in enumerate(batch)]

    @staticmethod
    def _parse_one(path, parser):
        try:
            table = CSVTable.from_source(path, parser.p.separator, parser.p.headers,
                                         os.fspath(path), type(parser).__name__)
            arrays, error = parser._arrays_until_error(table)
            if error is not None:
                raise error
            return arrays
        except Exception as exc:
            return LoadError(os.fspath(path), _line_of(exc), _reason(exc), exc)

    def _bar(self, total: int):
        show = self.progressbar
        if show is None:
            show = total >= _BAR_MIN_FILES and sys.stderr.isatty()
        if not show:
            return None
        from tqdm import tqdm
        return tqdm(total=total, unit='file', desc='loading CSV files')


def _expand(sources: Sources, pattern: str) -> list:
    """File paths named by ``sources`` (folders, glob patterns or paths)."""
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    paths = []
    for src in sources:
        src = os.fspath(src)
        if os.path.isdir(src):
            paths.extend(sorted(_glob.glob(os.path.join(src, pattern))))
        elif _glob.has_magic(src):
            paths.extend(sorted(_glob.glob(src)))
        else:
            paths.append(src)
    return paths


def _check_readable(path):
    try:
        with open(path, 'rb'):
            return None
    except OSError as exc:
        return LoadError(os.fspath(path), None, _reason(exc), exc)


def _line_of(exc: BaseException) -> Optional[int]:
    match = _LINE.search(str(exc))
    return int(match.group(1)) if match else None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return 'file not found'
    return '%s: %s' % (type(exc).__name__, exc)


def _datetimes(dtnums: np.ndarray) -> np.ndarray:
    """``num2date`` of every date number, vectorised with the same float steps
    (so the same microseconds), as ``datetime64[us]``."""
    x = np.asarray(dtnums, dtype=np.float64)
    ordinal = np.floor(x)
    frac, hours = np.modf(HOURS_PER_DAY * (x - ordinal))
    frac, minutes = np.modf(MINUTES_PER_HOUR * frac)
    frac, seconds = np.modf(SECONDS_PER_MINUTE * frac)
    micro = np.trunc(MUSECONDS_PER_SECOND * frac).astype(np.int64)
    micro[micro < 10] = 0
    micro[micro > 999990] = 1000000      # num2date rounds these up to the next second
    us = ((((ordinal.astype(np.int64) - _UNIX_ORDINAL) * 24 + hours.astype(np.int64)) * 60
           + minutes.astype(np.int64)) * 60 + seconds.astype(np.int64)) * 1000000 + micro
    return us.view('datetime64[us]')
