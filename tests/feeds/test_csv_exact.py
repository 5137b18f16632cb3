"""The vectorised feed kernels give exactly what the per-row Python operations
of the original give: ``float(token)``, ``round(x, n)``, ``datetime.strptime``,
``date2num``, ``utcfromtimestamp``, ``tz.localize`` and ``num2date``."""
from __future__ import annotations

import datetime
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import backtrader as bt
import backtrader.feeds as btfeeds
import backtrader.feeds.csvnumbers as csvnumbers
from backtrader.core.errors import DataFormatError, DateParseError
from backtrader.feeds.dtparse import parse_strptime_strings, parse_unix_column, us_to_datenums
from backtrader.feeds.pyround import round_like_python
from backtrader.feeds.tzconv import localize_us, num_to_us
from backtrader.utils.dateintern import date2num, num2date, tzparse

EPOCH = datetime.datetime(1970, 1, 1)
US = datetime.timedelta(microseconds=1)


def _bits(a):
    return np.asarray(a, dtype=np.float64).view(np.int64)


def _same(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return bool(np.all((_bits(a) == _bits(b)) | (np.isnan(a) & np.isnan(b))))


def _load_closes(path, **kw):
    data = btfeeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d', open=-1, high=-1, low=-1,
                                  volume=-1, openinterest=-1, close=1, **kw)
    data._start()
    data.preload()
    return data.lines.close.array[:data.lines.close.buflen()]


def _csv(tokens):
    rows = ''.join('2006-01-02,%s\n' % t for t in tokens)
    return 'Date,Close\n' + rows


# -- numbers ------------------------------------------------------------------------------------
digits = st.text('0123456789', min_size=1, max_size=22)
number_tokens = st.one_of(
    st.builds(lambda s, a, b: s + a + '.' + b, st.sampled_from(['', '-', '+']), digits,
              st.text('0123456789', max_size=20)),
    st.builds(lambda a, e: a + 'e' + e, digits, st.integers(-330, 310).map(str)),
    st.floats(allow_nan=False).map(repr),
    st.sampled_from(['nan', '-nan', 'inf', '-Infinity', ' 1.5', '2.5 ', '1_000', '.5', '5.',
                     '-0', '0.1', '1e-320', '9007199254740993', '123456789012345.6']),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(number_tokens, min_size=1, max_size=40))
def test_small_file_numbers_equal_python_float(tmp_path, tokens):
    path = tmp_path / 'n.csv'
    path.write_text(_csv(tokens))
    assert _same(_load_closes(str(path)), [float(t) for t in tokens])


def test_big_file_numbers_equal_python_float(tmp_path):
    # above the size threshold: parsed by numpy.loadtxt in one pass
    rng = random.Random(7)
    tokens = []
    for _ in range(120000):
        nd = rng.randint(1, 19)
        s = ''.join(rng.choice('0123456789') for _ in range(nd))
        p = rng.randint(0, nd)
        tok = s[:p] + '.' + s[p:]
        if rng.random() < 0.2:
            tok += 'e%d' % rng.randint(-300, 300)
        if rng.random() < 0.3:
            tok = '-' + tok
        tokens.append(tok)
    path = tmp_path / 'big.csv'
    path.write_text(_csv(tokens))
    assert path.stat().st_size > csvnumbers._LOADTXT_MIN_BYTES
    assert _same(_load_closes(str(path)), [float(t) for t in tokens])


def test_big_file_empty_tokens_and_nan_fall_back_exactly(tmp_path):
    tokens = ['%d.%03d' % (i, i % 1000) for i in range(80000)]
    tokens[10], tokens[20], tokens[30] = '', 'nan', ' 7 '
    path = tmp_path / 'big.csv'
    path.write_text(_csv(tokens))
    expected = [-1.0 if t == '' else float(t) for t in tokens]
    assert _same(_load_closes(str(path), nullvalue=-1.0), expected)


@pytest.mark.parametrize('bad', ['1.2.3', 'abc', '--1', '1e', '0x10', '.'])
def test_bad_number_tokens_are_rejected_like_float(tmp_path, bad):
    path = tmp_path / 'b.csv'
    path.write_text(_csv(['1.5', bad]))
    with pytest.raises(DataFormatError, match='line 3, column 1'):
        _load_closes(str(path))


# -- Python round ----------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                          st.integers(-10**9, 10**9).map(lambda k: k / 1000.0),
                          st.integers(-10**7, 10**7).map(lambda k: k / 200.0 + 0.0)),
                min_size=1, max_size=50),
       st.integers(0, 8))
def test_round_like_python(values, ndigits):
    got = round_like_python(np.array(values), ndigits)
    assert _same(got, [round(v, ndigits) for v in values])


def test_round_like_python_known_halfway_cases():
    values = [2.675, 0.125, 0.375, -2.675, 1.005, 2.5, 3.5, -0.001, 0.285]
    # Python floats: numpy scalars would round the numpy way
    assert _same(round_like_python(np.array(values), 2), [2.67, 0.12, 0.38, -2.67, 1.0, 2.5,
                                                          3.5, -0.0, 0.28])
    assert _same(round_like_python(np.array(values), 2), [round(v, 2) for v in values])
    assert _same(round_like_python(np.array(values), 0), [round(v, 0) for v in values])


# -- date numbers ----------------------------------------------------------------------------------
datetimes = st.datetimes(min_value=datetime.datetime(1, 1, 2),
                         max_value=datetime.datetime(9999, 12, 30))


