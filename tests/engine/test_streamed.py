"""Streamed runs (engine/streamed.py): ``exactbars >= 1`` computed a block of
bars at a time gives what the same run stepped bar by bar gives -- every
strategy print, order and trade notification, analyzer and final value --
whatever the block size; runs that cannot stream take the bar-by-bar path."""
from __future__ import annotations

import datetime
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import backtrader as bt
from backtrader.engine import cerebro as cerebro_module
from backtrader.engine import streamed
from backtrader.feeds import csvbase

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'indicators'))
from indcheck import DAILY, GROUPS  # noqa: E402

ROWS = 1500


def _write_bars(path: Path, rows: int = ROWS, bad_at=None) -> Path:
    rng = np.random.default_rng(11)
    close = 100 + np.cumsum(rng.normal(0, 0.6, rows))
    out = ['Date,Open,High,Low,Close,Volume,OpenInterest']
    for i in range(rows):
        c = close[i]
        price = 'oops' if i == bad_at else '%.4f' % c
        out.append('2021-03-%02d %02d:%02d:00,%.4f,%.4f,%.4f,%s,%d,0' % (
            1 + i // 1440, i // 60 % 24, i % 60, c + 0.1, c + 0.5, c - 0.5, price, 100 + i))
    path.write_text('\n'.join(out) + '\n')
    return path


class Trader(bt.Strategy):
    """SMA cross with RSI and ATR (the reference workload), logging every
    bar, every notification and every trade."""

    params = dict(fast=5, slow=17)

    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=self.p.fast),
                                      bt.ind.SMA(period=self.p.slow))
        self.rsi = bt.ind.RSI(period=9)
        self.atr = bt.ind.ATR(period=9)
        self.ema = bt.ind.EMA(self.data.high - self.data.low, period=6)
        self.log = []

    def next(self):
        self.log.append('%d %s %.6f %.6f %.6f %.6f %.2f %.2f' % (
            len(self), self.data.datetime.datetime(0).isoformat(), self.cross[0], self.rsi[0],
            self.atr[0], self.ema[-1], self.broker.getvalue(), self.broker.getcash()))
        # reads of a data's lines further back than exactbars=1 rings keep wrap around,
        # as upstream's do (reads before the first bar: see _outside, mode-dependent)
        self.log.append('back %s %.4f %.4f %.6f' % (
            self.data.datetime.datetime(-1).isoformat(),
            self.data.close[-25] if len(self) > 25 else 0.0,
            self.data.volume[-3], self.rsi[-5]))
        if not self.position:
            if self.cross > 0:
                self.buy(size=10)
        elif self.cross < 0:
            self.close()

    def notify_order(self, order):
        # (refs count per process: not compared between runs)
        self.log.append('order %s %s %.4f %.4f' % (
            order.getstatusname(), order.isbuy(), order.executed.price,
            order.executed.comm))

    def notify_trade(self, trade):
        self.log.append('trade %s %.4f %.4f' % (trade.isclosed, trade.pnl, trade.pnlcomm))


def _run(path, exactbars=1, stream=True, monkeypatch=None, strategy=Trader, **kwargs):
    if not stream:
        monkeypatch.setattr(cerebro_module, 'plan_stream', lambda *a, **k: None)
    cerebro = bt.Cerebro(exactbars=exactbars, **kwargs)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=str(path), dtformat='%Y-%m-%d %H:%M:%S',
                                            timeframe=bt.TimeFrame.Minutes))
    cerebro.broker.setcash(10000)
    cerebro.broker.setcommission(commission=0.001)
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    cerebro.addanalyzer(bt.analyzers.SQN, _name='sqn')
    cerebro.addstrategy(strategy)
    error = None
    try:
        strat = cerebro.run()[0]
    except Exception as exc:        # the bars before it and the error itself
        strat, error = cerebro.runningstrats[0], '%s: %s' % (type(exc).__name__, exc)
    if not stream:
        monkeypatch.undo()
    out = list(strat.log) + ['value %.6f cash %.6f' % (cerebro.broker.getvalue(),
                                                       cerebro.broker.getcash()), error]
    if error is None:
        out += [repr(strat.analyzers.ta.get_analysis()),
                repr(dict(strat.analyzers.dd.get_analysis())),
                repr(dict(strat.analyzers.sqn.get_analysis()))]
    return out, cerebro._streamed


@pytest.fixture(scope='module')
def bars(tmp_path_factory):
    return _write_bars(tmp_path_factory.mktemp('streamed') / 'bars.csv')


@pytest.fixture(scope='module')
def stepped(bars):
    """The bar-by-bar run (upstream's way of running exactbars=1)."""
    mp = pytest.MonkeyPatch()
    out, was_streamed = _run(bars, stream=False, monkeypatch=mp)
    assert not was_streamed
    return out


