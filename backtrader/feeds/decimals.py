"""Exact, vectorised conversion of plain decimal tokens to float64.

A *plain decimal* is an optional sign, then digits with at most one dot, with
1..15 digits in all (``'-0'``, ``'007.50'``, ``'.5'``, ``'5.'``, ...). Its value
is ``M / 10**k`` where ``M`` (the digits read as one integer, < 10**15) and
``10**k`` are exact doubles, so a single IEEE division gives the correctly
rounded decimal, which is what ``float(token)`` returns, bit for bit.

The digits are read with SWAR arithmetic ("SIMD within a register"): the bytes
that end a token are loaded as little-endian uint64 words and every step is one
numpy operation over a block of tokens:

1. keep the token's bytes and subtract ASCII '0' from each;
2. flag bytes that are not digits: a single flagged byte may be the dot;
3. zero the dot and move the digits after it down one byte: the word then
   holds the digits of ``M * 10`` (still an exact double), right-aligned;
4. fold 8 digit bytes into an integer with three multiply-and-shift steps.

Tokens can also be located by looking back from their end for the separator
byte (``parse_fields_back``), which a CSV reader uses to split rows without a
separate scan. Anything that is not a plain decimal (exponents, 'nan', spaces,
underscores, more than 15 digits, ...) is only *flagged*: the caller converts
those its own exact way (``float()`` or a typed error).
"""
from __future__ import annotations

import numpy as np

__all__ = ['DecimalWork', 'byte_words', 'parse_decimals', 'parse_fields_back',
           'find_fields_back']

_U = np.uint64


def _c(value: int) -> np.ndarray:
    """A uint64 constant as a 0-d array: ufuncs take these with less overhead."""
    return np.array(value, dtype=np.uint64)


_LOW7 = _c(0x7F7F7F7F7F7F7F7F)
_ASCII0 = _c(0x3030303030303030)       # '0' in every byte
_GE10 = _c(0x7676767676767676)         # + this sets bit 7 of bytes >= 10
_HIGH = _c(0x8080808080808080)         # bit 7 of every byte
_DOT = _c(0x1E)                        # '.' ^ '0'
_FF = _c(0xFF)
_RANK = _c(0x0807060504030201)         # * (1 << 8r) puts 8 - r in the top byte
_ONE, _THREE, _SEVEN, _BYTE, _TOP = _c(1), _c(3), _c(7), _c(8), _c(56)
_I3, _I8, _I52, _I64, _I1085 = (np.array(v, dtype=np.int64) for v in (3, 8, 52, 64, 1085))
# folding 8 digit bytes (the first byte is the most significant digit)
_PAIR_MUL, _PAIR_SHIFT, _PAIR_MASK = _c(10 * 256 + 1), _c(8), _c(0x00FF00FF00FF00FF)
_QUAD_MUL, _QUAD_SHIFT, _QUAD_MASK = _c(100 * 65536 + 1), _c(16), _c(0x0000FFFF0000FFFF)
_OCT_MUL, _OCT_SHIFT = _c(10000 * (1 << 32) + 1), _c(32)
_E8 = _c(10 ** 8)

# _KEEP_TOP[k]: the top k bytes of a word (k = 0..8)
_KEEP_TOP = np.array([(((1 << 64) - 1) << (8 * (8 - k))) & ((1 << 64) - 1) for k in range(9)],
                     dtype=np.uint64)
_KEEP_LOW = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)
# 10**k (exact doubles) for k = 0..16; indexes up to 1023 come from tokens
# that are refused anyway, so the table just has room for them
_POW10 = np.array([10.0 ** min(k, 16) for k in range(1024)])
_NONE = np.zeros(0, dtype=np.int64)

_BLOCK = 1 << 15          # tokens per block: temporaries stay in the CPU cache
_MAX_DIGITS = 15          # a 15-digit integer, and ten times it, are exact doubles
_SHORT = 8                # bytes read by the one-word pass


def byte_words(buf: np.ndarray) -> np.ndarray:
    """Read-only uint64 view of ``buf`` at *every* byte offset:
    ``words[i]`` is ``buf[i:i + 8]`` read little-endian."""
    if len(buf) < 16:
        raise ValueError('byte_words needs a buffer of at least 16 bytes')
    words = np.ndarray(shape=(len(buf) - 7,), dtype='<u8', buffer=buf, strides=(1,))
    words.flags.writeable = False
    return words


class DecimalWork:
    """Scratch arrays reused from block to block, so that the steps of the
    parser write into memory that is already mapped and cached."""

    def __init__(self) -> None:
        self.size = 0

    def get(self, m: int) -> tuple:
        """Three uint64, one float64 and two int64 arrays of length ``m``."""
        if m > self.size:
            self.size = m
            self._words = np.empty((3, m), dtype=np.uint64)
            self._real = np.empty(m, dtype=np.float64)
            self._ints = np.empty((2, m), dtype=np.int64)
        w, i = self._words[:, :m], self._ints[:, :m]
        return w[0], w[1], w[2], self._real[:m], i[0], i[1]