def _us(values):
    return np.array([(v - EPOCH) // US for v in values], dtype=np.int64)


@settings(max_examples=200, deadline=None)
@given(st.lists(datetimes, min_size=1, max_size=30), st.booleans(), st.integers(0, 3000))
def test_us_to_datenums_equals_date2num(values, whole_seconds, repeat):
    if whole_seconds:
        values = [v.replace(microsecond=0) for v in values]
    values = values * (1 + repeat // len(values))  # long enough for the table path
    got = us_to_datenums(_us(values))
    assert _same(got, [date2num(v) for v in values])


def test_us_to_datenums_table_path_minute_bars():
    start = datetime.datetime(1990, 1, 1)
    values = [start + datetime.timedelta(minutes=7 * i) for i in range(50000)]
    assert _same(us_to_datenums(_us(values)), [date2num(v) for v in values])


# -- strptime ----------------------------------------------------------------------------------------
FORMATS = ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%Y/%m/%d', '%d/%m/%y %H:%M', '%Y%m%dT%H%M%S',
           '%Y-%m-%dT%H:%M:%S.%f', '%m/%d/%Y %H:%M:%S', '%H:%M %d.%m.%Y']


def _strptime_reference(strings, fmt):
    out = []
    for s in strings:
        try:
            out.append((datetime.datetime.strptime(s, fmt) - EPOCH) // US)
        except ValueError:
            return None
    return out


def _mangle(s, rng):
    """Variants strptime may accept or reject: unpadded fields, bad digits."""
    choice = rng.randint(0, 5)
    if choice == 0:
        return s.replace('-0', '-').replace('/0', '/').replace(':0', ':').replace(' 0', ' ')
    if choice == 1 and s:
        i = rng.randrange(len(s))
        return s[:i] + rng.choice('9x:-') + s[i + 1:]
    return s


@settings(max_examples=250, deadline=None)
@given(st.lists(st.datetimes(min_value=datetime.datetime(1900, 1, 1),
                             max_value=datetime.datetime(2199, 12, 31)), min_size=1, max_size=25),
       st.sampled_from(FORMATS), st.integers(0, 2**32))
def test_strptime_layouts_equal_datetime_strptime(values, fmt, seed):
    rng = random.Random(seed)
    strings = [_mangle(v.strftime(fmt), rng) for v in values]
    arr = np.array(strings, dtype=object)
    linenos = np.arange(len(strings)) + 2
    expected = _strptime_reference(strings, fmt)
    if expected is None:
        with pytest.raises(DateParseError):
            parse_strptime_strings(arr, linenos, fmt, None, 'test')
    else:
        assert parse_strptime_strings(arr, linenos, fmt, None, 'test').tolist() == expected


@pytest.mark.parametrize('fmt', FORMATS)
def test_strptime_column_path_big_file(fmt, tmp_path):
    start = datetime.datetime(2001, 2, 3, 4, 5, 6, 789000)
    values = [start + datetime.timedelta(seconds=37 * i + 0.25 * (i % 4)) for i in range(30000)]
    strings = [v.strftime(fmt) for v in values]
    path = tmp_path / 'd.csv'
    path.write_text('D,C\n' + ''.join('%s,1\n' % s for s in strings))
    data = btfeeds.GenericCSVData(dataname=str(path), dtformat=fmt, open=-1, high=-1, low=-1,
                                  close=1, volume=-1, openinterest=-1,
                                  timeframe=bt.TimeFrame.Ticks)
    data._start()
    data.preload()
    got = data.lines.datetime.array[:data.lines.datetime.buflen()]
    expected = [date2num(datetime.datetime.strptime(s, fmt)) for s in strings]
    assert _same(got, expected)


# -- unix timestamps ---------------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=-6e10, max_value=2.5e11, allow_nan=False), min_size=1,
                max_size=30))
def test_unix_float_equals_utcfromtimestamp(values):
    strings = np.array([repr(v) for v in values], dtype=object)
    got = parse_unix_column(strings, np.arange(len(values)), 2, None, 'test')
    expected = [(datetime.datetime.fromtimestamp(v, datetime.timezone.utc).replace(tzinfo=None)
                 - EPOCH) // US for v in values]
    assert got.tolist() == expected


# -- time zones --------------------------------------------------------------------------------------
def test_localize_us_matches_scalar_localize_across_dst():
    tz = tzparse('US/Eastern')
    start = datetime.datetime(2006, 3, 31)
    values = [start + datetime.timedelta(minutes=17 * i) for i in range(30000)]   # ~1 year
    values += [datetime.datetime(2006, 4, 2, 2, 30), datetime.datetime(2006, 10, 29, 1, 30)]
    got = localize_us(_us(values), tz)
    expected = [(v - tz.localize(v).utcoffset() - EPOCH) // US for v in values]
    assert got.tolist() == expected


def test_localize_us_plain_tzinfo_object():
    class Fixed(datetime.tzinfo):
        def utcoffset(self, dt):
            return datetime.timedelta(hours=-5, minutes=-30)

        def dst(self, dt):
            return datetime.timedelta(0)

    values = [datetime.datetime(2006, 1, 2, h) for h in range(24)]
    got = localize_us(_us(values), Fixed())
    assert got.tolist() == [(v + datetime.timedelta(hours=5, minutes=30) - EPOCH) // US
                            for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(datetimes, min_size=1, max_size=40))
def test_num_to_us_follows_num2date(values):
    nums = np.array([date2num(v) for v in values])
    expected = [(num2date(x) - EPOCH) // US for x in nums]
    assert num_to_us(nums).tolist() == expected