def test_streamed_run_prints_what_the_stepped_run_prints(bars, stepped):
    out, was_streamed = _run(bars)
    assert was_streamed
    assert sum(1 for line in out if line and line.startswith('trade')) > 20
    assert out == stepped
    # and what the default runonce run prints, but for the reads a ring wraps around
    runonce = _run(bars, exactbars=0)[0]
    assert [line for line in runonce if not str(line).startswith('back')] == \
        [line for line in stepped if not str(line).startswith('back')]


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunk=st.one_of(st.sampled_from([1, 7, 64, 4096]), st.integers(2, 300)),
       block=st.sampled_from([200, 4096, 1 << 20]))
def test_block_boundaries_are_invisible(bars, stepped, monkeypatch, chunk, block):
    monkeypatch.setattr(streamed, 'CHUNK_BARS', chunk)
    monkeypatch.setattr(csvbase, '_STREAM_BYTES', block)
    out, was_streamed = _run(bars)
    assert was_streamed
    assert out == stepped


def test_errors_raised_after_the_bars_before_them(tmp_path, monkeypatch):
    path = _write_bars(tmp_path / 'bad.csv', rows=900, bad_at=700)
    monkeypatch.setattr(streamed, 'CHUNK_BARS', 64)
    got, was_streamed = _run(path)
    assert was_streamed and got[-1].startswith('DataFormatError') and 'line 702' in got[-1]
    assert got == _run(path, stream=False, monkeypatch=monkeypatch)[0]


@pytest.mark.parametrize('dates', [
    {'fromdate': datetime.datetime(2021, 3, 1, 2, 0)},
    {'todate': datetime.datetime(2021, 3, 1, 9, 30)},
    {'fromdate': datetime.datetime(2021, 3, 1, 1, 0),
     'todate': datetime.datetime(2021, 3, 1, 10, 0)}])
def test_dates_selected_as_bar_by_bar(bars, monkeypatch, dates):
    def run(stream):
        if not stream:
            monkeypatch.setattr(cerebro_module, 'plan_stream', lambda *a, **k: None)
        cerebro = bt.Cerebro(exactbars=1, stdstats=False)
        cerebro.adddata(bt.feeds.GenericCSVData(
            dataname=str(bars), dtformat='%Y-%m-%d %H:%M:%S',
            timeframe=bt.TimeFrame.Minutes, **dates))
        cerebro.addstrategy(Trader)
        strat = cerebro.run()[0]
        monkeypatch.undo()
        return strat.log, cerebro._streamed

    monkeypatch.setattr(streamed, 'CHUNK_BARS', 64)
    got, was_streamed = run(True)
    assert was_streamed and len(got) > 100
    assert got == run(False)[0]


def test_runstop_inside_a_block(bars, monkeypatch):
    class Stopper(Trader):
        def next(self):
            super().next()
            if len(self) == 333:
                self.env.runstop()

    monkeypatch.setattr(streamed, 'CHUNK_BARS', 100)
    got, was_streamed = _run(bars, strategy=Stopper)
    assert was_streamed
    assert got == _run(bars, strategy=Stopper, stream=False, monkeypatch=monkeypatch)[0]
    assert sum(1 for line in got if line and line[0].isdigit()) == 333 - 18 + 1  # next() from bar 18


class NextOnly(bt.Indicator):
    lines = ('half',)

    def next(self):
        self.lines.half[0] = self.data.close[0] / 2


def test_runs_that_cannot_stream_step_bar_by_bar(bars, stepped, monkeypatch):
    class WithNextOnly(Trader):
        def __init__(self):
            super().__init__()
            self.half = NextOnly()

    out, was_streamed = _run(bars, strategy=WithNextOnly)
    assert not was_streamed and out == stepped
    for kwargs in ({'live': True}, {}):
        cerebro = bt.Cerebro(exactbars=1, **kwargs)
        for _ in range(1 if kwargs else 2):     # two datas: the merge of many feeds
            cerebro.adddata(bt.feeds.GenericCSVData(
                dataname=str(bars), dtformat='%Y-%m-%d %H:%M:%S',
                timeframe=bt.TimeFrame.Minutes))
        cerebro.addstrategy(Trader)
        cerebro.run()
        assert not cerebro._streamed


def test_refused_mappings_step_bar_by_bar(bars, stepped, monkeypatch):
    from backtrader.lines import virtual

    def refuse(self):
        raise OSError(12, 'Cannot allocate memory')

    monkeypatch.setattr(virtual.VirtualArrays, 'new', refuse)
    out, was_streamed = _run(bars)
    assert not was_streamed and out == stepped


def test_lines_end_as_the_rings_of_a_stepped_run(bars):
    cerebro = bt.Cerebro(exactbars=1)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=str(bars), dtformat='%Y-%m-%d %H:%M:%S',
                                            timeframe=bt.TimeFrame.Minutes))
    cerebro.addstrategy(Trader)
    strat = cerebro.run()[0]
    assert cerebro._streamed
    assert 0 < strat.data.close.maxlen < 100 and len(strat.data.close) == ROWS
    assert 0 < strat.rsi.lines.rsi.maxlen < 100
    last = float(open(bars).read().strip().splitlines()[-1].split(',')[4])
    assert strat.data.close[0] == last


