"""``CSVTable``: a separated-values file split into rows and tokens, with
exact vectorised converters.

The reference semantics are those of reading the file line by line: every
line (universal newlines) has its trailing newline removed and is split with
``str.split(separator)``; numbers are Python ``float(token)``. Two layouts
give those semantics:

* the byte layout (fast path): the file's bytes in one numpy array plus the
  start/end offset of every token. Used when the separator is one ASCII byte
  and every row has the same number of tokens (the normal case). Numbers with
  at most 15 significant digits and no exponent are converted with integer
  arithmetic and one correctly rounded division (exactly ``float()``); the
  rare other tokens go through ``float()`` one by one.
* the token layout (fallback): Python ``str.split`` per line, for ragged
  rows, multi-character separators and old Mac line ends.

Empty lines are skipped (upstream stops with an exception on them).
"""
from __future__ import annotations

import csv
import io
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Optional

import numpy as np

try:
    import pandas as pd
except ImportError:  # pragma: no cover - pandas is optional for CSV feeds
    pd = None

from ..core.errors import DataFormatError

__all__ = ['CSVTable', 'read_source_bytes', 'exact_floats_from_bytes']

# pandas parses decimal text exactly like float() from 3.0 on (its default
# parser became correctly rounded); older versions need the round-trip parser
_PANDAS_FLOAT_KW: dict = {}
if pd is not None and int(pd.__version__.split('.')[0]) < 3:
    _PANDAS_FLOAT_KW = {'float_precision': 'round_trip'}
_PANDAS_MIN_ROWS = 20000      # below this the numpy path is as fast and needs no thread
_executor: Optional[ThreadPoolExecutor] = None


def _background() -> ThreadPoolExecutor:
    """One worker thread: pandas' C tokenizer releases the GIL, so numbers are
    parsed there while the caller decodes the dates."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix='bt-csv')
    return _executor

_NL = 10
_CR = 13
_MAX_FAST_DIGITS = 15        # any 15-digit integer is exact in a double (< 2**53)
_MAX_FAST_WIDTH = 17         # sign + 15 digits + dot
_POW10 = np.array([10.0 ** k for k in range(23)])   # exact powers of ten
_PAD = 32                    # zero bytes appended so fixed-width gathers never overrun


def read_source_bytes(source) -> bytes:
    """The whole content of a path or file-like object as bytes."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, 'rb') as f:
            return f.read()
    data = source.read()
    if isinstance(data, str):
        data = data.encode('utf-8')
    return data


