"""Scalar date numbers and time zones (bt.utils.dateintern).

Literal expected values come from upstream run as a black box:
    PYTHONPATH=.oracle python3 -c \
        'from backtrader.utils import *; print(repr(date2num(DT)), repr(num2date(X)))'
for each DT / X listed below.
"""
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtrader.core.errors import BacktraderError
from backtrader.utils import (TIME_MAX, TIME_MIN, UTC, Localizer, TZLocal, date2num,
                              num2date, num2dt, num2time, time2num, tzparse)
from backtrader.utils import dateintern
from backtrader.utils.dateintern import UnknownTimezoneError

ORACLE = Path(__file__).resolve().parents[2] / '.oracle'

# (datetime, date2num(datetime), num2date(date2num(datetime))) from the oracle
ROUND_TRIPS = [
    (dt.datetime(2006, 1, 2, 23, 59, 59, 999990), 732313.9999999999, dt.datetime(2006, 1, 2, 23, 59, 59, 999989)),
    (dt.datetime(2006, 1, 2, 0, 0), 732313.0, dt.datetime(2006, 1, 2, 0, 0)),
    (dt.datetime(1, 1, 1, 0, 0), 1.0, dt.datetime(1, 1, 1, 0, 0)),
    (dt.datetime(9999, 12, 31, 12, 0, 0, 12), 3652059.5, dt.datetime(9999, 12, 31, 12, 0)),
    (dt.datetime(2000, 2, 29, 12, 30, 15, 123456), 730179.5210083734, dt.datetime(2000, 2, 29, 12, 30, 15, 123457)),
    (dt.datetime(1970, 1, 1, 0, 0, 0, 1), 719163.0, dt.datetime(1970, 1, 1, 0, 0)),
    (dt.datetime(1900, 1, 1, 0, 0, 0, 9), 693596.0000000001, dt.datetime(1900, 1, 1, 0, 0, 0, 10)),
    (dt.datetime(2100, 12, 31, 23, 59, 59, 999989), 767009.9999999999, dt.datetime(2100, 12, 31, 23, 59, 59, 999989)),
    (dt.datetime(2020, 3, 8, 2, 30), 737492.1041666666, dt.datetime(2020, 3, 8, 2, 30)),
    (dt.datetime(2015, 6, 30, 23, 59, 59, 500000), 735779.999994213, dt.datetime(2015, 6, 30, 23, 59, 59, 500002)),
    (dt.datetime(1999, 12, 31, 23, 59, 59, 999991), 730119.9999999999, dt.datetime(1999, 12, 31, 23, 59, 59, 999989)),
    (dt.datetime(2038, 1, 19, 3, 14, 7, 654321), 744018.1348108139, dt.datetime(2038, 1, 19, 3, 14, 7, 654324)),
]

# (number, num2date(number)) from the oracle: truncation, <10 us snap, >999990 round-up
NUMBERS = [
    (732313.9999999999, dt.datetime(2006, 1, 2, 23, 59, 59, 999989)),
    (5.000000115, dt.datetime(1, 1, 5, 0, 0, 0, 9935)),
    (3652059.99999999, dt.datetime(9999, 12, 31, 23, 59, 59, 999155)),
    (737577.999999999, dt.datetime(2020, 6, 1, 23, 59, 59, 999909)),
    (736330.00000001, dt.datetime(2017, 1, 1, 0, 0, 0, 865)),
    (736330.0000000001, dt.datetime(2017, 1, 1, 0, 0, 0, 10)),
    (1.5, dt.datetime(1, 1, 1, 12, 0)),
]

# (time, time2num(time)) from the oracle (a plain float sum, not fsum)
TIMES = [
    (dt.time(23, 59, 59, 999990), 0.9999999998842592),
    (dt.time(1, 2, 3, 4), 0.04309027782407407),
    (dt.time(12, 0), 0.5),
    (dt.time(0, 0, 0, 1), 1.1574074074074074e-11),
]

