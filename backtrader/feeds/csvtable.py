"""``CSVTable``: a separated-values source split into rows and tokens, with
exact vectorised converters.

The reference semantics are those of reading the file line by line: each line
(universal newlines) loses its line end and is split with
``str.split(separator)``; numbers are Python ``float(token)``. Two layouts give
those semantics:

* byte layout (fast path): the raw bytes in one numpy array, the start/end of
  every row and, computed only when a caller needs them, the separator
  positions. Used when the separator is one ASCII byte and every row has the
  same number of tokens (checked).
* token layout (fallback): ``str.split`` per line, for ragged rows,
  multi-character separators and old Mac line ends.

Numbers: the byte layout goes through the exact SWAR decimal parser
(``decimals``: a token's value is its integer digits divided once by a power
of ten, both exact doubles, so the correctly rounded quotient is ``float()``'s
value); tokens it refuses (exponents, 'nan', more than 15 digits...) get
``float()`` or the error naming file, line and column. Odd files fall back to
numpy's C reader (``np.loadtxt``) or to ``exact_floats_from_bytes``. Dates are
decoded by ``dtparse``. Empty lines are not rows: the table records where they
were (``blanks``) and the feed stops with ``MissingFieldError`` when its reading
reaches one, as the original does.
"""
from __future__ import annotations

import csv
import io
import os
from typing import Callable, Optional

import numpy as np


from ..core.errors import DataFormatError, MissingFieldError
from .decimals import (DecimalWork, byte_words, find_fields_back, parse_decimals,
                       parse_fields_back)

__all__ = ['CSVTable', 'exact_floats_from_bytes', 'fixed_gather']

_NL = 10
_CR = 13
_PAD = 64                    # zero bytes after the data: fixed-width gathers never overrun
_BLOCK = 1 << 18             # scan block: keeps temporaries small and reused
_MAX_FAST_DIGITS = 15        # any 15-digit integer is exact in a double (< 2**53)
_MAX_FAST_WIDTH = 17         # sign + 15 digits + dot
_POW10 = np.array([10.0 ** k for k in range(23)])   # exact powers of ten

_LOADTXT_MIN_BYTES = 1 << 20  # smaller sources: the byte-level numpy path is as fast
_NUMBER_BYTES = frozenset(b'0123456789.+-\r\n')   # separators the SWAR parser cannot split on
_WALK_ROWS = 1 << 14          # rows per block when splitting rows from their ends
_SLOW_TOKENS = 4096           # refused tokens float() may convert before loadtxt is better


def _read_padded(source) -> tuple:
    """(uint8 array holding the source followed by zero padding, data size)."""
    if isinstance(source, (str, os.PathLike)):
        size = os.path.getsize(source)
        buf = np.empty(size + _PAD + 1, dtype=np.uint8)
        with open(source, 'rb', buffering=0) as f:
            view = memoryview(buf)[:size]
            got = 0
            while got < size:
                k = f.readinto(view[got:])
                if not k:
                    break
                got += k
        size = got
    else:
        data = source.read()
        if isinstance(data, str):
            data = data.encode('utf-8')
        size = len(data)
        buf = np.empty(size + _PAD + 1, dtype=np.uint8)
        buf[:size] = np.frombuffer(data, dtype=np.uint8)
    buf[size:] = 0
    return buf, size


def _positions(buf: np.ndarray, lo: int, hi: int, value: int) -> np.ndarray:
    """Sorted int64 offsets of ``value`` in ``buf[lo:hi]`` (blockwise scan)."""
    tmp = np.empty(min(_BLOCK, max(hi - lo, 1)), dtype=bool)
    parts = []
    for b in range(lo, hi, _BLOCK):
        e = min(b + _BLOCK, hi)
        t = tmp[:e - b]
        np.equal(buf[b:e], value, out=t)
        idx = np.flatnonzero(t)
        if len(idx):
            idx += b
            parts.append(idx)
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


