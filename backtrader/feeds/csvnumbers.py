"""Numbers of a ``CSVTable``: columns converted to float64 with the exact value
of ``float(token)``, vectorised (see ``csvtable``'s module docstring).

Layer: feeds (numpy; the SWAR decimal parser of ``decimals``).
"""
from __future__ import annotations

import io
from typing import Callable, Optional

import numpy as np

from ..core.errors import DataFormatError
from .decimals import (DecimalWork, byte_words, find_fields_back, parse_decimals,
                       parse_fields_back)

__all__ = ['TableNumbers', 'exact_floats_from_bytes', 'fixed_gather']

PAD = 64                     # zero bytes after the data: fixed-width gathers never overrun
_MAX_FAST_DIGITS = 15        # any 15-digit integer is exact in a double (< 2**53)
_MAX_FAST_WIDTH = 17         # sign + 15 digits + dot
_POW10 = np.array([10.0 ** k for k in range(23)])   # exact powers of ten

_LOADTXT_MIN_BYTES = 1 << 20  # smaller sources: the byte-level numpy path is as fast
_NUMBER_BYTES = frozenset(b'0123456789.+-\r\n')   # separators the SWAR parser cannot split on
_WALK_ROWS = 1 << 14          # rows per block when splitting rows from their ends
_SLOW_TOKENS = 4096           # refused tokens float() may convert before loadtxt is better


class TableNumbers:
    """Mixin of ``CSVTable``: its number columns."""

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
    if width <= PAD:
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


def _floats_from_strings(table: 'TableNumbers', toks: np.ndarray, col: int, nullvalue: float,
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
