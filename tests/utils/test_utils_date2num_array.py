"""Vectorised date numbers: ``date2num_array`` must equal scalar ``date2num`` bit for bit.

The scalar ``date2num`` is itself checked against upstream in test_utils_dateintern.py;
here every array element is compared with it through the raw float bits.
"""
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from backtrader.utils import date2num, date2num_array

ORACLE = Path(__file__).resolve().parents[2] / '.oracle'
EPOCH = dt.datetime(1970, 1, 1)
NS_1900 = int(np.datetime64('1900-01-01T00:00:00', 'ns').astype(np.int64))
NS_2100 = int(np.datetime64('2100-12-31T23:59:59.999999999', 'ns').astype(np.int64))


def to_ns(when: dt.datetime) -> int:
    delta = when - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000


def scalar_bits(ns: np.ndarray) -> np.ndarray:
    """Reference: scalar date2num of each timestamp (floored to us), as int64 bits."""
    whens = np.asarray(ns, dtype=np.int64).astype('datetime64[ns]').astype('datetime64[us]')
    values = [date2num(w) for w in whens.astype(object).ravel()]
    return np.array(values, dtype=np.float64).reshape(np.shape(ns)).view(np.int64)


def bits(values: np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=np.float64).view(np.int64)


def test_known_values():
    # 732313.9999999999: oracle date2num(datetime(2006,1,2,23,59,59,999990))
    ns = np.array([to_ns(dt.datetime(2006, 1, 2, 23, 59, 59, 999990)),
                   to_ns(dt.datetime(2006, 1, 2)), 0])
    out = date2num_array(ns)
    assert out.dtype == np.float64
    assert out.tolist() == [732313.9999999999, 732313.0, 719163.0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.datetimes(min_value=dt.datetime(1900, 1, 1),
                             max_value=dt.datetime(2100, 12, 31, 23, 59, 59, 999999)),
                min_size=1, max_size=200))
def test_random_datetimes_with_microseconds(whens):
    ns = np.array([to_ns(w) for w in whens], dtype=np.int64)
    expected = np.array([date2num(w) for w in whens]).view(np.int64)
    np.testing.assert_array_equal(bits(date2num_array(ns)), expected)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.datetimes(min_value=dt.datetime(1900, 1, 1),
                             max_value=dt.datetime(2100, 12, 31, 23, 59, 59)),
                min_size=1, max_size=200))
def test_random_whole_second_datetimes(whens):
    whens = [w.replace(microsecond=0) for w in whens]
    ns = np.array([to_ns(w) for w in whens], dtype=np.int64)
    expected = np.array([date2num(w) for w in whens]).view(np.int64)
    np.testing.assert_array_equal(bits(date2num_array(ns)), expected)


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.int64, st.integers(1, 300),
                  elements=st.integers(NS_1900, NS_2100)))
def test_random_nanosecond_timestamps_are_floored_to_microseconds(ns):
    np.testing.assert_array_equal(bits(date2num_array(ns)), scalar_bits(ns))


@settings(max_examples=100, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)),
       st.sampled_from([0, 1, 9, 10, 11, 500000, 999989, 999990, 999991, 999999]))
def test_microsecond_edge_values(day, micro):
    when = day.replace(hour=23, minute=59, second=59, microsecond=micro)
    assert date2num_array(np.array([to_ns(when)]))[0].hex() == date2num(when).hex()


def test_all_timestamps_of_200k_minute_bars():
    start = to_ns(dt.datetime(2015, 3, 2, 9, 30))
    ns = start + np.arange(200_000, dtype=np.int64) * 60_000_000_000
    np.testing.assert_array_equal(bits(date2num_array(ns)), scalar_bits(ns))


def test_every_second_of_a_day_and_daily_session_ends():
    day = to_ns(dt.datetime(2006, 1, 2))
    seconds = day + np.arange(86_400, dtype=np.int64) * 1_000_000_000
    np.testing.assert_array_equal(bits(date2num_array(seconds)), scalar_bits(seconds))
    ends = [to_ns(dt.datetime(2006, 1, 2, 23, 59, 59, 999990) + dt.timedelta(days=k))
            for k in range(5000)]
    np.testing.assert_array_equal(bits(date2num_array(np.array(ends))), scalar_bits(ends))


def test_exact_halfway_sums_round_to_even():
    # An exact tie between two doubles only happens where the result grid is finest:
    # the first days of year 1 (ordinals 1..3 and 16..31; found by an exhaustive
    # search with fractions.Fraction, e.g. 0001-01-01 00:25:55 and 0001-01-02 00:26:55).
    first = np.datetime64('0001-01-01', 's')
    days = [first + np.timedelta64(k, 'D') for k in (0, 1, 2, 15)]
    seconds = np.concatenate([d + np.arange(86_400) for d in days])
    expected = np.array([date2num(s) for s in seconds.astype(object)])
    np.testing.assert_array_equal(bits(date2num_array(seconds)), expected.view(np.int64))