def _find(buf: np.ndarray, lo: int, hi: int, value: int) -> int:
    """Offset of the first ``value`` in ``buf[lo:hi]``, or -1."""
    b, step = lo, 4096
    while b < hi:
        e = min(b + step, hi)
        hits = np.flatnonzero(buf[b:e] == value)
        if len(hits):
            return b + int(hits[0])
        b, step = e, min(step * 4, _BLOCK)
    return -1


class CSVTable:
    """Rows and tokens of a CSV source (see the module docstring).

    ``n`` rows (empty lines excluded), ``linenos`` (1-based file line of every
    row), ``ncols`` (tokens in the shortest row), ``ntokens`` (tokens per row),
    ``blanks`` (per empty line, in file order: its line number and the number
    of rows before it); ``describe`` and ``owner`` name the source and the feed
    in errors.
    """

    def __init__(self, describe: str, owner: str) -> None:
        self.describe = describe
        self.owner = owner
        self._n = 0
        self._linenos = np.zeros(0, dtype=np.int64)
        self._blanks = np.zeros((0, 2), dtype=np.int64)
        self._ncols = 0
        self._split = True             # rows located (False until first use)
        self._ntokens: Optional[np.ndarray] = None
        self._source = None            # path for pandas (None: use the bytes)
        self._separator = ','
        self._headers = False
        self._derived = False          # made by take(): rows differ from the file
        # byte layout
        self._buf: Optional[np.ndarray] = None
        self._size = 0
        self._first = 0                # offset of the first data byte (after header)
        self._sep = -1
        self._rstart: Optional[np.ndarray] = None
        self._rend: Optional[np.ndarray] = None
        self._sp: Optional[np.ndarray] = None    # (n, ncols - 1) separator offsets
        # token layout
        self._rows: Optional[list] = None
        self._colcache: dict = {}

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_source(cls, source, separator: str, headers: bool, describe: str,
                    owner: str) -> 'CSVTable':
        """Read a path or file-like object; the header line is skipped if ``headers``."""
        buf, size = _read_padded(source)
        table = cls(describe, owner)
        table._headers = headers
        table._separator = separator
        if isinstance(source, (str, os.PathLike)):
            table._source = os.fspath(source)
        table._buf, table._size = buf, size
        table._split = False           # rows are located on first use
        return table

    @staticmethod
    def padded_buffer(size: int) -> np.ndarray:
        """An uninitialised buffer for ``size`` data bytes plus the zero padding
        the parsers expect (see ``from_buffer``)."""
        return np.empty(size + _PAD + 1, dtype=np.uint8)

    @classmethod
    def from_buffer(cls, buf: np.ndarray, size: int, separator: str, describe: str,
                    owner: str) -> 'CSVTable':
        """A table over ``buf[:size]`` (a ``padded_buffer``, no header line),
        e.g. the data rows of several files laid end to end, each ending with a
        line end: ``rows_per_part`` then tells which rows came from which."""
        buf[size:] = 0
        table = cls(describe, owner)
        table._separator = separator
        table._buf, table._size = buf, size
        table._split = False
        return table

    def rows_per_part(self, offsets: np.ndarray) -> Optional[np.ndarray]:
        """Rows of each part of a ``from_parts`` table (None if the table had
        to leave the byte layout: its rows cannot be traced to the parts)."""
        if not self._byte_layout():
            return None
        bounds = np.searchsorted(self._rstart, offsets)
        return np.diff(bounds)

    def _ensure(self) -> None:
        if self._split:
            return
        self._split = True
        sep = self._separator
        sepb = sep.encode('utf-8') if isinstance(sep, str) else bytes(sep)
        if not (len(sepb) == 1 and sepb not in (b'\n', b'\r') and self._split_rows(sepb[0])):
            self._to_tokens()

    # rows, file line numbers and columns (rows are located lazily)
    @property
    def n(self) -> int:
        self._ensure()
        return self._n

    @n.setter
    def n(self, value: int) -> None:
        self._n = value

    @property
    def linenos(self) -> np.ndarray:
        self._ensure()
        return self._linenos

    @linenos.setter
    def linenos(self, value) -> None:
        self._linenos = value

    @property
    def ncols(self) -> int:
        self._ensure()
        return self._ncols

    @property
    def blanks(self) -> np.ndarray:
        """(k, 2) int64: line number of each empty line and rows before it."""
        self._ensure()
        return self._blanks

    @ncols.setter
    def ncols(self, value: int) -> None:
        self._ncols = value

    @classmethod
    def from_bytes(cls, raw: bytes, separator: str, headers: bool, describe: str,
                   owner: str) -> 'CSVTable':
        return cls.from_source(io.BytesIO(raw), separator, headers, describe, owner)

    def _split_rows(self, sep: int) -> bool:
        buf, size = self._buf, self._size
        first, lineno0 = 0, 1
        if self._headers:
            h = _find(buf, 0, size, _NL)
            first = size if h < 0 else h + 1
            lineno0 = 2
        if size > first and buf[size - 1] != _NL:
            buf[size] = _NL          # last line without a line end
            size += 1
            self._size = size
        self._first = first
        nl = _positions(buf, first, size, _NL)
        starts = np.empty(len(nl), dtype=np.int64)
        if len(nl):
            starts[0] = first
            starts[1:] = nl[:-1] + 1
        ends = nl
        if len(nl):
            cr = buf[np.maximum(ends - 1, 0)] == _CR
            cr &= ends > starts
            if cr.any():
                ends = ends - cr
        # bare '\r' line ends (universal newlines) only matter for old Mac files:
        # look for them where such a file would show them, at its start
        head = buf[first:min(size, first + 65536)]
        crpos = np.flatnonzero(head == _CR)
        if len(crpos) and (buf[first + crpos + 1] != _NL).any():
            return False
        linenos = np.arange(len(nl), dtype=np.int64) + lineno0
        blank = ends == starts
        if blank.any():
            keep = ~blank
            where = np.flatnonzero(blank)
            self._blanks = np.column_stack((linenos[where], where - np.arange(len(where))))
            starts, ends, linenos = starts[keep], ends[keep], linenos[keep]
        n = len(starts)
        self._sep = sep
        self._rstart, self._rend, self.linenos, self.n = starts, ends, linenos, n
        if n == 0:
            self.ncols = 0
            self._ntokens = np.zeros(0, dtype=np.int64)
            return True
        # tokens of the first row; every row is checked when the separators
        # are located (see _separators), or by pandas (NaN or error -> exact path)
        k = int(np.count_nonzero(buf[starts[0]:ends[0]] == sep))
        self.ncols = k + 1
        return True

    def _separators(self) -> bool:
        """Compute the separator matrix; False if the rows are ragged after all."""
        if self._sp is not None:
            return True
        k = self.ncols - 1
        n = self.n
        if k <= 0 or n == 0:           # one column, or no row at all
            self._sp = np.zeros((n, max(k, 0)), dtype=np.int64)
            return True
        sp = _positions(self._buf, self._first, self._size, self._sep)
        if len(sp) != n * k:
            return False
        sp2 = sp.reshape(n, k)
        if not ((sp2[:, 0] >= self._rstart).all() and (sp2[:, -1] < self._rend).all()):
            return False
        self._sp = sp2
        return True

    def _byte_layout(self) -> bool:
        """True when the byte layout is usable (switches to tokens otherwise)."""
        self._ensure()
        if self._rows is not None:
            return False
        if self._separators():
            return True
        self._to_tokens()
        return False

    def _to_tokens(self) -> None:
        """Switch to the token layout (Python ``str.split`` of every line)."""
        raw = bytes(self._buf[:self._size])
        text = raw.decode('utf-8', errors='replace')
        text = text.replace('\r\n', '\n').replace('\r', '\n')
        lines = text.split('\n')
        if lines and lines[-1] == '':
            lines.pop()
        start = 1 if self._headers else 0
        rows, linenos, blanks = [], [], []
        sep = self._separator
        for i in range(start, len(lines)):
            line = lines[i]
            if line:
                rows.append(line.split(sep))
                linenos.append(i + 1)
            else:
                blanks.append((i + 1, len(rows)))
        self._rows = rows
        self._blanks = np.array(blanks, dtype=np.int64).reshape(len(blanks), 2)
        self._buf = None
        self._sp = self._rstart = self._rend = None
        self.n = len(rows)
        self.linenos = np.array(linenos, dtype=np.int64)
        self._ntokens = np.array([len(r) for r in rows], dtype=np.int64)
        self.ncols = int(self._ntokens.min()) if rows else 0

    @property
    def ntokens(self) -> np.ndarray:
        """Tokens per row (locating the separators proves rows are uniform)."""
        self._byte_layout()
        if self._ntokens is None:
            self._ntokens = np.full(self.n, self.ncols, dtype=np.int64)
        return self._ntokens

    def shift_lines(self, offset: int) -> None:
        """Number the rows as lines of a larger file in which this table's
        text starts after ``offset`` lines (a block of a streamed file)."""
        if not offset:
            return
        self._ensure()
        self._linenos = self._linenos + offset
        if len(self._blanks):
            self._blanks = self._blanks + np.array([offset, 0], dtype=np.int64)

    # -- row selection ----------------------------------------------------------------------
    def take(self, rows) -> 'CSVTable':
        """A table holding only the rows selected by ``rows`` (bool mask or indices)."""
        out = CSVTable(self.describe, self.owner)
        out._derived = True
        out._separator = self._separator
        idx = np.arange(self.n)[rows]
        out.n = len(idx)
        out.linenos = self.linenos[idx]
        out._ntokens = self.ntokens[idx]
        out.ncols = int(out._ntokens.min()) if out.n else self.ncols
        if self._byte_layout():
            out._buf, out._size, out._sep = self._buf, self._size, self._sep
            out._rstart, out._rend = self._rstart[idx], self._rend[idx]
            out._sp = self._sp[idx]
        else:
            out._rows = [self._rows[i] for i in idx]
        return out

    # -- errors --------------------------------------------------------------------------------
    def error_prefix(self, row: int) -> str:
        """The start of every error about one row: ``<feed>: <source> line <n>``."""
        return '%s: %s line %d' % (self.owner, self.describe, self.linenos[row])

    def error_lineno(self, exc: Exception) -> Optional[int]:
        """The file line an error about one row of this table names, or None."""
        head = '%s: %s line ' % (self.owner, self.describe)
        text = str(exc)
        if not text.startswith(head):
            return None
        digits = text[len(head):len(head) + 20]
        end = next((k for k, ch in enumerate(digits) if not ch.isdigit()), len(digits))
        return int(digits[:end]) if end else None

    def cut_at_blank(self, backwards: bool = False) -> tuple:
        """``(table, error)``: the rows a reader meets before the first empty
        line -- reading the file forwards, or from its end with ``backwards``
        -- and the ``MissingFieldError`` it stops with there (``(self, None)``
        without empty lines)."""
        blanks = self.blanks
        if not len(blanks):
            return self, None
        lineno, before = blanks[-1] if backwards else blanks[0]
        error = MissingFieldError(
            '%s: %s line %d is empty; remove the empty lines from the file'
            % (self.owner, self.describe, lineno))
        rows = slice(int(before), self.n) if backwards else slice(0, int(before))
        return self.take(rows), error

    def require_column(self, col: int, what: str) -> None:
        """Raise ``MissingFieldError`` naming ``what`` if some row lacks token ``col``."""
        if col < 0 or not self.n:
            return
        if self._rows is None and col < self.ncols:
            return
        short = np.flatnonzero(self.ntokens <= col)
        if len(short):
            i = int(short[0])
            nt = int(self.ntokens[i])
            raise MissingFieldError(
                "%s has %d column%s but %s is column %d (0-based); check the feed's "
                'column params' % (self.error_prefix(i), nt, '' if nt == 1 else 's', what, col))

    # -- token access ---------------------------------------------------------------------------
    def bounds(self, col: int) -> tuple:
        """(starts, ends) byte offsets of column ``col`` (byte layout only)."""
        k = self.ncols - 1
        s = self._rstart if col == 0 else self._sp[:, col - 1] + 1
        e = self._rend if col == k else self._sp[:, col]
        return s, e

    def fixed_bounds(self, col: int, width: int) -> Optional[tuple]:
        """Bounds of column ``col`` if every token is exactly ``width`` bytes,
        found without the separator scan for column 0; else None."""
        self._ensure()
        if self._rows is not None:
            return None
        if col == 0 and self._sp is None:
            # callers guarantee the decoded bytes cannot be the separator
            s = self._rstart
            e = s + width
            if self.ncols == 1:
                ok = (e == self._rend).all()
            else:
                ok = (e < self._rend).all() and (self._buf[e] == self._sep).all()
            return (s, e) if ok else None
        if not self._byte_layout():
            return None
        s, e = self.bounds(col)
        return (s, e) if ((e - s) == width).all() else None

    def strings(self, col: int) -> np.ndarray:
        """Column ``col`` as an object array of ``str`` (None where a row is short)."""
        cached = self._colcache.get(col)
        if cached is not None:
            return cached
        out = np.empty(self.n, dtype=object)
        if self._byte_layout():
            if self.n:
                s, e = self.bounds(col)
                lens = e - s
                width = max(int(lens.max()), 1)
                mat = fixed_gather(self._buf, s, width)
                mat = np.where(np.arange(width)[None, :] < lens[:, None], mat, 0)
                asbytes = np.ascontiguousarray(mat, dtype=np.uint8).view('S%d' % width).ravel()
                try:
                    out[:] = np.char.decode(asbytes, 'ascii')
                except UnicodeDecodeError:
                    out[:] = [b.decode('utf-8', errors='replace') for b in asbytes]
        else:
            out[:] = [r[col] if len(r) > col else None for r in self._rows]
        self._colcache[col] = out
        return out

    def token(self, row: int, col: int) -> str:
        if self._byte_layout():
            s, e = self.bounds(col)
            return bytes(self._buf[int(s[row]):int(e[row])]).decode('utf-8', errors='replace')
        r = self._rows[row]
        return r[col] if len(r) > col else ''

    def lengths(self, col: int) -> np.ndarray:
        if self._byte_layout():
            s, e = self.bounds(col)
            return e - s
        return np.fromiter((len(r[col]) if len(r) > col else -1 for r in self._rows),
                           dtype=np.int64, count=self.n)

    def head_bytes(self, col: int, width: int) -> np.ndarray:
        """(n, width) uint8: the first ``width`` bytes of every token of ``col``
        (bytes past a shorter token are unspecified; check ``lengths``)."""
        if self._byte_layout():
            return fixed_gather(self._buf, self.bounds(col)[0], width)
        strings = self.strings(col)
        arr = np.array([(s or '')[:width].encode('utf-8', 'replace') for s in strings],
                       dtype='S%d' % max(width, 1))
        mat = np.zeros((self.n, width), dtype=np.uint8)
        if self.n and width:
            mat[:, :] = arr.view(np.uint8).reshape(self.n, max(width, 1))[:, :width]
        return mat

    def is_token(self, col: int, text: str) -> np.ndarray:
        """Bool per row: token ``col`` equals ``text``."""
        if self._byte_layout():
            s, e = self.bounds(col)
            raw = text.encode('utf-8')
            ok = (e - s) == len(raw)
            if raw and ok.any():
                ok &= (fixed_gather(self._buf, s, len(raw)) ==
                       np.frombuffer(raw, dtype=np.uint8)).all(axis=1)
            return ok
        return np.array([len(r) > col and r[col] == text for r in self._rows], dtype=bool)

    # -- numbers -----------------------------------------------------------------------------------
    def floats(self, col: int, nullvalue: Optional[float] = None, what: str = '',
               invalid: Optional[float] = None) -> np.ndarray:
        """Column ``col`` as float64, each value equal to ``float(token)``; empty
        tokens give ``nullvalue`` (None: they are bad tokens, as for ``float``).
        A bad token gives ``invalid``, or (None) raises ``DataFormatError``
        naming file, line and column."""
        self.require_column(col, what or 'a field')
        if nullvalue is None:
            nullvalue = invalid
            if nullvalue is None:
                empty = np.flatnonzero(self.lengths(col) == 0) if self.n else ()
                if len(empty):
                    self._bad_number(int(empty[0]), col, what)
                nullvalue = float('nan')
        if not self._byte_layout():
            return _floats_from_strings(self, self.strings(col), col, nullvalue, what, invalid)
        if not self.n:
            return np.zeros(0)
        s, e = self.bounds(col)
        return exact_floats_from_bytes(self._buf, s, e, nullvalue,
                                       lambda i: self._bad_number(i, col, what, invalid))

    def floats_many(self, columns: list, nullvalue: float = float('nan')) -> dict:
        """``{col: float64 array}`` for ``columns`` (list of ``(col, what)``),
        the values of ``floats``.

        Byte layout: every column is parsed by the exact SWAR decimal parser
        (``decimals``), the rows being split by looking back from their ends
        for the separators (their count per block of rows proves the rows are
        uniform). The few tokens it refuses get ``float()`` or the precise
        error. Other tables, odd files and files full of refused tokens use
        numpy's C reader (``np.loadtxt``, converting like ``float()``) on big
        sources, then ``floats`` for whatever it refuses or turns into NaN (an
        empty token, 'nan', a short row)."""
        cols = sorted({c for c, _ in columns})
        whats = dict((c, w) for c, w in columns)
        out = self._decimal_floats(cols, whats, nullvalue) if cols else None
        if out is not None:
            return out
        if (self._rows is None and not self._derived and cols
                and self._size >= _LOADTXT_MIN_BYTES and len(self._separator) == 1
                and max(cols) < self.ncols):
            try:
                out = self._loadtxt_floats(cols)
            except Exception:  # a token was refused: locate it exactly below
                out = None
            if out is not None and (self._rows is not None or len(out[cols[0]]) != self.n
                                    or any(np.isnan(out[c]).any() for c in cols)):
                out = None
        if out is None:
            out = {c: self.floats(c, nullvalue, whats[c]) for c in cols}
        return out

    def _decimal_floats(self, cols: list, whats: dict, nullvalue: float) -> Optional[dict]:
        """``floats_many`` by the SWAR parser, or None where it does not apply
        (token layout, ragged rows, a separator that can be part of a number,
        or too many tokens left for ``float()`` in a source loadtxt would read)."""
        self._ensure()
        if self._rows is not None or cols[0] < 0 or cols[-1] >= self.ncols:
            return None
        if self._sep in _NUMBER_BYTES:
            return None
        n = self.n
        if n == 0:
            return {c: np.zeros(0) for c in cols}
        if self._sp is None and self._derived:
            return None
        big = self._size >= _LOADTXT_MIN_BYTES and not self._derived
        budget = max(_SLOW_TOKENS, n * len(cols) // 64) if big else None
        values = {c: np.empty(n) for c in cols}
        slow = {c: [] for c in cols}      # (rows, starts, ends) left for float()
        nslow = 0
        for r0, bounds in self._column_bounds(cols, values):
            if bounds is None:
                return None               # rows are not uniform: the exact paths decide
            for c in cols:
                s, e, refused = bounds[c]
                if not len(refused):
                    continue
                empty = s[refused] == e[refused]
                values[c][refused[empty] + r0] = nullvalue
                refused = refused[~empty]
                if len(refused):
                    slow[c].append((refused + r0, s[refused], e[refused]))
                    nslow += len(refused)
                    if budget is not None and nslow > budget:
                        return None
        for c in cols:
            for rows, starts, ends in slow[c]:
                for row, a, b in zip(rows.tolist(), starts.tolist(), ends.tolist()):
                    values[c][row] = self._token_number(row, c, whats[c], a, b)
        return values

    def _column_bounds(self, cols: list, values: dict):
        """Yield ``(r0, bounds)`` per block of rows starting at row ``r0``,
        parsing the columns into ``values``: ``bounds[c]`` is ``(starts, ends,
        refused)`` (see ``decimals.parse_decimals``). ``bounds`` is None when a
        row of the block does not hold exactly ``ncols`` tokens.

        Without the separator matrix the rows are split by looking back from
        each row end for the separators, which the parser does as it goes."""
        buf, n = self._buf, self.n
        words, work = byte_words(buf), DecimalWork()
        if self._sp is not None:
            known = {c: self.bounds(c) for c in cols}
            for r0 in range(0, n, _WALK_ROWS):
                r1 = min(r0 + _WALK_ROWS, n)
                bounds = {}
                for c in cols:
                    s, e = known[c][0][r0:r1], known[c][1][r0:r1]
                    _, refused = parse_decimals(buf, s, e, values[c][r0:r1], words, work)
                    bounds[c] = (s, e, refused)
                yield r0, bounds
            return
        sep, k, want = self._sep, self.ncols - 1, set(cols)
        counted = np.empty(0, dtype=bool)
        for r0 in range(0, n, _WALK_ROWS):
            r1 = min(r0 + _WALK_ROWS, n)
            rstart, rend = self._rstart[r0:r1], self._rend[r0:r1]
            # every row must hold exactly k separators: the block holds k per
            # row in all (this pass also brings the block into the CPU cache) ...
            lo, hi = int(rstart[0]), int(rend[-1])
            if hi - lo > len(counted):
                counted = np.empty(hi - lo + (hi - lo) // 4, dtype=bool)
            hits = np.equal(buf[lo:hi], sep, out=counted[:hi - lo])
            if np.count_nonzero(hits) != (r1 - r0) * k:
                yield r0, None
                return
            bounds = {}
            e = rend
            for c in range(k, 0, -1):
                if c in want:
                    s, _, refused = parse_fields_back(buf, e, sep, values[c][r0:r1], words, work)
                    bounds[c] = (s, e, refused)
                else:
                    s = find_fields_back(buf, e, sep, words)
                e = s - 1                 # the separator before column c
            # ... and each row holds the k found, the last one inside the row
            if k and (e < rstart).any():
                yield r0, None
                return
            if 0 in want:
                e0 = e if k else rend
                _, refused = parse_decimals(buf, rstart, e0, values[0][r0:r1], words, work)
                bounds[0] = (rstart, e0, refused)
            yield r0, bounds

    def _token_number(self, row: int, col: int, what: str, start: int, end: int) -> float:
        """``float`` of the token at ``buf[start:end]``, or the error of ``floats``."""
        tok = bytes(self._buf[start:end]).decode('utf-8', errors='replace')
        try:
            return float(tok)
        except ValueError:
            raise self._number_error(row, col, what, tok) from None

    def _number_error(self, row: int, col: int, what: str, tok: str) -> DataFormatError:
        return DataFormatError('%s, column %d%s: cannot convert %r to a number' % (
            self.error_prefix(row), col, ' (%s)' % what if what else '', tok))

    def _loadtxt_floats(self, cols: list) -> Optional[dict]:
        if self._source is not None:
            src = self._source
        else:
            src = io.BytesIO(memoryview(self._buf)[:self._size])
        table = np.loadtxt(src, delimiter=self._separator, skiprows=1 if self._headers else 0,
                           usecols=cols, dtype=np.float64, ndmin=2, comments=None,
                           quotechar=None, encoding='latin-1')
        return {c: np.ascontiguousarray(table[:, i]) for i, c in enumerate(cols)}

    def _bad_number(self, row: int, col: int, what: str,
                    invalid: Optional[float] = None) -> float:
        tok = self.token(row, col)
        try:
            return float(tok)
        except ValueError:
            if invalid is not None:
                return invalid
            raise self._number_error(row, col, what, tok) from None


def fixed_gather(buf: np.ndarray, starts: np.ndarray, width: int) -> np.ndarray:
    """(len(starts), width) matrix ``buf[starts[i] + j]`` (the buffer is padded)."""
    if width == 0:
        return np.zeros((len(starts), 0), dtype=np.uint8)
    if width == 1:
        return buf[starts][:, None]
    if width <= _PAD:
        # rows of a sliding-window view: one contiguous copy per row
        window = np.lib.stride_tricks.as_strided(buf, shape=(len(buf) - width + 1, width),
                                                 strides=(1, 1), writeable=False)
        return window[starts]
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
    out = np.empty(n)
    if n == 0:
        return out
    lens = ends - starts
    width = min(int(lens.max()), _MAX_FAST_WIDTH)
    if width == 0:
        out.fill(nullvalue)
        return out
    mat = fixed_gather(buf, starts, width).T   # (width, n) view
    first = mat[0]
    neg = (first == 45) & (lens > 0)
    signed = neg | ((first == 43) & (lens > 0))
    ok = lens <= width
    ndigits = np.zeros(n, dtype=np.int64)
    ndots = np.zeros(n, dtype=np.int64)
    nfrac = np.zeros(n, dtype=np.int64)
    mant = np.zeros(n, dtype=np.float64)   # integers < 2**53: exact
    seen_dot = np.zeros(n, dtype=bool)
    for j in range(width):
        c = mat[j]
        inj = lens > j
        d = c - np.uint8(48)
        isdig = (d < 10) & inj
        isdot = (c == 46) & inj
        bad = inj & ~isdig & ~isdot
        if j == 0:
            bad &= ~signed
        ok &= ~bad
        ndigits += isdig
        ndots += isdot
        seen_dot |= isdot
        nfrac += isdig & seen_dot
        np.copyto(mant, mant * 10.0 + d, where=isdig)
    ok &= (ndots <= 1) & (ndigits >= 1) & (ndigits <= _MAX_FAST_DIGITS)
    np.divide(mant, _POW10[np.minimum(nfrac, 22)], out=out)
    np.negative(out, out=out, where=neg)
    empty = lens == 0
    if empty.any():
        out[empty] = nullvalue
    for i in np.flatnonzero(~ok & ~empty):
        out[i] = slow(int(i))
    return out


def _floats_from_strings(table: CSVTable, toks: np.ndarray, col: int, nullvalue: float,
                         what: str, invalid: Optional[float] = None) -> np.ndarray:
    """Object array of tokens -> float64 (numpy calls ``float`` on each)."""
    empty = toks == ''
    work = np.where(empty, '0', toks)
    try:
        out = work.astype(np.float64)
    except (ValueError, TypeError):
        out = np.empty(len(work))
        for i, t in enumerate(work):
            try:
                out[i] = float(t)
            except ValueError:
                if invalid is None:
                    raise table._number_error(i, col, what, t) from None
                out[i] = invalid
    if empty.any():
        out[empty] = nullvalue
    return out