class CSVTable:
    """Rows and tokens of a CSV source (see the module docstring).

    Attributes: ``n`` rows (empty lines excluded), ``linenos`` (1-based file
    line of every row), ``ncols`` (tokens in the shortest row) and
    ``ntokens`` (tokens per row). ``describe`` names the source in errors.
    """

    def __init__(self, describe: str, owner: str) -> None:
        self.describe = describe
        self.owner = owner
        self.n = 0
        self.linenos = np.zeros(0, dtype=np.int64)
        self.ncols = 0
        self.ntokens = np.zeros(0, dtype=np.int64)
        self.take_rows = None          # set on tables made by take(): rows != file rows
        # byte layout
        self._buf: Optional[np.ndarray] = None
        self._starts: Optional[np.ndarray] = None     # (n, ncols)
        self._ends: Optional[np.ndarray] = None
        # token layout
        self._rows: Optional[list] = None
        self._colcache: dict = {}
        self._raw: Optional[bytes] = None
        self._headers = False
        self._separator = ','

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_bytes(cls, raw: bytes, separator: str, headers: bool, describe: str,
                   owner: str) -> 'CSVTable':
        """Split ``raw`` (whole file) into rows/tokens, skipping a header line."""
        table = cls(describe, owner)
        table._raw = raw
        table._headers = headers
        table._separator = separator
        sepb = separator.encode('utf-8') if isinstance(separator, str) else bytes(separator)
        if len(sepb) == 1 and sepb not in (b'\n', b'\r') and table._split_fast(raw, sepb[0],
                                                                                headers):
            return table
        table._split_tokens(raw, separator, headers)
        return table

    def _split_fast(self, raw: bytes, sep: int, headers: bool) -> bool:
        first = 0
        lineno0 = 1
        if headers:
            nl0 = raw.find(b'\n')
            if nl0 < 0:
                if b'\r' in raw:
                    return False
                return True                      # only a header line: no rows
            first = nl0 + 1
            lineno0 = 2
        body = raw[first:]
        if body and not body.endswith(b'\n'):
            body += b'\n'
        buf = np.frombuffer(body + b'\x00' * _PAD, dtype=np.uint8)
        size = len(body)
        nl = np.flatnonzero(buf[:size] == _NL)
        starts = np.empty(len(nl), dtype=np.int64)
        if len(nl):
            starts[0] = 0
            starts[1:] = nl[:-1] + 1
        ends = nl.astype(np.int64)
        cr = np.zeros(len(nl), dtype=bool)
        if len(nl):
            cr = buf[np.maximum(ends - 1, 0)] == _CR
            cr &= ends > starts
            ends = ends - cr
        ncr = int(np.count_nonzero(buf[:size] == _CR))
        if ncr != int(np.count_nonzero(cr)):
            return False                         # bare '\r' line ends: universal newlines
        linenos = np.arange(len(nl), dtype=np.int64) + lineno0
        blank = ends == starts
        if blank.any():
            keep = ~blank
            starts, ends, linenos = starts[keep], ends[keep], linenos[keep]
        n = len(starts)
        sp = np.flatnonzero(buf[:size] == sep)
        if n == 0:
            if len(sp):
                return False
            self.n = 0
            return True
        if len(sp) % n:
            return False
        k = len(sp) // n
        if k:
            sp2 = sp.reshape(n, k)
            if not ((sp2[:, 0] >= starts).all() and (sp2[:, -1] < ends).all()):
                return False
            colstarts = np.empty((n, k + 1), dtype=np.int64)
            colends = np.empty((n, k + 1), dtype=np.int64)
            colstarts[:, 0] = starts
            colstarts[:, 1:] = sp2 + 1
            colends[:, :k] = sp2
            colends[:, k] = ends
        else:
            colstarts = starts[:, None]
            colends = ends[:, None]
        self._buf = buf
        self._starts = colstarts
        self._ends = colends
        self.n = n
        self.ncols = k + 1
        self.ntokens = np.full(n, k + 1, dtype=np.int64)
        self.linenos = linenos
        return True

    def _split_tokens(self, raw: bytes, separator: str, headers: bool) -> None:
        text = raw.decode('utf-8', errors='replace')
        text = text.replace('\r\n', '\n').replace('\r', '\n')
        lines = text.split('\n')
        if lines and lines[-1] == '':
            lines.pop()
        start = 1 if headers else 0
        rows, linenos = [], []
        for i in range(start, len(lines)):
            line = lines[i]
            if line:
                rows.append(line.split(separator))
                linenos.append(i + 1)
        self._rows = rows
        self.n = len(rows)
        self.linenos = np.array(linenos, dtype=np.int64)
        self.ntokens = np.array([len(r) for r in rows], dtype=np.int64)
        self.ncols = int(self.ntokens.min()) if rows else 0

    # -- row selection ----------------------------------------------------------------------
    def take(self, rows: np.ndarray) -> 'CSVTable':
        """A table holding only the rows selected by ``rows`` (bool mask or indices)."""
        out = CSVTable(self.describe, self.owner)
        out.take_rows = True
        idx = np.arange(self.n)[rows]
        out.n = len(idx)
        out.linenos = self.linenos[idx]
        out.ntokens = self.ntokens[idx]
        out.ncols = int(out.ntokens.min()) if out.n else self.ncols
        if self._rows is not None:
            out._rows = [self._rows[i] for i in idx]
        else:
            out._buf = self._buf
            out._starts = self._starts[idx]
            out._ends = self._ends[idx]
        return out

    # -- errors --------------------------------------------------------------------------------
    def error_prefix(self, row: int) -> str:
        return '%s: %s line %d' % (self.owner, self.describe, self.linenos[row])

    def require_column(self, col: int, what: str) -> None:
        """Raise ``DataFormatError`` naming ``what`` if some row lacks token ``col``."""
        if col < 0:
            return
        short = np.flatnonzero(self.ntokens <= col)
        if len(short):
            i = int(short[0])
            raise DataFormatError(
                '%s has %d column%s but %s is column %d (0-based); check the feed\'s '
                'column params' % (self.error_prefix(i), self.ntokens[i],
                                   '' if self.ntokens[i] == 1 else 's', what, col))

    # -- token access ---------------------------------------------------------------------------
    def strings(self, col: int) -> np.ndarray:
        """Column ``col`` as an object array of ``str`` (None where a row is short)."""
        cached = self._colcache.get(col)
        if cached is not None:
            return cached
        if self._rows is not None:
            out = np.array([r[col] if len(r) > col else None for r in self._rows], dtype=object)
        else:
            out = np.empty(self.n, dtype=object)
            if self.n:
                s = self._starts[:, col]
                lens = self._ends[:, col] - s
                width = max(int(lens.max()), 1)
                mat = fixed_gather(self._buf, s, width)
                mat = np.where(np.arange(width)[None, :] < lens[:, None], mat, 0)
                asbytes = np.ascontiguousarray(mat, dtype=np.uint8).view('S%d' % width).ravel()
                try:
                    out[:] = np.char.decode(asbytes, 'ascii')
                except UnicodeDecodeError:
                    out[:] = [b.decode('utf-8', errors='replace') for b in asbytes]
        self._colcache[col] = out
        return out

    def token(self, row: int, col: int) -> str:
        if self._rows is not None:
            r = self._rows[row]
            return r[col] if len(r) > col else ''
        s, e = int(self._starts[row, col]), int(self._ends[row, col])
        return bytes(self._buf[s:e]).decode('utf-8', errors='replace')

    def fixed(self, col: int, width: int, exact: bool = True) -> Optional[np.ndarray]:
        """(n, width) uint8 matrix of the first ``width`` bytes of every token of
        ``col``; None unless every token is exactly (``exact``) or at least
        ``width`` bytes long (and ASCII)."""
        if self._rows is not None:
            toks = self.strings(col)
            try:
                lens = np.fromiter((len(t) for t in toks), dtype=np.int64, count=self.n)
            except TypeError:
                return None
            if (lens != width).any() if exact else (lens < width).any():
                return None
            try:
                arr = np.array([t[:width] for t in toks], dtype='S%d' % width)
            except UnicodeEncodeError:
                return None
            if width == 0:
                return np.zeros((self.n, 0), dtype=np.uint8)
            mat = arr.view(np.uint8).reshape(self.n, width)
            return mat
        lens = self._ends[:, col] - self._starts[:, col]
        if (lens != width).any() if exact else (lens < width).any():
            return None
        return fixed_gather(self._buf, self._starts[:, col], width)

    def lengths(self, col: int) -> np.ndarray:
        if self._rows is not None:
            return np.fromiter((len(r[col]) if len(r) > col else -1 for r in self._rows),
                               dtype=np.int64, count=self.n)
        return self._ends[:, col] - self._starts[:, col]

    # -- numbers -----------------------------------------------------------------------------------
    def floats(self, col: int, nullvalue: float = float('nan'), what: str = '',
               rows: Optional[np.ndarray] = None) -> np.ndarray:
        """Column ``col`` as float64, each value equal to ``float(token)``; empty
        tokens give ``nullvalue``. A bad token raises ``DataFormatError`` naming
        file, line and column."""
        if self._rows is not None:
            toks = self.strings(col)
            return _floats_from_strings(self, toks, col, nullvalue, what)
        if not self.n:
            return np.zeros(0)
        return exact_floats_from_bytes(self._buf, self._starts[:, col], self._ends[:, col],
                                       nullvalue, lambda i: self._bad_number(i, col, what))

    def floats_async(self, columns: list, nullvalue: float = float('nan')) -> Callable[[], dict]:
        """Start converting ``columns`` (list of ``(col, what)``) to floats.

        Returns a function giving ``{col: float64 array}`` (same values as
        ``floats``). Big tables are parsed by pandas' C reader in a worker
        thread meanwhile; anything pandas refuses is redone by ``floats``,
        which then raises the precise error.
        """
        cols = sorted({c for c, _ in columns})
        whats = dict((c, w) for c, w in columns)

        def exact() -> dict:
            return {c: self.floats(c, nullvalue, whats[c]) for c in cols}

        if (pd is None or self._rows is not None or self.n < _PANDAS_MIN_ROWS
                or not cols or self.take_rows is not None):
            return exact

        future = _background().submit(self._pandas_floats, cols)

        def join() -> dict:
            try:
                out = future.result()
            except Exception:  # pandas refused a token: locate it exactly
                return exact()
            if out is None:
                return exact()
            if nullvalue == nullvalue:  # a non-NaN nullvalue replaces empty tokens
                for c in cols:
                    empty = self._ends[:, c] == self._starts[:, c]
                    if empty.any():
                        out[c][empty] = nullvalue
            return out
        return join

    def _pandas_floats(self, cols: list) -> Optional[dict]:
        df = pd.read_csv(io.BytesIO(self._raw), sep=self._separator, header=None,
                         skiprows=1 if self._headers else 0, usecols=cols,
                         dtype={c: np.float64 for c in cols}, na_values=[''],
                         keep_default_na=False, quoting=csv.QUOTE_NONE,
                         skip_blank_lines=True, engine='c', **_PANDAS_FLOAT_KW)
        if len(df) != self.n:
            return None
        return {c: df[c].to_numpy(dtype=np.float64) for c in cols}

    def _bad_number(self, row: int, col: int, what: str) -> float:
        tok = self.token(row, col)
        try:
            return float(tok)
        except ValueError:
            raise DataFormatError('%s, column %d%s: cannot convert %r to a number' % (
                self.error_prefix(row), col, ' (%s)' % what if what else '', tok)) from None


