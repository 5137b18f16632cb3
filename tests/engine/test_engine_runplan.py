"""The run plan (engine/runplan.py): which loop and shortcuts a run takes,
and that the loops keep upstream's order of events."""
from __future__ import annotations

import collections
from pathlib import Path

import pandas as pd
import pytest

import backtrader as bt
from backtrader.brokers.base import capabilities_of
from backtrader.engine.runplan import RunPlan

DATA = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas' / '2006-day-001.txt'


def _data():
    return bt.feeds.GenericCSVData(dataname=str(DATA), dtformat='%Y-%m-%d', openinterest=-1,
                                   timeframe=bt.TimeFrame.Days)


class _Driver:
    def __init__(self, follow=True, quiet=True):
        self._follow, self.defers_broker_values = follow, quiet

    def can_follow(self):
        return self._follow


class _Timer:
    def __init__(self, cheat):
        self.p = type('P', (), {'cheat': cheat})()


def _loaded(ndatas, shift_last=False):
    """``ndatas`` preloaded datas on one timeline (the last one a minute
    later with ``shift_last``)."""
    datas = []
    for i in range(ndatas):
        start = '2020-01-01 00:01' if shift_last and i == ndatas - 1 else '2020-01-01'
        idx = pd.date_range(start, periods=50, freq='min')
        data = bt.feeds.PandasData(dataname=pd.DataFrame({'close': 1.0}, index=idx))
        data._start()
        data.preload()
        datas.append(data)
    return datas


def _plan(runonce=True, ndatas=1, drivers=None, broker=None, quicknotify=False, coo=False,
          timers=(), writers=None, datas=None):
    datas = datas if datas is not None else [object()] if ndatas == 1 else _loaded(ndatas)
    return RunPlan(runonce, datas, drivers or [_Driver()],
                   broker if broker is not None else bt.brokers.BackBroker(), quicknotify, coo,
                   list(timers), writers)


def test_the_common_case_takes_the_lean_loop_with_deferred_valuation():
    plan = _plan()
    assert plan.single_data and plan.lean and plan.defer_valuation and plan.direct_queue


@pytest.mark.parametrize('change', [
    dict(runonce=False), dict(coo=True), dict(writers=print),
    dict(runonce=False, ndatas=2), dict(ndatas=2, coo=True), dict(ndatas=2, writers=print),
    dict(ndatas=2, timers=[_Timer(True)])])
def test_each_condition_of_the_lean_loop_and_of_deferral(change):
    plan = _plan(**change)
    assert not plan.lean and not plan.defer_valuation


@pytest.mark.parametrize('change', [
    dict(ndatas=2, drivers=[_Driver(), _Driver()]), dict(drivers=[_Driver(follow=False)]),
    dict(ndatas=2, quicknotify=True), dict(timers=[_Timer(False)])])
def test_the_stepped_loop_over_one_timeline_defers_valuation(change):
    """Conditions of the lean loop only: the stepped loop runs, and (datas on
    one timeline) the broker may still defer its valuation."""
    plan = _plan(**change)
    assert not plan.lean and plan.lockstep and plan.defer_valuation
    assert not _plan(**dict(change, drivers=[_Driver(), _Driver(quiet=False)])).defer_valuation


def test_datas_on_one_timeline_move_in_lockstep():
    assert _plan().lockstep                 # a single data
    assert _plan(ndatas=3).lockstep         # three datas with the same datetimes
    assert not _plan(datas=_loaded(3, shift_last=True)).lockstep
    assert not _plan(runonce=False, ndatas=3).lockstep


def test_datas_on_one_timeline_take_the_lean_loop():
    # (their clocks shared for the run: tests/lines/test_shared_clock.py)
    plan = _plan(ndatas=3)
    assert plan.lean and plan.defer_valuation and not plan.single_data
    assert not _plan(datas=_loaded(3, shift_last=True)).lean


def test_values_read_every_bar_keep_the_broker_valuing():
    plan = _plan(drivers=[_Driver(quiet=False)])
    assert plan.lean and not plan.defer_valuation


def test_broker_capabilities_are_read_off_the_broker():
    class OwnNext(bt.brokers.BackBroker):
        def next(self):
            super().next()

    class OwnNotifications(bt.brokers.BackBroker):
        def get_notification(self):
            return super().get_notification()

    class Remote(bt.brokers.BrokerBase):
        def __init__(self):
            super().__init__()
            self.notifs = collections.deque()

    assert capabilities_of(bt.brokers.BackBroker()).defer
    own_next = capabilities_of(OwnNext())
    assert not own_next.defer and own_next.queue is not None
    assert capabilities_of(OwnNotifications()).queue is None
    remote = capabilities_of(Remote())
    assert remote.queue is None and not remote.defer
    assert capabilities_of(object()) == bt.brokers.BrokerCapabilities()
    assert not _plan(broker=OwnNotifications()).lean


@pytest.mark.parametrize('runonce', [True, False])
def test_runstop_ends_the_bar_before_later_strategies(runonce):
    seen = []

    class A(bt.Strategy):
        def next(self):
            if len(self) == 10:
                self.env.runstop()

    class B(bt.Strategy):
        def next(self):
            seen.append(len(self))

    cerebro = bt.Cerebro(runonce=runonce, stdstats=False)
    cerebro.adddata(_data())
    cerebro.addstrategy(A)
    cerebro.addstrategy(B)
    cerebro.run()
    # upstream 1.9.78.123 (A stops the run at its 10th bar; B printed its len
    # in next): 1 ... 9 in both modes
    assert seen == list(range(1, 10))


def test_a_broker_overriding_get_notification_is_asked():
    calls, statuses = [], []

    class Broker(bt.brokers.BackBroker):
        def get_notification(self):
            calls.append(1)
            return super().get_notification()

    class S(bt.Strategy):
        def next(self):
            if len(self) == 5:
                self.buy()

        def notify_order(self, order):
            statuses.append(order.getstatusname())

    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(_data())
    cerebro.addstrategy(S)
    cerebro.setbroker(Broker())
    cerebro.run()
    # upstream asks the broker's get_notification (its override runs) and
    # prints Submitted, Accepted, Completed
    assert calls and statuses == ['Submitted', 'Accepted', 'Completed']
