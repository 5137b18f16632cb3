"""``optstrategy`` in the engine modes legacy scripts combine with it: next mode
on worker processes, and the memory-saving modes in one process, each giving
upstream's figures.

Two runs upstream completes failed here:
- ``runonce=False`` with ``maxcpus=2`` (``optreturn=False``, or an analyzer
  holding its strategy such as ``SharpeRatio``): the ``Broker`` observer kept
  memoryviews of its lines' storage, so the strategy a worker sent back did not
  pickle (TrialError: "cannot pickle memoryview objects");
- ``exactbars=1`` with ``maxcpus=1`` over more than five combinations: letting
  go of the last run's orders between runs called ``clear()`` on the broker's
  weakly held order map, which had none (AttributeError).

Expected figures: upstream's (PYTHONPATH=.oracle, the probe script this module
mirrors: the same strategy, data and analyzers, every combination of runonce x
preload x exactbars 0/1/-1/-2 x maxcpus 1/2 x optreturn printed the same six
rows, listed below as (fast, slow, trades, max drawdown %, Returns' rtot)).
"""
from __future__ import annotations

import datetime
import pickle

import pytest

import backtrader as bt

from conftest import DATAS

UPSTREAM_ROWS = [
    (3, 15, 11, 2.692941637505458, 0.022000210839667085),
    (3, 25, 7, 3.379471918440977, 0.007491865758295468),
    (5, 15, 10, 2.327056038786238, 0.020740422722675074),
    (5, 25, 5, 3.095927893931574, -0.0003480605660516355),
    (7, 15, 10, 2.9347146996463196, 0.013823020321477015),
    (7, 25, 4, 3.0054955467121482, 0.007921541577978152),
]


class _Cross(bt.Strategy):
    params = (('fast', 3), ('slow', 15))

    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.EMA(period=self.p.fast),
                                      bt.ind.SMA(period=self.p.slow))

    def next(self):
        if self.cross > 0:
            self.buy()
        elif self.cross < 0:
            self.close()


def _study(**cerebro_kwargs) -> list:
    cerebro = bt.Cerebro(**cerebro_kwargs)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.optstrategy(_Cross, fast=[3, 5, 7], slow=[15, 25])
    cerebro.addanalyzer(bt.analyzers.SharpeRatio, _name='sh')
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    cerebro.addanalyzer(bt.analyzers.Returns, _name='ret')
    rows = []
    for (strat,) in cerebro.run():
        an = strat.analyzers
        assert an.sh.get_analysis()['sharperatio'] is None      # (a year: upstream's None)
        rows.append((strat.p.fast, strat.p.slow, an.ta.get_analysis().total.total,
                     an.dd.get_analysis().max.drawdown, an.ret.get_analysis()['rtot']))
    return rows


def _assert_upstream_rows(rows: list) -> None:
    # (row by row: older pytest releases compare flat sequences only)
    assert len(rows) == len(UPSTREAM_ROWS)
    for row, expected in zip(rows, UPSTREAM_ROWS):
        assert row == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize('optreturn', [True, False])
@pytest.mark.parametrize('exactbars', [0, -1])
def test_next_mode_on_worker_processes(exactbars, optreturn):
    rows = _study(runonce=False, exactbars=exactbars, maxcpus=2, optreturn=optreturn)
    _assert_upstream_rows(rows)


@pytest.mark.parametrize('runonce', [True, False])
def test_memory_saving_runs_in_one_process(runonce):
    # six runs of 255 bars: the collection between runs is due after five
    rows = _study(runonce=runonce, exactbars=1, maxcpus=1)
    _assert_upstream_rows(rows)


