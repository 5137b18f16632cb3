"""The SWAR decimal parser (``backtrader.feeds.decimals``) gives Python's
``float(token)`` bit for bit and refuses whatever is not a plain decimal;
``CSVTable.floats_many``, which uses it, gives the arrays of the exact paths
(``floats``, ``np.loadtxt``) with the same errors and fallbacks.

Run as a script to time the old (``np.loadtxt``) and new ``floats_many``:
    python3 tests/feeds/test_decimals.py [file.csv [repeats]]
"""
from __future__ import annotations

import random
import re
import struct
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

if __name__ == '__main__':
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import backtrader as bt
import backtrader.feeds as btfeeds
import backtrader.feeds.csvnumbers as csvnumbers
from backtrader.core.errors import DataFormatError
from backtrader.feeds.csvtable import CSVTable
from backtrader.feeds.decimals import find_fields_back, parse_decimals, parse_fields_back

PLAIN = re.compile(r'[+-]?(\d+\.?\d*|\.\d+)')
LEAD = b'LEADINGBYTESBEFORETHETOKENS'   # tokens need 16 bytes before their end


def _bits(values) -> list:
    return [struct.pack('<d', float(v)) for v in values]


def _is_plain(token: str) -> bool:
    return PLAIN.fullmatch(token) is not None and sum(c.isdigit() for c in token) <= 15


def _layout(tokens: list, sep: bytes = b',') -> tuple:
    """(padded buffer, starts, ends) of ``tokens`` joined by ``sep``, as a CSV
    table holds them (zero padding after the data)."""
    parts, starts, ends = [LEAD, sep], [], []
    at = len(LEAD) + len(sep)
    for tok in tokens:
        raw = tok.encode('utf-8')
        starts.append(at)
        ends.append(at + len(raw))
        parts += [raw, sep]
        at += len(raw) + len(sep)
    data = b''.join(parts)
    buf = np.zeros(len(data) + 65, dtype=np.uint8)
    buf[:len(data)] = np.frombuffer(data, dtype=np.uint8)
    return buf, np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)


def _both(tokens: list, sep: str = ',') -> list:
    """(values, accepted) of ``parse_decimals`` and of ``parse_fields_back``;
    checks the starts ``parse_fields_back`` finds on the way."""
    buf, starts, ends = _layout(tokens, sep.encode())
    out = []
    values, refused = parse_decimals(buf, starts, ends)
    out.append((values, np.isin(np.arange(len(tokens)), refused, invert=True)))
    found, values, refused = parse_fields_back(buf, ends, ord(sep))
    assert found.tolist() == starts.tolist()
    assert find_fields_back(buf, ends, ord(sep)).tolist() == starts.tolist()
    out.append((values, np.isin(np.arange(len(tokens)), refused, invert=True)))
    return out


# -- plain decimals: bit-identical to float() ----------------------------------------------------
@st.composite
def plain_decimals(draw):
    digits = draw(st.text('0123456789', min_size=1, max_size=15))
    sign = draw(st.sampled_from(['', '', '-', '+']))
    dot = draw(st.one_of(st.none(), st.integers(0, len(digits))))
    if dot is None:
        return sign + digits
    return sign + digits[:dot] + '.' + digits[dot:]     # '.5' and '5.' included


@settings(max_examples=400, deadline=None)
@given(st.lists(plain_decimals(), min_size=1, max_size=60))
def test_plain_decimals_are_bit_identical_to_float(tokens):
    for values, accepted in _both(tokens):
        assert accepted.all()
        assert _bits(values) == _bits(float(t) for t in tokens)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-1e9, 1e9, allow_nan=False), st.integers(0, 8)).map(
    lambda vk: '%.*f' % (vk[1], vk[0])), min_size=1, max_size=40))
def test_formatted_prices_are_bit_identical_to_float(tokens):
    tokens = [t for t in tokens if _is_plain(t)] or ['1.5']
    for values, accepted in _both(tokens):
        assert accepted.all()
        assert _bits(values) == _bits(float(t) for t in tokens)


def test_signed_zeros_and_leading_zeros():
    tokens = ['-0', '0.000', '-0.0', '+0', '-.0', '0.', '007.50', '-007.50', '.5', '5.',
              '000000000000001', '999999999999999', '-99999999.9999999', '0.00000000000001',
              '123456789012345.', '.123456789012345', '900719925474.993', '1234567.8', '12345678']
    expected = _bits(float(t) for t in tokens)
    for values, accepted in _both(tokens):
        assert accepted.all()
        assert _bits(values) == expected
        assert np.signbit(values[[0, 2, 4]]).all() and not np.signbit(values[[1, 3, 5]]).any()


# -- anything else is refused (the caller uses float() or raises) ---------------------------------
REFUSED = ['1e5', '1E5', 'nan', 'inf', '-inf', ' 1', '1 ', '\t2', '1.2.3', '--1', '+-1', '', '.',
           '-', '+', '+.', '-.', '1-2', '1+2', '0x1', '1_0', '1..', '..1', 'a', '1a', '١', '1\x00',
           '1/2', '1*2', '(1)', "'1'", '$1', '%1', '1&', '1234567890123456', '-1234567890123456',
           '12345678.12345678', '0.0000000000000001', 'x' * 40, '9' * 40]