PLUS2 = dt.timezone(dt.timedelta(hours=2))


@pytest.mark.parametrize('when, number, back', ROUND_TRIPS)
def test_date2num_and_round_trip(when, number, back):
    assert date2num(when) == number
    assert num2date(number) == back
    assert num2dt(number) == back.date()
    assert num2time(number) == back.time()


@pytest.mark.parametrize('number, expected', NUMBERS)
def test_num2date_microsecond_rules(number, expected):
    assert num2date(number) == expected


@pytest.mark.parametrize('tm, expected', TIMES)
def test_time2num(tm, expected):
    assert time2num(tm) == expected


def test_time2num_accepts_datetime_and_ignores_tzinfo():
    assert time2num(dt.datetime(2006, 1, 2, 23, 59, 59, 999990)) == 0.9999999998842592
    assert time2num(dt.time(12, tzinfo=dt.timezone.utc)) == 0.5


def test_session_constants():
    assert TIME_MAX == dt.time(23, 59, 59, 999990)
    assert TIME_MIN == dt.time(0, 0)
    assert num2time(date2num(dt.datetime.combine(dt.date(2006, 1, 2), TIME_MAX))) == \
        dt.time(23, 59, 59, 999989)


def test_date2num_of_date_is_midnight():
    assert date2num(dt.date(2006, 1, 2)) == 732313.0
    assert date2num(dt.date(2020, 6, 1), tz=UTC) == 737577.0


def test_date2num_aware_is_converted_to_utc():
    # oracle: date2num(datetime(2020,6,1,12,tzinfo=timezone(+2h))) -> 737577.4166666666
    assert date2num(dt.datetime(2020, 6, 1, 12, tzinfo=PLUS2)) == 737577.4166666666
    assert date2num(dt.datetime(2020, 6, 1, 1, tzinfo=PLUS2)) == 737576.9583333334
    # tz given: the wall time is localized in it first (UTC.localize replaces tzinfo)
    assert date2num(dt.datetime(2020, 6, 1, 12), tz=UTC) == 737577.5
    assert date2num(dt.datetime(2020, 6, 1, 12, tzinfo=PLUS2), tz=UTC) == 737577.5
    # a tzinfo without localize is attached as is (upstream raised AttributeError)
    assert date2num(dt.datetime(2020, 6, 1, 12), tz=PLUS2) == 737577.4166666666


def test_date2num_tzinfo_returning_none_is_naive():
    class NoOffset(dt.tzinfo):
        def utcoffset(self, d):
            return None

        def dst(self, d):
            return None

    assert date2num(dt.datetime(2020, 6, 1, 12, tzinfo=NoOffset())) == 737577.5


def test_num2date_with_tz():
    # oracle: num2date(737577.5, tz=timezone(+2h)[, naive=False])
    assert num2date(737577.5, tz=PLUS2) == dt.datetime(2020, 6, 1, 14, 0)
    aware = num2date(737577.5, tz=PLUS2, naive=False)
    assert aware == dt.datetime(2020, 6, 1, 14, 0, tzinfo=PLUS2) and aware.tzinfo is PLUS2
    assert num2date(737577.5, naive=False).tzinfo is None  # no tz: always naive
    assert num2date(737577.5, tz=UTC, naive=False).tzinfo is UTC
    assert num2time(737577.5, tz=PLUS2, naive=False) == dt.time(14, 0)
    assert num2dt(737577.95, tz=PLUS2) == dt.date(2020, 6, 2)


def test_num2date_uses_the_zones_fromutc():
    class Odd(dt.tzinfo):
        def utcoffset(self, d):
            return dt.timedelta(hours=3)

        def dst(self, d):
            return dt.timedelta(0)

        def fromutc(self, d):
            return (d + dt.timedelta(hours=5)).replace(tzinfo=self)

    # oracle: num2date(737577.5, tz=Odd()) -> 17:00 ; date2num(12:00 Odd) -> 737577.375
    assert num2date(737577.5, tz=Odd()) == dt.datetime(2020, 6, 1, 17, 0)
    assert date2num(dt.datetime(2020, 6, 1, 12, tzinfo=Odd())) == 737577.375