def test_broker_observer_pickles_without_its_storage_handles():
    """The observer's storage handles are not pickled; a copy takes its own
    at its next bar (the values it holds are the lines')."""
    cerebro = bt.Cerebro(runonce=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(_Cross)
    strat = cerebro.run()[0]
    observer = next(o for o in strat.observers if isinstance(o, bt.observers.Broker))
    assert observer._cashslots is not None      # the handles the hot path writes through
    copy = pickle.loads(pickle.dumps(observer))
    assert copy._cashslots is None and copy._slots_clock is None
    assert list(copy.lines.value.array) == list(observer.lines.value.array)


class _Recorder(bt.Strategy):
    """Records, per combination, the bars run and the last values of the
    indicator it was given (``ind``: 'ha' HeikinAshi, 'sma' an SMA(3))."""
    params = (('tag', ''), ('ind', 'sma'))

    def __init__(self):
        self.ind = bt.ind.HeikinAshi() if self.p.ind == 'ha' else bt.ind.SMA(period=3)

    def stop(self):
        self.seen = (self.p.tag, len(self), self.data.close[0], list(self.ind.lines[0].get(size=3)))


def _recorded(results) -> list:
    return [r[0].seen for r in results]


def test_an_indicator_switching_to_next_mode_every_combination_runs():
    """HeikinAshi switches a runonce run to next mode; in an optimisation over
    datas loaded once, the runs after the first started at the datas' end
    and ran no bar (len 0; an analyzer dividing by the bars raised
    ZeroDivisionError). Upstream, every combination runs 128 bars with the
    ha_open values below (2006-03-01 .. 2006-08-31)."""
    cerebro = bt.Cerebro(maxcpus=1, optreturn=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(
        dataname=str(DATAS / '2006-day-001.txt'), fromdate=datetime.datetime(2006, 3, 1),
        todate=datetime.datetime(2006, 8, 31)))
    cerebro.optstrategy(_Recorder, tag=['a', 'b', 'c'], ind=['ha'])
    cerebro.addanalyzer(bt.analyzers.Returns)
    for tag, (name, bars, _, last) in zip('abc', _recorded(cerebro.run())):
        assert (name, bars) == (tag, 128)
        assert last == pytest.approx([3778.5586510383177, 3784.038075519159,
                                      3797.822787759579], rel=1e-12)


@pytest.mark.parametrize('maxcpus', [1, 2])
def test_every_combination_reads_a_replayed_data_from_its_first_bar(maxcpus):
    """A replayed data without preload is read again through its filter by
    each run; the filter's bar under way carried over to the next run in the
    same process (its first week lost: 8 bars instead of 9). Upstream's
    workers run each combination on a fresh copy: 9 bars each, last close
    3774.51 and SMA(3) 3789.403333333333 (2006-01-02 .. 2006-03-01, weeks);
    its runs in one process raise IndexError from the second on."""
    cerebro = bt.Cerebro(maxcpus=maxcpus, runonce=False, preload=False, optreturn=False)
    data = bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'),
                                      todate=datetime.datetime(2006, 3, 1))
    cerebro.replaydata(data, timeframe=bt.TimeFrame.Weeks)
    cerebro.optstrategy(_Recorder, tag=['a', 'b', 'c', 'd'])
    for tag, (name, bars, close, last) in zip('abcd', _recorded(cerebro.run())):
        assert (name, bars, close) == (tag, 9, 3774.51)
        assert last[-1] == pytest.approx(3789.403333333333, rel=1e-12)


class _Midpoint(bt.Strategy):
    params = (('period', 3),)

    def __init__(self):
        self.mid = bt.ind.SMA((self.data.high + self.data.low) / 2.0, period=self.p.period)


def test_a_strategy_with_a_division_of_lines_comes_back_from_a_worker():
    """``(high + low) / 2.0``: the division's scalar function was a closure,
    so a strategy holding one did not pickle back from a worker (TrialError);
    upstream sends it back."""
    cerebro = bt.Cerebro(maxcpus=2, optreturn=False, runonce=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'),
                                               todate=datetime.datetime(2006, 2, 1)))
    cerebro.optstrategy(_Midpoint, period=[3, 5])
    results = cerebro.run()
    assert [r[0].p.period for r in results] == [3, 5]
    assert all(len(r[0].mid) == len(r[0].data) > 0 for r in results)


@pytest.mark.parametrize('runonce', [True, False])
def test_a_second_run_of_a_replayed_data_runs_as_the_first(runonce):
    """``cerebro.run()`` twice: the replayed data's bar under way at the end
    of the first run was taken up by the second (its first bar lost).
    Upstream's first run gives 816 bars, the replayed data 8, last close
    3668.61 at 2006-01-11 17:30 (5-minute bars replayed as days); its
    second run raises IndexError."""
    cerebro = bt.Cerebro(runonce=runonce)
    data = bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-min-005.txt'),
                                      timeframe=bt.TimeFrame.Minutes, compression=5,
                                      todate=datetime.datetime(2006, 1, 12))
    cerebro.adddata(data)
    cerebro.replaydata(data, timeframe=bt.TimeFrame.Days)
    cerebro.addstrategy(bt.Strategy)
    for _ in range(2):
        strat = cerebro.run()[0]
        assert (len(strat), len(strat.data1), strat.data1.close[0]) == (816, 8, 3668.61)
        assert strat.data1.datetime.datetime(0) == datetime.datetime(2006, 1, 11, 17, 30)
