"""Timers and calendars: typed errors for impossible parameters, the opt-in
``validate()`` for parameters upstream accepts silently, the calendar helpers
and the no-timer fast path."""
from __future__ import annotations

import datetime as dt
import importlib.util

import pytest

import backtrader as bt
from backtrader.core.errors import TimerParameterError
from conftest import DATAS


def _cerebro(**kw):
    cer = bt.Cerebro(stdstats=False, **kw)
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'),
                                           todate=dt.date(2006, 2, 1)))
    return cer


@pytest.mark.parametrize('when', [None, 'SESSION_END', 5, 0, dt.timedelta(hours=1)])
def test_impossible_when_is_refused_naming_the_parameter(when):
    # upstream crashes later, inside the run; here add_timer says why at once
    with pytest.raises(TimerParameterError, match=r'when=') as exc:
        _cerebro().add_timer(when)
    assert isinstance(exc.value, ValueError)


def test_session_anchor_needs_a_data_feed_as_tzdata():
    utc = dt.timezone.utc
    with pytest.raises(TimerParameterError, match='SESSION_START needs the session times'):
        _cerebro().add_timer(bt.timer.SESSION_START, tzdata=utc)


@pytest.mark.parametrize('kwargs,word', [
    (dict(weekdays=[0, 3]), 'weekdays'), (dict(weekdays=[8]), 'weekdays'),
    (dict(monthdays=[32]), 'monthdays'), (dict(monthdays=[15, 1]), 'ascending'),
    (dict(repeat=dt.timedelta(minutes=-5)), 'repeat'), (dict(offset=30), 'offset'),
    (dict(allow=True), 'allow'),
])
def test_validate_is_opt_in(kwargs, word):
    cer = _cerebro()
    timer = cer.add_timer(dt.time(10), **kwargs)     # accepted, as upstream does
    with pytest.raises(TimerParameterError, match=word):
        timer.validate()


def test_validate_passes_good_timers_and_returns_them():
    timer = _cerebro().add_timer(dt.time(10), weekdays=[1, 5], monthdays=[1, 15],
                                 repeat=dt.timedelta(hours=1), allow=lambda d: True)
    assert timer.validate() is timer


def test_accepted_silently_like_upstream_never_fires():
    fired = []

    class Cer(bt.Cerebro):
        def notify_timer(self, timer, when, *args, **kwargs):
            fired.append(when)

    cer = Cer(stdstats=False)
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'),
                                           todate=dt.date(2006, 3, 1)))
    cer.add_timer(dt.time(0), weekdays=[8])
    cer.add_timer(dt.time(0), monthdays=[40], monthcarry=False)
    cer.run()
    assert fired == []


def test_extra_positional_args_reach_notify_timer():
    # upstream's add_timer cannot pass them (TypeError); here they work
    got = []

    class Cer(bt.Cerebro):
        def notify_timer(self, timer, when, *args, **kwargs):
            got.append((args, kwargs))

    cer = Cer(stdstats=False)
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'),
                                           todate=dt.date(2006, 1, 5)))
    td = dt.timedelta()
    cer.add_timer(dt.time(0), td, td, [], False, [], True, None, None, False, False, 'a', 1, k=2)
    cer.run()
    assert got and got[0] == (('a', 1), {'k': 2})


def test_strategy_timers_belong_to_their_run():
    class St(bt.Strategy):
        def __init__(self):
            self.calls = 0
            self.add_timer(dt.time(0))

        def notify_timer(self, timer, when, *args, **kwargs):
            self.calls += 1

    cer = _cerebro()
    cer.addstrategy(St)
    strat = cer.run()[0]
    first, bars = strat.calls, len(strat)
    second = cer.run()[0].calls
    assert first == second == bars > 20     # one call per daily bar, in each run
    assert cer._timers == []


def test_no_timer_keeps_the_lean_loop(monkeypatch):
    from backtrader.engine.engine import Engine
    calls = []
    monkeypatch.setattr(Engine, '_check_timers', lambda *a: calls.append(a))
    cer = _cerebro()
    cer.run()
    assert calls == []