@pytest.mark.parametrize('bad', [-1, 0.5, float('nan'), 3652060.0])
def test_num2date_out_of_range(bad):
    with pytest.raises(ValueError):
        num2date(bad)


@pytest.mark.parametrize('bad', ['2020-01-01', None, 737577.5])
def test_date2num_rejects_non_dates(bad):
    with pytest.raises(TypeError, match='date2num expects'):
        date2num(bad)


@settings(max_examples=500, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)))
def test_whole_seconds_round_trip_exactly(when):
    when = when.replace(microsecond=0)
    assert num2date(date2num(when)) == when


@settings(max_examples=500, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)))
def test_round_trip_is_close(when):
    # float grid (<= 5 us here) + truncation (1 us) + snapping of the last 10 us
    back = num2date(date2num(when))
    assert abs(back - when) <= dt.timedelta(microseconds=16)
    assert back.microsecond == 0 or back.microsecond >= 10


# --- time zones ----------------------------------------------------------------

def test_utc_zone():
    now = dt.datetime(2020, 6, 1, 12)
    assert UTC.utcoffset(None) == dt.timedelta(0) and UTC.dst(None) == dt.timedelta(0)
    assert UTC.tzname(None) == 'UTC'
    assert UTC.localize(now) == dt.datetime(2020, 6, 1, 12, tzinfo=dt.timezone.utc)
    assert UTC.localize(now).tzinfo is UTC


def test_local_zone_agrees_with_python():
    for when in (dt.datetime(2020, 1, 15, 12), dt.datetime(2020, 7, 15, 12)):
        expected = when.astimezone().utcoffset()  # Python's own local-time logic
        assert TZLocal.utcoffset(when) == expected
        assert TZLocal.localize(when).utcoffset() == expected
        assert TZLocal.tzname(when) == when.astimezone().tzname()
    assert TZLocal.utcoffset(None) == dateintern.STDOFFSET


def test_localizer():
    assert Localizer(None) is None
    assert Localizer(UTC) is UTC

    class Minus5(dt.tzinfo):
        def utcoffset(self, d):
            return dt.timedelta(hours=-5)

        def dst(self, d):
            return dt.timedelta(0)

    tz = Minus5()
    assert Localizer(tz) is tz  # method attached in place
    assert tz.localize(dt.datetime(2020, 6, 1)).tzinfo is tz
    wrapped = Localizer(PLUS2)  # datetime.timezone takes no attributes: wrapped
    local = wrapped.localize(dt.datetime(2020, 6, 1, 12))
    assert local.utcoffset() == dt.timedelta(hours=2)
    assert local.astimezone(dt.timezone.utc) == dt.datetime(2020, 6, 1, 10, tzinfo=dt.timezone.utc)
    assert dt.datetime(2020, 6, 1, 10, tzinfo=dt.timezone.utc).astimezone(wrapped).hour == 12
    with pytest.raises(TypeError, match='tzinfo or a zone name'):
        Localizer('Europe/Berlin')
    with pytest.raises(TypeError):
        tzparse(5)


def test_tzparse_non_strings_go_through_localizer():
    assert tzparse(None) is None
    assert tzparse(UTC) is UTC