@pytest.mark.parametrize('sep', [',', ';', '\t', ' ', '|'])
def test_refused_tokens(sep):
    tokens = [t for t in REFUSED if sep not in t]
    for _, accepted in _both(tokens + ['1.25'], sep):
        assert not accepted[:-1].any()
        assert accepted[-1]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text('0123456789.+-e x_', max_size=20), min_size=1, max_size=40))
def test_random_tokens_accepted_exactly_when_plain(tokens):
    for values, accepted in _both(tokens):
        assert accepted.tolist() == [_is_plain(t) for t in tokens]
        good = [i for i, t in enumerate(tokens) if _is_plain(t)]
        assert _bits(values[good]) == _bits(float(tokens[i]) for i in good)


def test_tokens_at_the_buffer_start_are_refused_not_misread():
    data = b'1.5,-2,3.25,4\n'
    buf = np.zeros(len(data) + 65, dtype=np.uint8)
    buf[:len(data)] = np.frombuffer(data, dtype=np.uint8)
    starts, ends = np.array([0, 4, 7, 12]), np.array([3, 6, 11, 13])
    values, refused = parse_decimals(buf, starts, ends)
    ok = np.isin(np.arange(4), refused, invert=True)
    assert _bits(values[ok]) == _bits(np.array([1.5, -2, 3.25, 4])[ok])
    found, values, refused = parse_fields_back(buf, ends, ord(','))
    assert found.tolist() == [-1, 4, 7, 12]
    ok = np.isin(np.arange(4), refused, invert=True)
    assert not ok[0]
    assert _bits(values[ok]) == _bits(np.array([1.5, -2, 3.25, 4])[ok])


def test_empty_tokens_and_fields_back():
    tokens = ['', '1.5', '', '', '22', '']
    for _, accepted in _both(tokens):
        assert accepted.tolist() == [False, True, False, False, True, False]


# -- CSVTable.floats_many --------------------------------------------------------------------------
def _table(text: str, sep: str = ',', headers: bool = True) -> CSVTable:
    return CSVTable.from_bytes(text.encode('utf-8'), sep, headers, 'f.csv', 'Feed')


def _write_bars(path: Path, n: int, seed: int = 3, negative: bool = False) -> list:
    """A CSV like ../shared/bench/gen_bars.py writes; returns its tokens per column."""
    rng = np.random.default_rng(seed)
    price = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    if negative:
        price -= 100
    cols = [[repr(round(float(v), k)) for v, k in zip(price * f, rng.integers(0, 6, n))]
            for f in (1.0, 1.01, 0.99, 1.001)]
    cols.append([str(v) for v in rng.integers(0, 100000, n)])
    cols.append(['0'] * n)
    days = np.datetime64('1990-01-01T00:00') + np.arange(n).astype('timedelta64[m]')
    stamps = [str(d).replace('T', ' ') + ':00' for d in days]
    lines = ['Date,Open,High,Low,Close,Volume,OpenInterest']
    lines += [','.join(row) for row in zip(stamps, *cols)]
    path.write_text('\n'.join(lines) + '\n')
    return cols


@pytest.mark.parametrize('negative', [False, True])
def test_big_table_same_arrays_as_loadtxt_and_float(tmp_path, negative):
    path = tmp_path / 'bars.csv'
    cols = _write_bars(path, 30000, negative=negative)
    table = CSVTable.from_source(str(path), ',', True, str(path), 'Feed')
    got = table.floats_many([(c, 'c%d' % c) for c in range(1, 7)])
    old = CSVTable.from_source(str(path), ',', True, str(path), 'Feed')._loadtxt_floats(
        list(range(1, 7)))
    for c in range(1, 7):
        assert _bits(got[c]) == _bits(float(t) for t in cols[c - 1])
        assert _bits(got[c]) == _bits(old[c])


def test_generic_csv_feed_loads_the_same_numbers(tmp_path):
    path = tmp_path / 'bars.csv'
    cols = _write_bars(path, 5000, seed=11, negative=True)
    data = btfeeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d %H:%M:%S',
                                  timeframe=bt.TimeFrame.Minutes)
    data._start()
    data.preload()
    for name, tokens in zip(['open', 'high', 'low', 'close', 'volume', 'openinterest'], cols):
        line = getattr(data.lines, name)
        assert _bits(line.array[:line.buflen()]) == _bits(float(t) for t in tokens)


