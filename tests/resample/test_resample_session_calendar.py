"""Where resampled bars end with a session end and a trading calendar, as
upstream's: an input exactly at the session end closes its sub-day bar at
once; with ``cerebro.addcalendar`` the calendar's close ends a day's bar
(early closes, holidays) and a week's, month's or year's bar ends on the
period's last trading day. Values printed by upstream 1.9.78.123 for the same
runs (black box)."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import backtrader as bt

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'
MODES = [(True, True), (False, True), (False, False)]        # (runonce, preload)


class Probe(bt.Strategy):
    def __init__(self):
        self.rows = {}

    def prenext(self):
        self.next()

    def next(self):
        d1 = self.data1
        self.rows[len(self)] = (len(d1), d1.datetime.datetime(0) if len(d1) else None,
                                d1.close[0] if len(d1) else None)


def _mins(**kw):
    return bt.feeds.BacktraderCSVData(
        dataname=str(DATAS / '2006-min-005.txt'), timeframe=bt.TimeFrame.Minutes,
        compression=5, todate=datetime.datetime(2006, 1, 11), **kw)


def _rows(data, calendar, runonce, preload, **resample) -> dict:
    c = bt.Cerebro(runonce=runonce, preload=preload, stdstats=False)
    if calendar is not None:
        c.addcalendar(calendar)
    c.adddata(data)
    c.resampledata(data, **resample)
    c.addstrategy(Probe)
    return c.run()[0].rows


@pytest.mark.parametrize('runonce,preload', MODES)
def test_an_input_at_the_session_end_closes_its_bar(runonce, preload):
    rows = _rows(_mins(sessionend=datetime.time(17, 30)), None, runonce, preload,
                 timeframe=bt.TimeFrame.Minutes, compression=60)
    assert rows[101] == (8, datetime.datetime(2006, 1, 2, 17, 0), 3602.56)
    assert rows[102] == (9, datetime.datetime(2006, 1, 2, 17, 30), 3604.33)
    assert rows[120] == (10, datetime.datetime(2006, 1, 3, 10, 0), 3630.97)


CAL_1730 = dict(holidays=[datetime.date(2006, 1, 4)], open=datetime.time(9, 0),
                close=datetime.time(17, 30),
                earlydays=[(datetime.date(2006, 1, 5), datetime.time(9, 0), datetime.time(12, 0))])


@pytest.mark.parametrize('runonce,preload', MODES)
def test_the_calendar_close_ends_the_day(runonce, preload):
    rows = _rows(_mins(), bt.TradingCalendar(**CAL_1730), runonce, preload,
                 timeframe=bt.TimeFrame.Days)
    assert rows[101] == (0, None, None)
    assert rows[102] == (1, datetime.datetime(2006, 1, 2, 17, 30), 3604.33)


@pytest.mark.parametrize('runonce,preload', MODES)
def test_a_week_ends_on_its_last_trading_day(runonce, preload):
    cal = bt.TradingCalendar(holidays=[datetime.date(2006, 1, 13), datetime.date(2006, 1, 16)],
                             open=datetime.time(9, 0), close=datetime.time(23, 59, 59, 999990))
    days = bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'),
                                      todate=datetime.datetime(2006, 2, 10))
    rows = _rows(days, cal, runonce, preload, timeframe=bt.TimeFrame.Weeks)
    friday = datetime.datetime(2006, 1, 6, 23, 59, 59, 999989)
    assert rows[4] == (0, None, None)
    assert rows[5] == (1, friday, 3666.99)                  # not on the next Monday
    assert rows[8] == (1, friday, 3666.99)
    # Friday the 13th is a holiday: the week ends on Thursday
    assert rows[9] == (2, datetime.datetime(2006, 1, 12, 23, 59, 59, 999989), 3670.2)


# The bar left at the end of the data, when its last input came after the
# session end: upstream stamps it with the session end of that input's own
# day (an earlier time; a bar finished by a later input goes to the next
# day's session end). Under a time zone, the session end's UTC time of day on
# that local day, read as a local time. Values printed by upstream 1.9.78.123
# (resampling 2006-min-005.txt to days up to 2006-01-11, sessionend 16:00 or
# 12:30, tz none, US/Eastern or Asia/Tokyo; black box).
LAST_BARS = [
    (None, datetime.time(16, 0), 9,
     [(8, datetime.datetime(2006, 1, 10, 16, 0), 3673.29, 3644.76),
      (9, datetime.datetime(2006, 1, 10, 16, 0), 3645.02, 3644.94)]),
    (None, datetime.time(12, 30), 9,
     [(8, datetime.datetime(2006, 1, 10, 12, 30), 3679.27, 3642.57),
      (9, datetime.datetime(2006, 1, 10, 12, 30), 3642.51, 3644.94)]),
    ('US/Eastern', datetime.time(16, 0), 7,
     [(6, datetime.datetime(2006, 1, 9, 16, 0), 3667.1, 3671.78),
      (7, datetime.datetime(2006, 1, 10, 21, 0), 3671.23, 3644.94)]),
    ('Asia/Tokyo', datetime.time(16, 0), 7,
     [(6, datetime.datetime(2006, 1, 10, 16, 0), 3667.1, 3671.78),
      (7, datetime.datetime(2006, 1, 11, 7, 0), 3671.23, 3643.11)]),
    ('Asia/Tokyo', datetime.time(12, 30), 7,
     [(6, datetime.datetime(2006, 1, 10, 12, 30), 3667.1, 3671.78),
      (7, datetime.datetime(2006, 1, 11, 3, 30), 3671.23, 3643.11)]),
]


class Bars(bt.Strategy):
    def __init__(self):
        self.rows = []

    def next(self):
        d = self.data
        self.rows.append((len(self), d.datetime.datetime(0), d.open[0], d.close[0]))


@pytest.mark.parametrize('runonce,preload', MODES)
@pytest.mark.parametrize('tzname,sessionend,nbars,last', LAST_BARS)
def test_the_last_bar_after_the_session_end_keeps_its_day(runonce, preload, tzname,
                                                           sessionend, nbars, last):
    kw = dict(sessionend=sessionend)
    if tzname is not None:
        kw['tz'] = pytest.importorskip('pytz').timezone(tzname)
    c = bt.Cerebro(runonce=runonce, preload=preload, stdstats=False)
    c.resampledata(_mins(**kw), timeframe=bt.TimeFrame.Days)
    c.addstrategy(Bars)
    rows = c.run()[0].rows
    assert len(rows) == nbars
    assert rows[-2:] == last


# Sub-day bars of a data with a time zone: upstream finds an input in a later
# bucket than the bar in progress by their UTC times of day, while an input on
# a bucket edge and the stamps go by local time. So under US/Eastern the 10:00
# UTC input (05:00 local) starts a 2-hour bar, and under Asia/Tokyo the last
# inputs of a UTC day (02:05-02:30 local) join the next session's first bar.
# Values printed by upstream 1.9.78.123 (2006-min-005.txt up to 2006-01-04,
# resampled to 120 or 60 minutes; black box).
TZ_BARS = [
    ('US/Eastern', 120, 10,
     [(1, datetime.datetime(2006, 1, 2, 6, 0), 3578.73, 3601.79),
      (2, datetime.datetime(2006, 1, 2, 8, 0), 3601.58, 3598.63)],
     [(8, datetime.datetime(2006, 1, 3, 10, 0), 3636.2, 3634.28),
      (9, datetime.datetime(2006, 1, 3, 12, 0), 3634.22, 3629.68),
      (10, datetime.datetime(2006, 1, 3, 14, 0), 3629.23, 3614.34)]),
    ('Asia/Tokyo', 60, 14,
     [(1, datetime.datetime(2006, 1, 2, 19, 0), 3578.73, 3600.4),
      (2, datetime.datetime(2006, 1, 2, 20, 0), 3600.28, 3601.22)],
     [(8, datetime.datetime(2006, 1, 3, 2, 0), 3602.16, 3602.56),
      (9, datetime.datetime(2006, 1, 3, 19, 0), 3602.5, 3630.97),
      (10, datetime.datetime(2006, 1, 3, 20, 0), 3631.34, 3635.7)]),
]


@pytest.mark.parametrize('runonce,preload', MODES)
@pytest.mark.parametrize('tzname,compression,nbars,first,later', TZ_BARS)
def test_sub_day_buckets_of_a_data_with_a_time_zone(runonce, preload, tzname, compression,
                                                     nbars, first, later):
    tz = pytest.importorskip('pytz').timezone(tzname)
    data = bt.feeds.BacktraderCSVData(
        dataname=str(DATAS / '2006-min-005.txt'), timeframe=bt.TimeFrame.Minutes,
        compression=5, todate=datetime.datetime(2006, 1, 4), tz=tz)
    c = bt.Cerebro(runonce=runonce, preload=preload, stdstats=False)
    c.resampledata(data, timeframe=bt.TimeFrame.Minutes, compression=compression)
    c.addstrategy(Bars)
    rows = c.run()[0].rows
    assert len(rows) == nbars
    assert rows[:2] == first
    assert rows[7:10] == later