@pytest.mark.parametrize('use_pytz', [True, False])
def test_tzparse_names(monkeypatch, use_pytz):
    if use_pytz:
        pytest.importorskip('pytz')
    else:
        monkeypatch.setattr(dateintern, '_pytz', None)
    berlin = tzparse('Europe/Berlin')
    summer = berlin.localize(dt.datetime(2020, 6, 1, 12))
    winter = berlin.localize(dt.datetime(2020, 1, 1, 12))
    assert summer.utcoffset() == dt.timedelta(hours=2)
    assert winter.utcoffset() == dt.timedelta(hours=1)
    assert date2num(dt.datetime(2020, 6, 1, 12), tz=berlin) == 737577.4166666666
    assert num2date(737577.5, tz=berlin) == dt.datetime(2020, 6, 1, 14, 0)
    assert tzparse('CST').zone == 'CST6CDT'
    with pytest.raises(UnknownTimezoneError, match='Nope/Nope') as info:
        tzparse('Nope/Nope')
    assert isinstance(info.value, (BacktraderError, ValueError))


def test_zoneinfo_localize_matches_pytz_semantics():
    pytz = pytest.importorskip('pytz')
    for name in ('Europe/Berlin', 'America/New_York', 'Australia/Sydney'):
        ours = dateintern._ZoneInfoTZ(name)
        theirs = pytz.timezone(name)
        when = dt.datetime(2020, 1, 1)
        while when.year == 2020:  # every half hour, both DST transitions included
            for is_dst in (False, True):
                assert ours.localize(when, is_dst=is_dst).utcoffset() == \
                    theirs.localize(when, is_dst=is_dst).utcoffset(), (name, when, is_dst)
            when += dt.timedelta(minutes=30)


def test_zoneinfo_localize_errors():
    berlin = dateintern._ZoneInfoTZ('Europe/Berlin')
    with pytest.raises(ValueError, match='Not naive'):
        berlin.localize(dt.datetime(2020, 6, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match='ambiguous'):
        berlin.localize(dt.datetime(2020, 10, 25, 2, 30), is_dst=None)
    assert berlin.localize(dt.datetime(2020, 10, 25, 2, 30)).utcoffset() == dt.timedelta(hours=1)
    moved = berlin.normalize(dt.datetime(2020, 6, 1, 10, tzinfo=UTC))
    assert moved.hour == 12 and moved.tzinfo is berlin


# --- differential against upstream -------------------------------------------

ORACLE_SCRIPT = r'''
import json, random, datetime as dt
from backtrader.utils import date2num, num2date, time2num
random.seed(20240601)
rows = []
lo, hi = dt.date(1, 1, 1).toordinal(), dt.date(9999, 12, 30).toordinal()
for i in range(20000):
    day = dt.datetime.fromordinal(random.randint(lo, hi) if i % 2 else random.randint(693596, 767010))
    us = random.choice([0, 0, random.randint(0, 999999), random.choice([1, 9, 10, 999989, 999990, 999991, 999999])])
    when = day.replace(hour=random.randint(0, 23), minute=random.randint(0, 59),
                       second=random.randint(0, 59), microsecond=us)
    x = date2num(when)
    raw = random.uniform(1, 3652059.5)
    rows.append([when.isoformat(), x.hex(), num2date(x).isoformat(), raw.hex(),
                 num2date(raw).isoformat(), time2num(when.time()).hex()])
print(json.dumps(rows))
'''


@pytest.mark.oracle
def test_scalar_functions_match_oracle_on_random_values(tmp_path):
    if not ORACLE.is_dir():
        pytest.skip('upstream oracle not installed in .oracle')
    env = dict(os.environ, PYTHONPATH=str(ORACLE))
    done = subprocess.run([sys.executable, '-c', ORACLE_SCRIPT], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    rows = json.loads(done.stdout)
    assert len(rows) == 20000
    for when_s, x_h, back_s, raw_h, raw_back_s, t_h in rows:
        when = dt.datetime.fromisoformat(when_s)
        x = date2num(when)
        assert x.hex() == x_h, when_s
        assert num2date(x).isoformat() == back_s, when_s
        assert num2date(float.fromhex(raw_h)).isoformat() == raw_back_s, raw_h
        assert time2num(when.time()).hex() == t_h, when_s
