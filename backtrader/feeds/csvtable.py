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

import io
import os
from typing import Optional

import numpy as np


from ..core.errors import MissingFieldError
from .csvnumbers import PAD as _PAD, TableNumbers, exact_floats_from_bytes, fixed_gather

__all__ = ['CSVTable', 'exact_floats_from_bytes', 'fixed_gather']

_NL = 10
_CR = 13
_BLOCK = 1 << 18             # scan block: keeps temporaries small and reused


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


class CSVTable(TableNumbers):
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