def _sep_flags(w: np.ndarray, sep_word, out: np.ndarray | None = None,
               tmp: np.ndarray | None = None) -> np.ndarray:
    """Bit 7 set in exactly the bytes of ``w`` equal to the separator."""
    y = np.bitwise_xor(w, sep_word, tmp)
    t = np.bitwise_and(y, _LOW7, out)
    np.add(t, _LOW7, t)                      # bit 7 set unless the low 7 bits are 0
    np.bitwise_or(t, y, t)
    np.invert(t, t)
    np.bitwise_and(t, _HIGH, t)
    return t


def _highest_bit(c: np.ndarray) -> np.ndarray:
    """int64 ``1023 + index of the highest set bit`` of ``c`` (< 2**63), 0 if none.

    A double's exponent is exact here: the flag bits are sparse, so rounding
    to 53 bits never carries into the next power of two."""
    f = c.view(np.int64).astype(np.float64)
    return f.view(np.int64) >> 52


def _fold8(x: np.ndarray) -> np.ndarray:
    """Words of 8 digit values (0..9, first byte most significant) -> integers,
    in place."""
    mul, rsh, band = np.multiply, np.right_shift, np.bitwise_and
    mul(x, _PAIR_MUL, x)
    rsh(x, _PAIR_SHIFT, x)
    band(x, _PAIR_MASK, x)
    mul(x, _QUAD_MUL, x)
    rsh(x, _QUAD_SHIFT, x)
    band(x, _QUAD_MASK, x)
    mul(x, _OCT_MUL, x)
    rsh(x, _OCT_SHIFT, x)
    return x


def _window_values(x: np.ndarray, cut: np.ndarray, values: np.ndarray, work_arrays) -> tuple:
    """Parse the tokens that end the words ``x`` (``cut`` = 64 - 8 * length:
    the bits before each token) as unsigned plain decimals into ``values``.

    Returns ``(bad, rank)``: ``bad`` is 0 where the bytes are digits with at
    most one dot, ``rank`` is 0 where there is no dot; both None when no token
    has a byte other than digits. Lengths are the caller's to check. ``x`` and
    the work arrays are overwritten."""
    t, u, v, f = work_arrays
    xor, band, bor, lsh, rsh, mul = (np.bitwise_xor, np.bitwise_and, np.bitwise_or,
                                     np.left_shift, np.right_shift, np.multiply)
    xor(x, _ASCII0, x)
    rsh(x, cut, x)
    lsh(x, cut, x)                           # only the token's bytes, less '0'
    np.add(x, _GE10, t)
    bor(t, x, t)
    band(t, _HIGH, t)                        # bit 7 of bytes >= 10
    if not t.any():                          # digits only
        np.copyto(values, _fold8(x).view(np.int64))
        return None, None
    rsh(t, _SEVEN, u)                        # u: 1 in the flagged byte (the dot if valid)
    np.subtract(t, _ONE, v)
    band(t, v, t)                            # t: several flagged bytes ...
    mul(u, _DOT, v)
    xor(x, v, x)                             # zero the dot
    mul(u, _FF, v)
    band(v, x, v)
    bor(t, v, t)                             # ... or the flagged byte was not '.'
    mul(u, _RANK, v)
    rsh(v, _TOP, v)                          # v: 8 - the dot's byte, 0 without a dot
    # the digits after the dot move down one byte: the word holds M * 10
    lsh(u, _BYTE, u)
    np.negative(u, u)                        # the bytes above the dot
    band(u, x, u)
    np.subtract(x, u, x)
    rsh(u, _BYTE, u)
    np.add(x, u, x)
    np.copyto(f, _fold8(x).view(np.int64))
    np.divide(f, _POW10[v.view(np.int64)], values)
    return t, v


def _refused(length: np.ndarray, bad, rank) -> np.ndarray:
    """Indexes of the one-word pass's tokens that are not 1..8 byte plain decimals."""
    if (bad is None or not bad.any()) and length.min() > 1 and length.max() <= _SHORT:
        return _NONE
    ok = (length >= 1) & (length <= _SHORT)
    if bad is not None:
        ok &= bad == 0
        ok &= (length > 1) | (rank == 0)     # '.' alone is not a number
    return np.flatnonzero(~ok)