def test_same_as_exact_path_on_awkward_tables():
    text = ('H1;H2;H3;H4\n'
            '-0;007.50;;1e3\r\n'
            '\n'
            '+.5;5.;nan; 7 \r\n'
            '1234567890.12345;-0.000;12345678.9;inf\n'
            '2;-3;4;5')
    for headers in (True, False):
        body = text if headers else text.split('\n', 1)[1]
        table = _table(body, ';', headers)
        got = table.floats_many([(c, '') for c in range(1, 4)], nullvalue=-1.0)
        exact = _table(body, ';', headers)
        for c in range(1, 4):
            assert _bits(got[c]) == _bits(exact.floats(c, -1.0))
    table = _table(text, ';')
    got = table.floats_many([(0, 'a')])[0]
    assert _bits(got) == _bits([-0.0, 0.5, 1234567890.12345, 2.0])


def test_bad_token_error_names_file_line_and_column():
    text = 'd,a,b\nx,1.5,2\nx,2.5,abc\nx,zz,1\n'
    with pytest.raises(DataFormatError) as new:
        _table(text).floats_many([(1, 'open'), (2, 'high')])
    with pytest.raises(DataFormatError) as old:
        _table(text).floats(1, what='open')
    assert str(new.value) == str(old.value)
    assert str(new.value) == "Feed: f.csv line 4, column 1 (open): cannot convert 'zz' to a number"


def test_short_row_and_ragged_rows_fall_back_to_exact_path():
    short = 'd,a,b\nx,1,2\nx,3\nx,5,6\n'
    with pytest.raises(DataFormatError, match='f.csv line 3 has 2 columns'):
        _table(short).floats_many([(1, 'a'), (2, 'b')])
    ragged = 'd,a,b\nx,1,2,9\nx,3,4\nx,5,6\n'       # an extra token: columns count from the left
    got = _table(ragged).floats_many([(1, 'a'), (2, 'b')])
    assert got[1].tolist() == [1.0, 3.0, 5.0] and got[2].tolist() == [2.0, 4.0, 6.0]
    swapped = 'd,a,b\nx,1,2\nx,4,5,6\nx,7\n'        # as many separators in all, not per row
    with pytest.raises(DataFormatError, match='line 4 has 2 columns'):
        _table(swapped).floats_many([(1, 'a'), (2, 'b')])


def test_separator_inside_numbers_is_left_to_the_exact_path():
    text = 'a.b\n1.5\n2.25\n'
    got = _table(text, '.').floats_many([(0, 'a'), (1, 'b')])
    assert got[0].tolist() == [1.0, 2.0] and got[1].tolist() == [5.0, 25.0]


def test_derived_table_uses_separator_bounds():
    table = _table('d,a,b\nx,1.5,2\nx,-2.5,\nx,3,4.75\n')
    part = table.take(np.array([2, 0]))
    got = part.floats_many([(1, 'a'), (2, 'b')], nullvalue=7.0)
    assert _bits(got[1]) == _bits([3.0, 1.5])
    assert _bits(got[2]) == _bits([4.75, 2.0])
    assert _bits(table.take(np.array([1])).floats_many([(2, 'b')], 7.0)[2]) == _bits([7.0])


def test_many_refused_tokens_in_a_big_file_use_loadtxt(tmp_path, monkeypatch):
    rng = random.Random(5)
    tokens = ['%d.%de%d' % (rng.randint(0, 999), rng.randint(0, 99), rng.randint(-20, 20))
              for _ in range(100000)]
    path = tmp_path / 'exp.csv'
    path.write_text('d,v\n' + ''.join('x,%s\n' % t for t in tokens))
    assert path.stat().st_size > csvnumbers._LOADTXT_MIN_BYTES
    calls = []
    real = CSVTable._loadtxt_floats
    monkeypatch.setattr(CSVTable, '_loadtxt_floats',
                        lambda self, cols: calls.append(cols) or real(self, cols))
    got = CSVTable.from_source(str(path), ',', True, str(path), 'F').floats_many([(1, 'v')])
    assert calls == [[1]]
    assert _bits(got[1]) == _bits(float(t) for t in tokens)


def _bench(path: str = '/tmp/b200k.csv', repeats: int = 5) -> None:
    """Best-of-``repeats`` time of floats_many (columns 1..6): np.loadtxt vs SWAR."""
    cols = [(c, 'c%d' % c) for c in range(1, 7)]

    def timed(run):
        table = CSVTable.from_source(path, ',', True, path, 'bench')
        table.n                                   # rows located outside the timing
        t0 = time.perf_counter()
        result = run(table)
        return time.perf_counter() - t0, result

    old_t = new_t = float('inf')
    for _ in range(repeats):
        a, old = timed(lambda t: t._loadtxt_floats([c for c, _ in cols]))
        b, new = timed(lambda t: t.floats_many(cols))
        old_t, new_t = min(old_t, a), min(new_t, b)
    same = all(_bits(old[c]) == _bits(new[c]) for c, _ in cols)
    print('%s: %d rows  old (np.loadtxt) %.1f ms  new (SWAR) %.1f ms  %.2fx  bit-identical %s'
          % (path, len(new[1]), old_t * 1e3, new_t * 1e3, old_t / new_t, same))


if __name__ == '__main__':
    _bench(*sys.argv[1:2], *[int(a) for a in sys.argv[2:3]])