def test_preload_false_streams_and_keeps_every_bar(bars, monkeypatch):
    monkeypatch.setattr(streamed, 'CHUNK_BARS', 50)

    def run(stream):
        if not stream:
            monkeypatch.setattr(cerebro_module, 'plan_stream', lambda *a, **k: None)
        cerebro = bt.Cerebro(preload=False)
        cerebro.adddata(bt.feeds.GenericCSVData(
            dataname=str(bars), dtformat='%Y-%m-%d %H:%M:%S', timeframe=bt.TimeFrame.Minutes))
        cerebro.addstrategy(Trader)
        cerebro.addanalyzer(bt.analyzers.DrawDown, _name='dd')
        strat = cerebro.run()[0]
        monkeypatch.undo()
        monkeypatch.setattr(streamed, 'CHUNK_BARS', 50)
        values = {name: ['%.9g' % v for v in line.array[:len(line)]]
                  for obs in strat.observers
                  for name, line in zip(obs.lines.getlinealiases(), obs.lines)}
        return (strat.log, values, list(strat.data.close.array),
                ['%.9g' % v for v in strat.rsi.array],
                dict(strat.analyzers.dd.get_analysis())), cerebro._streamed

    got, was_streamed = run(True)
    assert was_streamed
    want, was_streamed = run(False)
    assert not was_streamed
    assert got == want
    closes = [float(row.split(',')[4]) for row in bars.read_text().splitlines()[1:]]
    assert got[2] == closes          # every bar kept (older bars read back from the file)


# -- every indicator: streamed (small blocks) equal to stepped bar by bar ------------------
SPECS = GROUPS['daily'][1]


class Recorder(bt.Strategy):
    params = (('expr', ''),)

    def __init__(self):
        d = self.data
        scope = dict(d=d, sma15=bt.ind.SMA(d, period=15), ind=bt.indicators,
                     operator=__import__('operator'))
        self.obj = eval(self.p.expr, {'bt': bt}, scope)
        self.rec = []

    def next(self):
        self.rec.append(tuple('%.9g' % line[0] for line in self.obj.lines))


def _record(expr, stream, monkeypatch):
    if not stream:
        monkeypatch.setattr(cerebro_module, 'plan_stream', lambda *a, **k: None)
    cerebro = bt.Cerebro(exactbars=1, stdstats=False)
    cerebro.adddata(bt.feeds.GenericCSVData(dataname=str(DAILY), dtformat='%Y-%m-%d',
                                            openinterest=-1, timeframe=bt.TimeFrame.Days))
    cerebro.addstrategy(Recorder, expr=expr)
    strat = cerebro.run()[0]
    if not stream:
        monkeypatch.undo()
        monkeypatch.setattr(streamed, 'CHUNK_BARS', 7)
    return strat.rec, cerebro._streamed


def test_every_indicator_streams_or_steps_with_the_same_values(monkeypatch):
    monkeypatch.setattr(streamed, 'CHUNK_BARS', 7)
    streaming, differ = [], []
    for name, expr in SPECS:
        got, was_streamed = _record(expr, True, monkeypatch)
        if was_streamed:
            streaming.append(name)
        if got != _record(expr, False, monkeypatch)[0]:
            differ.append(name)
    assert not differ, 'streamed values differ from bar by bar: %s' % differ
    # the common indicators do stream
    for name in ('SMA', 'EMA', 'RSI', 'ATR', 'MACD', 'BBands', 'Stochastic', 'CrossOver'):
        assert name in streaming, name
    assert len(streaming) > len(SPECS) // 2


def test_every_run_of_an_optimisation_streams_its_reused_data(bars, monkeypatch):
    monkeypatch.setattr(streamed, 'CHUNK_BARS', 128)

    def results(stream):
        if not stream:
            monkeypatch.setattr(cerebro_module, 'plan_stream', lambda *a, **k: None)
        cerebro = bt.Cerebro(exactbars=1, maxcpus=1, optreturn=False)
        cerebro.adddata(bt.feeds.GenericCSVData(
            dataname=str(bars), dtformat='%Y-%m-%d %H:%M:%S', timeframe=bt.TimeFrame.Minutes))
        cerebro.addanalyzer(bt.analyzers.DrawDown, _name='dd')
        cerebro.optstrategy(Trader, fast=[3, 5], slow=[12, 17])
        runs = cerebro.run()
        monkeypatch.undo()
        monkeypatch.setattr(streamed, 'CHUNK_BARS', 128)
        return [(r[0].log, dict(r[0].analyzers.dd.get_analysis())) for r in runs], \
            cerebro._streamed

    got, was_streamed = results(True)
    assert was_streamed and len(got) == 4 and got[0] != got[1]
    assert got == results(False)[0]