def _two_words(buf, words, s, e) -> tuple:
    """Tokens of up to 17 bytes, signed or not: ``(values, ok)``."""
    length = e - s
    first = buf[s]
    neg = first == 45
    body = length - (neg | (first == 43))    # bytes after the sign
    room = e >= 16
    if not room.all():
        e = np.maximum(e, 16)
    lo = words[e - 16]
    hi = words[e - 8]
    lo ^= _ASCII0
    hi ^= _ASCII0
    lo &= _KEEP_TOP[np.clip(body - 8, 0, 8)]
    hi &= _KEEP_TOP[np.clip(body, 0, 8)]
    bad = np.zeros(len(s), dtype=np.uint64)
    dots = []
    for x in (lo, hi):
        flags = x + _GE10
        flags |= x
        flags &= _HIGH
        dot = flags >> _SEVEN
        bad |= (flags - _ONE) & flags
        x ^= dot * _DOT
        bad |= x & (dot * _FF)
        dots.append(dot)
    dlo, dhi = dots
    in_lo = dlo != 0
    in_hi = dhi != 0
    # 10**rank divides the digits word (see _window_values); a dot in the low word
    # has the 8 digits of the high word after it as well
    rank = (dhi * _RANK) >> _TOP
    rank += ((dlo * _RANK) >> _TOP) + (in_lo.astype(np.uint64) << _THREE)
    # close the gap left by the dot, across the two words
    above_lo = ~((dlo << _BYTE) - _ONE) & lo
    above_hi = (~((dhi << _BYTE) - _ONE) | (_U(0) - in_lo.astype(np.uint64))) & hi
    lo -= above_lo
    lo += above_lo >> _BYTE
    lo += above_hi << _TOP
    hi -= above_hi
    hi += above_hi >> _BYTE
    digits = _fold8(lo)
    digits *= _E8
    digits += _fold8(hi)
    values = digits.view(np.int64) / _POW10[rank.view(np.int64)]
    np.negative(values, out=values, where=neg)
    ndigits = body - (in_lo | in_hi)
    ok = (bad == 0) & ~(in_lo & in_hi) & (ndigits >= 1) & (ndigits <= _MAX_DIGITS) & room
    ok &= body <= 16
    return values, ok


def _prepare(buf, ends, out, words, work) -> tuple:
    """(int64 ends, output array, word view, scratch) of a public entry point."""
    ends = np.asarray(ends, dtype=np.int64)
    values = np.empty(len(ends), dtype=np.float64) if out is None else out
    return (ends, values, byte_words(buf) if words is None else words,
            DecimalWork() if work is None else work)


def parse_decimals(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                   out: np.ndarray | None = None, words: np.ndarray | None = None,
                   work: DecimalWork | None = None) -> tuple:
    """Tokens ``buf[starts[i]:ends[i]]`` -> ``(values, refused)``.

    ``values[i]`` is bit-identical to ``float(token)`` except at the indexes
    ``refused`` (sorted): tokens that are not plain decimals (or empty), whose
    value is unspecified. ``buf`` must hold 16 readable bytes after every
    token end (CSV tables pad their buffers); ``out`` receives the values;
    ``words`` is ``byte_words(buf)``, if already made.
    """
    starts = np.asarray(starts, dtype=np.int64)
    ends, values, words, work = _prepare(buf, ends, out, words, work)
    n = len(ends)
    refused = []
    for lo in range(0, n, _BLOCK):
        hi = min(lo + _BLOCK, n)
        s, e = starts[lo:hi], ends[lo:hi]
        t, u, v, f, length, cut = work.get(hi - lo)
        near = e.min() < 8                           # no 8 bytes before some end
        x = words[(np.maximum(e, 8) if near else e) - 8]
        np.subtract(e, s, out=length)
        np.minimum(length, _SHORT, out=cut)
        np.left_shift(cut, 3, out=cut)
        np.subtract(64, cut, out=cut)
        bad, rank = _window_values(x, cut.view(np.uint64), values[lo:hi], (t, u, v, f))
        redo = _refused(length, bad, rank)
        if near:
            redo = np.union1d(redo, np.flatnonzero(e < 8))
        if len(redo):
            redo_at = redo + lo
            v2, k = _two_words(buf, words, starts[redo_at], ends[redo_at])
            values[redo_at] = v2
            refused.append(redo_at[~k])
    return values, (np.concatenate(refused) if refused else _NONE)