def test_datetime64_input_any_unit_and_shapes():
    stamps = np.array(['2006-01-02T23:59:59.999990', '1900-03-01T00:00:00.000001'],
                      dtype='datetime64[us]')
    expected = [date2num(s) for s in stamps.astype(object)]
    assert date2num_array(stamps).tolist() == expected
    assert date2num_array(stamps.astype('datetime64[ns]')).tolist() == expected
    assert date2num_array(np.array(['2006-01-02'], dtype='datetime64[D]')).tolist() == [732313.0]
    # datetime64 covers years beyond the ns range: 0001 .. 9999
    wide = np.array(['0001-01-01', '9999-12-31T12:00:00.000012'], dtype='datetime64[us]')
    assert date2num_array(wide).tolist() == [1.0, 3652059.5]
    grid = np.arange(6, dtype=np.int64).reshape(2, 3) * 3_600_000_000_000
    out = date2num_array(grid)
    assert out.shape == (2, 3) and out[1, 2] == date2num(dt.datetime(1970, 1, 1, 5))
    assert date2num_array(np.int64(0)).shape == ()
    assert date2num_array(np.array([], dtype=np.int64)).shape == (0,)
    assert date2num_array([0, 60_000_000_000]).tolist() == [719163.0, date2num(dt.datetime(1970, 1, 1, 0, 1))]


def test_sub_microsecond_digits_are_floored():
    # -1 ns is 1969-12-31 23:59:59.999999999 -> .999999 (as a datetime64[us] cast)
    out = date2num_array(np.array([-1, -1000, -1001, 999, 1000]))
    ref = [dt.datetime(1969, 12, 31, 23, 59, 59, 999999), dt.datetime(1969, 12, 31, 23, 59, 59, 999999),
           dt.datetime(1969, 12, 31, 23, 59, 59, 999998), EPOCH, EPOCH.replace(microsecond=1)]
    assert out.tolist() == [date2num(r) for r in ref]


def test_nat_gives_nan():
    nat = np.iinfo(np.int64).min
    out = date2num_array(np.array([0, nat]))
    assert out[0] == 719163.0 and np.isnan(out[1])
    out = date2num_array(np.array(['2006-01-02', 'NaT'], dtype='datetime64[s]'))
    assert out[0] == 732313.0 and np.isnan(out[1])


def test_bad_input_types_and_ranges():
    with pytest.raises(TypeError, match='int64 nanoseconds or datetime64'):
        date2num_array(np.array([1.5]))
    with pytest.raises(TypeError):
        date2num_array(['2006-01-02'])
    with pytest.raises(ValueError, match='outside years 1..9999'):
        date2num_array(np.array(['10000-01-01'], dtype='datetime64[D]'))
    with pytest.raises(ValueError, match='outside years 1..9999'):
        date2num_array(np.array(['0000-12-31'], dtype='datetime64[D]'))


def test_large_random_sample_over_all_years():
    rng = np.random.default_rng(7)
    lo = np.datetime64('0001-01-01', 'us').astype(np.int64)
    hi = np.datetime64('9999-12-31T23:59:59.999999', 'us').astype(np.int64)
    micros = rng.integers(lo, hi, 100_000)
    micros[::3] -= micros[::3] % 1_000_000  # a third with whole seconds
    stamps = micros.astype('datetime64[us]')
    expected = np.array([date2num(s) for s in stamps.astype(object)])
    np.testing.assert_array_equal(bits(date2num_array(stamps)), expected.view(np.int64))


ORACLE_SCRIPT = r'''
import random, datetime as dt
from backtrader.utils import date2num
random.seed(99)
epoch = dt.datetime(1970, 1, 1)
for i in range(20000):
    when = epoch + dt.timedelta(microseconds=random.randint(-2208988800 * 10**6, 4133980799 * 10**6))
    if i % 2:
        when = when.replace(microsecond=0)
    d = when - epoch
    print((d.days * 86400 + d.seconds) * 10**6 + d.microseconds, date2num(when).hex())
'''


@pytest.mark.oracle
def test_matches_oracle_date2num(tmp_path):
    if not ORACLE.is_dir():
        pytest.skip('upstream oracle not installed in .oracle')
    env = dict(os.environ, PYTHONPATH=str(ORACLE))
    done = subprocess.run([sys.executable, '-c', ORACLE_SCRIPT], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    pairs = [line.split() for line in done.stdout.splitlines()]
    assert len(pairs) == 20000
    micros = np.array([int(p[0]) for p in pairs], dtype=np.int64)
    expected = [p[1] for p in pairs]
    assert [x.hex() for x in date2num_array(micros * 1000).tolist()] == expected