def fixed_gather(buf: np.ndarray, starts: np.ndarray, width: int) -> np.ndarray:
    """(len(starts), width) matrix ``buf[starts[i] + j]`` (the buffer is padded)."""
    if width == 0:
        return np.zeros((len(starts), 0), dtype=np.uint8)
    if width == 1:
        return buf[starts][:, None]
    return buf[starts[:, None] + np.arange(width)]


def exact_floats_from_bytes(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                            nullvalue: float, slow: Callable[[int], float]) -> np.ndarray:
    """Tokens ``buf[starts[i]:ends[i]]`` -> float64 exactly as ``float()``.

    Fast tokens: optional sign, digits with at most one dot, 1..15 digits. Their
    value is ``M / 10**k`` with both operands exact doubles, so the single
    correctly rounded division equals the correctly rounded decimal, i.e.
    ``float(token)``. Empty tokens give ``nullvalue``; other tokens are handed to
    ``slow(row)`` (Python ``float`` or an error).
    """
    n = len(starts)
    lens = ends - starts
    out = np.empty(n)
    if n == 0:
        return out
    maxlen = int(lens.max())
    width = min(maxlen, _MAX_FAST_WIDTH)
    if width == 0:
        out.fill(nullvalue)
        return out
    mat = fixed_gather(buf, starts, width)
    pos = np.arange(width)
    intok = pos[None, :] < lens[:, None]
    isdigit = (mat >= 48) & (mat <= 57) & intok
    isdot = (mat == 46) & intok
    first = mat[:, 0]
    neg = (first == 45) & (lens > 0)
    signed = neg | ((first == 43) & (lens > 0))
    valid = isdigit | isdot | ~intok
    valid[:, 0] |= signed
    ndigits = isdigit.sum(axis=1)
    ok = valid.all(axis=1) & (isdot.sum(axis=1) <= 1) & (ndigits >= 1) \
        & (ndigits <= _MAX_FAST_DIGITS) & (lens <= width)
    digits = mat.astype(np.int64) - 48
    mant = np.zeros(n, dtype=np.int64)
    for j in range(width):
        dj = isdigit[:, j]
        mant = np.where(dj, mant * 10 + digits[:, j], mant)
    hasdot = isdot.any(axis=1)
    dotpos = np.where(hasdot, isdot.argmax(axis=1), width)
    nfrac = (isdigit & (pos[None, :] > dotpos[:, None])).sum(axis=1)
    vals = mant.astype(np.float64) / _POW10[np.minimum(nfrac, 22)]
    np.negative(vals, out=vals, where=neg)
    out[:] = vals
    empty = lens == 0
    if empty.any():
        out[empty] = nullvalue
    bad = np.flatnonzero(~ok & ~empty)
    for i in bad:
        out[i] = slow(int(i))
    return out


def _floats_from_strings(table: CSVTable, toks: np.ndarray, col: int, nullvalue: float,
                         what: str) -> np.ndarray:
    """Object array of tokens -> float64 (numpy calls ``float`` on each)."""
    if (toks == None).any():  # noqa: E711 - elementwise test for short rows
        table.require_column(col, what or 'a field')
    empty = toks == ''
    work = np.where(empty, '0', toks)
    try:
        out = work.astype(np.float64)
    except (ValueError, TypeError):
        for i, t in enumerate(work):
            try:
                float(t)
            except ValueError:
                raise DataFormatError('%s, column %d%s: cannot convert %r to a number' % (
                    table.error_prefix(i), col, ' (%s)' % what if what else '', t)) from None
        raise
    if empty.any():
        out[empty] = nullvalue
    return out