def _search_back(words, e: np.ndarray, skip, sep_word) -> np.ndarray:
    """Start of the tokens ending at ``e`` whose last ``skip`` bytes are known
    to hold no separator: 1 + the offset of the separator before them, looked
    for 8 bytes at a time down to the buffer start (-1 if there is none)."""
    starts = np.full(len(e), -1, dtype=np.int64)
    todo = np.arange(len(e))
    top = e - skip                       # the separator is below this offset
    while len(todo):
        below = top[todo]
        at = np.maximum(below - 8, 0)
        flags = _sep_flags(words[at], sep_word)
        flags &= _KEEP_LOW[np.clip(below - at, 0, 8)]    # only bytes below ``top``
        flags >>= _ONE
        ex = _highest_bit(flags)
        hit = ex > 0
        # flag bit 8h + 6 -> byte h
        starts[todo[hit]] = at[hit] + ((ex[hit] - 1029) >> 3) + 1
        more = ~hit & (at > 0)
        todo = todo[more]
        top[todo] = at[more]
    return starts


def find_fields_back(buf: np.ndarray, ends: np.ndarray, sep: int,
                     words: np.ndarray | None = None) -> np.ndarray:
    """Start of every token ending at ``ends[i]``: just after the last ``sep``
    byte before it (-1 if there is none)."""
    ends = np.asarray(ends, dtype=np.int64)
    if words is None:
        words = byte_words(buf)
    return _search_back(words, ends, 0, _c(sep * 0x0101010101010101))


def parse_fields_back(buf: np.ndarray, ends: np.ndarray, sep: int,
                      out: np.ndarray | None = None, words: np.ndarray | None = None,
                      work: DecimalWork | None = None) -> tuple:
    """Tokens that end at ``ends[i]`` and start just after the last ``sep``
    byte before it: ``(starts, values, refused)``.

    ``starts`` is -1 where no separator precedes the end; ``values`` and
    ``refused`` are as in ``parse_decimals`` (empty tokens and tokens without
    a start are refused). The separator must not be a byte of a plain decimal
    (digit, dot, sign). ``buf`` needs 16 readable bytes after every end.
    """
    ends, values, words, work = _prepare(buf, ends, out, words, work)
    n = len(ends)
    sep_word = _c(sep * 0x0101010101010101)
    starts = np.empty(n, dtype=np.int64)
    refused = []
    for lo in range(0, n, _BLOCK):
        hi = min(lo + _BLOCK, n)
        e = ends[lo:hi]
        near = e.min() < 16                          # no 16 bytes before some end
        length, bad, rank = _short_fields(buf, words, np.maximum(e, 16) if near else e, sep,
                                          sep_word, values[lo:hi], work)
        s = starts[lo:hi]
        np.subtract(e, length, out=s)
        redo = _refused(length, bad, rank)
        if near:
            close = np.flatnonzero(e < 16)
            length[close] = 2 * _SHORT + 1           # look again, from the end itself
            redo = np.union1d(redo, close)
        if not len(redo):
            continue
        far = redo[length[redo] > _SHORT]
        if len(far):
            skip = np.where(e[far] < 16, 0, _SHORT + 1) if near else _SHORT + 1
            s[far] = _search_back(words, e[far], skip, sep_word)
        todo = redo[(s[redo] >= 0) & (s[redo] < e[redo])]
        if len(todo):
            v2, k = _two_words(buf, words, s[todo], e[todo])
            values[todo + lo] = v2
            redo = np.setdiff1d(redo, todo[k], assume_unique=True)
        refused.append(redo + lo)
    return starts, values, (np.concatenate(refused) if refused else _NONE)


def _short_fields(buf, words, e: np.ndarray, sep: int, sep_word, values: np.ndarray,
                  work: DecimalWork) -> tuple:
    """One-word pass of ``parse_fields_back``: the token's separator among the
    9 bytes before ``e`` (a token of 0..8 bytes), the token parsed as an
    unsigned plain decimal. Returns ``(length, bad, rank)`` as ``_refused``
    takes them; ``length`` > 8 where no separator was seen."""
    m = len(e)
    t, u, v, f, length, cut = work.get(m)
    np.subtract(e, _I8, length)
    x = words[length]                        # the 8 bytes before the end
    _sep_flags(x, sep_word, out=u, tmp=t)
    np.right_shift(u, _ONE, u)               # separator in byte h -> bit 8h + 6
    # the highest one is the token's separator: its byte from a double's exponent
    np.copyto(f, u.view(np.int64))
    exponent = f.view(np.int64)
    np.right_shift(exponent, _I52, exponent)     # 1023 + 8h + 6; 0 without a separator
    np.subtract(_I1085, exponent, length)
    np.right_shift(length, _I3, length)      # 7 - h; 135 without a separator
    if length.max() > _SHORT:                # 8 bytes if the 9th byte is the separator
        longer = np.flatnonzero(length > _SHORT)
        longer = longer[buf[e[longer] - 9] == sep]
        length[longer] = _SHORT
    np.left_shift(length, _I3, cut)
    np.subtract(_I64, cut, cut)
    bad, rank = _window_values(x, cut.view(np.uint64), values, (t, u, v, f))
    return length, bad, rank
