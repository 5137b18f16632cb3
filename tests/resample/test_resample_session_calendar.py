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