def test_pandas_market_calendar_without_the_package_names_it():
    if importlib.util.find_spec('pandas_market_calendars') is not None:
        pytest.skip('pandas_market_calendars is installed')
    with pytest.raises(ImportError, match='pandas_market_calendars'):
        bt.PandasMarketCalendar(calendar='NYSE')
    cer = bt.Cerebro()
    with pytest.raises(ImportError, match='pip install pandas_market_calendars'):
        cer.addcalendar('NYSE')


def test_calendar_schedule_that_never_ends_raises_quickly():
    cal = bt.TradingCalendar(close=dt.time(16, 0))
    with pytest.raises(OverflowError, match='date value out of range'):
        cal.schedule(dt.datetime(2016, 1, 4, 17, 0))
    # an early day with a later close stops the search (upstream's loop too)
    cal = bt.TradingCalendar(close=dt.time(16, 0),
                             earlydays=[(dt.date(2016, 3, 1), dt.time(9), dt.time(18))])
    assert cal.schedule(dt.datetime(2016, 1, 4, 17, 0)) == (
        dt.datetime(2016, 3, 1, 9), dt.datetime(2016, 3, 1, 18))


def test_addcalendar_forms():
    cer = bt.Cerebro()
    cer.addcalendar(bt.TradingCalendar)
    assert isinstance(cer._tradingcal, bt.TradingCalendar)
    cal = bt.TradingCalendar(holidays=[dt.date(2016, 1, 1)])
    cer.addcalendar(cal)
    assert cer._tradingcal is cal


def test_pandas_market_calendar_sessions():
    pytest.importorskip('pandas_market_calendars')
    cal = bt.PandasMarketCalendar(calendar='NYSE', cachesize=30)
    # Christmas 2016 is observed on Monday the 26th
    assert cal.nextday(dt.date(2016, 12, 23)) == dt.date(2016, 12, 27)
    assert cal.last_weekday(dt.date(2016, 12, 23))
    assert cal.last_yearday(dt.date(2016, 12, 30)) and not cal.last_yearday(dt.date(2016, 12, 29))
    assert cal.schedule(dt.datetime(2016, 12, 22, 10)) == (
        dt.datetime(2016, 12, 22, 14, 30), dt.datetime(2016, 12, 22, 21, 0))
    # past the close: the next session (over the holiday, beyond the cache)
    assert cal.schedule(dt.datetime(2016, 12, 23, 22)) == (
        dt.datetime(2016, 12, 27, 14, 30), dt.datetime(2016, 12, 27, 21, 0))
    # the day after Thanksgiving closes early (13:00 New York)
    assert cal.schedule(dt.datetime(2016, 11, 25, 12))[1] == dt.datetime(2016, 11, 25, 18, 0)
    cer = bt.Cerebro()
    cer.addcalendar('NYSE')
    assert isinstance(cer._tradingcal, bt.PandasMarketCalendar)


def test_zone_names_and_zoneinfo_equal_a_fixed_offset_in_winter():
    """Europe/Berlin is UTC+1 in January: zone names (pytz or zoneinfo) and a
    zoneinfo object as tzdata fire exactly as a fixed +1 zone does."""
    import zoneinfo

    class Plus1(dt.tzinfo):
        def utcoffset(self, d):
            return dt.timedelta(hours=1)

        def dst(self, d):
            return dt.timedelta(0)

    def fired(data_tz, tzdata):
        got = []

        class St(bt.Strategy):
            def __init__(self):
                self.add_timer(dt.time(10, 2), repeat=dt.timedelta(minutes=40),
                               tzdata=self.data if tzdata == 'data' else tzdata)

            def notify_timer(self, timer, when, *args, **kwargs):
                got.append((len(self), when))

        cer = bt.Cerebro(stdstats=False)
        cer.adddata(bt.feeds.BacktraderCSVData(
            dataname=str(DATAS / '2006-min-005.txt'), timeframe=bt.TimeFrame.Minutes,
            compression=5, todate=dt.date(2006, 1, 4), tz=data_tz))
        cer.addstrategy(St)
        cer.run()
        return got

    expected = fired(Plus1(), 'data')
    assert len(expected) > 10
    assert fired('Europe/Berlin', 'data') == expected
    assert fired(None, zoneinfo.ZoneInfo('Europe/Berlin')) == fired(None, Plus1())
