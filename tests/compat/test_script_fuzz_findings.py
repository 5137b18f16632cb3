"""What the whole-script differential fuzz test (``tests/integration/
test_script_fuzz_oracle.py``) found and what upstream does there.

Expected values: what upstream 1.9.78.123 prints for the same scripts
(``PYTHONPATH=.oracle python probe.py``, the scripts below with prints):

* two datas, data0 (2006-day-002.txt) starting a day after data1
  (2006-day-001.txt): at the first strategy bar data0 has length 0 and its
  ``datetime[0]`` reads 732314.9999999999 (its first bar, 2006-01-03, held
  back) without preload and 732674.9999999999 (the series' last bar,
  2006-12-29) with it; ``GrossLeverage`` (reading data0's datetime on every
  bar) runs in every mode (129 keys, all 0.0, the first one that bar's date). This project raised ``ValueError`` (a NaN date)
  without preload.
* ``DataTrades`` names its lines after the datas' names even when empty (a
  resampled clone, unnamed pandas feeds): ``('', '', '')``; ``data0`` only
  with ``usenames=False``. This project wrote ``data0, data1...``.
* a line's entry in ``plotlines`` reads and writes its settings as
  attributes: ``BuySell.plotlines.buy.marker`` is ``'^'``, ``sell.markersize``
  8.0, ``BollingerBands.plotlines.mid.ls`` ``'--'``; a subclass's entry merges
  its base's (``color`` 'red' and ``ls`` '--'); a missing setting raises
  AttributeError; ``_getitems()`` lists plain dicts. This project's entries
  were plain dicts.
* ``AnnualReturn`` reads the data's dates before the ``Broker`` observer:
  with ``exactbars=1`` it fails on the dates (``IndexError``), as upstream's.
* ``ParabolicSAR`` stepped again on the same bar (each update of a replayed
  bar; the last cycle of a run where only a resampled data moves) starts from
  the previous bar's state: upstream's values below. This project advanced
  its state at every step (replayed weeks of 2006-day-001.txt: 230 of 250
  values differed).
* cheat-on-open with a replayed data: in ``next_open`` the indicators hold
  the values ``next`` saw at the bar's previous update (this project showed
  the previous bar's).
* a line operation or line function (``m * 2``, ``abs(m - m(-1))``,
  ``bt.Max``, ``bt.If``) given a multi-line indicator (MACD with lines of 15
  and 17 bars) works on its first line with that line's minimum period (15);
  an indicator given it takes the indicator's (17). ``KAMA(macd, period=13)``
  starts at bar 44 (this project: 45, with other values).
* ``LaguerreRSI``/``LaguerreFilter`` on a data that did not move in a cycle
  (a weekly resample beside its daily data, a replayed week's updates) step
  their sections again from the state reached, the cycles at the minimum
  period included (this project restarted there): values below.
* an indicator on one line of a next-only indicator (``SMA(ha.ha_close)``,
  ``EMA(user_indicator.lines.a)``) in next mode over preloaded data: upstream
  computes it from that line's values (below); this project computed it
  before the line had any (NaN on every bar, or values from NaN inputs).
  Found by the fuzz's ``prevline`` source and its next-only user indicator.
* ``HeikinAshi.ha_close`` has the data's minimum period (1), its other lines
  and the indicator 2: ``ha_close - close`` has a value on the first bar,
  ``SMA(ha_close, 3)`` on the third.
* the Laguerre indicators in next mode step again on the cycles where only
  another data moves (after their data ended, too): values below.
* memory-saving runs: a strategy's read back through an indicator wraps
  around the ring upstream keeps for it (its own minimum period, or the
  longest minimum period of what reads it): ``PivotPoint()[-1]`` is its
  current value with ``exactbars`` 1 and -2; SMA(3)'s ring keeps 3 bars, 12
  when SMA(10) reads it, 7 under ``sma - sma(-4)``.
* memory-saving runs, Ichimoku (ORCL June 2008 - June 2009, tenkan 4, kijun
  11, senkou 30): with ``exactbars=1`` the chikou line keeps a ring of its 26
  bars, so the close written 26 bars back lands on the current bar
  (``chikou_span[0]`` is the close; NaN with ``exactbars=-1``); the tenkan
  line keeps the ring of the operation it is bound to, which ``(tenkan +
  kijun) / 2`` reads for 11 bars (``ichimoku[-11]`` is ``ichimoku[0]``). A
  line operation on the indicator (``RSI(SMA(period=18), period=13) -
  ichimoku``) reads its first line only: the chikou ring stays at 26 (not
  the operation's 31 bars); an indicator taking it as its data
  (``SMA(ichimoku, period=40)``) sizes the rings of all its lines (chikou
  NaN). This project's chikou was NaN and its tenkan ring 4 bars. Found by
  the fuzz with every memory mode forced (its Ichimoku steering removed).
* memory-saving runs, ``HeikinAshi`` filter (2006-day-001.txt): with
  ``exactbars`` 1 and 2 and nothing reading the data further back, its lines
  keep one bar, so the filter's look at the previous bar sees the current
  one: the raw open and the new close (written first), the open of bar 2 is
  (3604.08 + 3614.67) / 2 = 3609.375 in every mode; an SMA(3) of the open
  gives the lines three bars (values below). This project read the raw
  close (3609.21). Found by the fuzz once its HeikinAshi steering was removed.
* memory-saving runs (``exactbars=1``): a line bound to an operation
  (``self.lines.a = op``) is sized by the readers of the line, not by those
  of the operation. ``SMA(op, 5)``, ``(op + sma) / 2`` or ``op(-4)`` leave
  ``a`` a one-bar ring (``ind[-1]`` is ``ind[0]``; upstream raises IndexError
  from ``ind[-2]`` on); the same reading ``self.lines.a`` gives it 5 bars.
  ``haDelta(autoheikin=False)[-1]`` is its current value. This project sized
  the line by the operation's readers. (Ichimoku reads its tenkan and kijun
  lines, not their operations: that is what sizes its tenkan ring at 11.)
* a read before an indicator's first bar (``sma1[-1]`` on the strategy's first
  bar, ``SMA(period=1)`` of 2006-day-001.txt): upstream's indicator lines hold
  the whole series only in a runonce run over preloaded data (``exactbars=0``),
  where the read wraps around its end (4119.94, the last bar's value); in every
  other mode they hold the bars so far and the read wraps around those: the
  current value (3604.33) on the first bar, ``[-3]`` on the second bar the
  first bar's value, IndexError further back. Two datas, data0 (2006-day-002
  from February) starting later: ``PivotPoint(data0)[-1]`` on data0's first
  bar is its current value, on the next cycles too while data0 does not move.
  This project read the end of the series computed up front (next mode over
  preloaded data) or NaN. Reads straight from a line (``ind.lines.p[-1]``)
  keep the earlier behaviour in part (a known difference: the per-read check
  would sit on every line read).
"""
from __future__ import annotations

import datetime

import pandas as pd
import pytest

import backtrader as bt
from conftest import DATAS

DAY1 = str(DATAS / '2006-day-001.txt')
DAY2 = str(DATAS / '2006-day-002.txt')
MODES = [dict(runonce=False, preload=False), dict(runonce=False, preload=True),
         dict(runonce=True, preload=True)]


class FirstBar(bt.Analyzer):
    def create_analysis(self):
        self.rets = []

    def prenext(self):
        self.rets.append((len(self.data0), self.data0.datetime[0]))


@pytest.mark.parametrize('exactbars', [0, -1, -2])
@pytest.mark.parametrize('modes', MODES)
def test_a_data_holding_its_first_bar_reads_it(modes, exactbars):
    cerebro = bt.Cerebro(exactbars=exactbars, stdstats=False, **modes)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY2))
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1))
    cerebro.addanalyzer(FirstBar, _name='first')
    cerebro.addanalyzer(bt.analyzers.GrossLeverage, _name='lev')
    cerebro.addstrategy(bt.Strategy)
    strat = cerebro.run()[0]
    expected = 732314.9999999999 if not modes['preload'] else 732674.9999999999
    assert strat.analyzers.first.rets[0] == (0, expected)
    # keyed by data0's datetime from the first bar on (upstream: 129 keys, all 0.0;
    # the first one is the bar data0 holds)
    lev = strat.analyzers.lev.get_analysis()
    first = datetime.datetime(2006, 12, 29) if modes['preload'] else datetime.datetime(2006, 1, 3)
    assert list(lev)[:2] == [first.replace(hour=23, minute=59, second=59, microsecond=999989),
                             datetime.datetime(2006, 1, 3, 23, 59, 59, 999989)
                             if modes['preload'] else
                             datetime.datetime(2006, 1, 5, 23, 59, 59, 999989)]
    assert len(lev) == 129 and set(lev.values()) == {0.0}


def test_datatrades_names_lines_after_the_datas_even_empty():
    df = pd.read_csv(DAY1, index_col=0, parse_dates=True)
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.PandasData(dataname=df))
    cerebro.adddata(bt.feeds.PandasData(dataname=df))
    cerebro.resampledata(bt.feeds.BacktraderCSVData(dataname=DAY1),
                         timeframe=bt.TimeFrame.Weeks, name='')
    cerebro.addstrategy(bt.Strategy)
    strat = cerebro.run()[0]
    obs = [o for o in strat.observers if type(o).__name__ == 'DataTrades']
    assert obs[0].lines.getlinealiases() == ('', '', '')

    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.PandasData(dataname=df))
    cerebro.addobserver(bt.observers.DataTrades, usenames=False)
    cerebro.addstrategy(bt.Strategy)
    strat = cerebro.run()[0]
    obs = [o for o in strat.observers if type(o).__name__ == 'DataTrades']
    assert obs[0].lines.getlinealiases() == ('data0',)


def test_plotlines_entries_read_and_write_as_attributes():
    assert bt.observers.BuySell.plotlines.buy.marker == '^'
    assert bt.observers.BuySell.plotlines.sell.markersize == 8.0
    assert bt.indicators.BollingerBands.plotlines.mid.ls == '--'
    assert bt.indicators.BollingerBands.plotlines.top._samecolor is True
    assert list(bt.indicators.BollingerBands.plotlines._getitems()) == [
        ('mid', {'ls': '--'}), ('top', {'_samecolor': True}), ('bot', {'_samecolor': True})]
    assert list(bt.indicators.SMA.plotlines._getitems()) == [('sma', {})]
    with pytest.raises(AttributeError):
        bt.observers.BuySell.plotlines.buy.nothing

    class Ind(bt.Indicator):
        lines = ('a', 'b')
        plotlines = dict(a=dict(color='red'))

    class Sub(Ind):
        plotlines = dict(a=dict(ls='--'))

    assert (Sub.plotlines.a.color, Sub.plotlines.a.ls) == ('red', '--')
    assert hasattr(Sub.plotlines, 'b')
    # an instance's entry: the settings in force, written as attributes too
    pl = Sub.plotlines()
    assert pl.a._get('color', None) == 'red' and pl.a._get('nothing', 1) == 1
    pl.a.color = 'black'
    assert pl.a['color'] == 'black' and pl.a.color == 'black'
    # upstream: a setting made on one object's entry does not reach the others
    assert Sub.plotlines().a.color == 'red' and Sub.plotlines.a.color == 'red'


def test_annualreturn_reads_dates_first():
    cerebro = bt.Cerebro(exactbars=1, stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1))
    cerebro.addanalyzer(bt.analyzers.AnnualReturn)
    cerebro.addstrategy(bt.Strategy)
    with pytest.raises(IndexError):
        cerebro.run()
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1))
    cerebro.addanalyzer(bt.analyzers.AnnualReturn)
    cerebro.addstrategy(bt.Strategy)
    with pytest.raises(AttributeError):
        cerebro.run()


class _Log(bt.Strategy):
    params = (('period', 2),)

    def __init__(self):
        self.sar = bt.ind.ParabolicSAR(period=self.p.period)
        self.sma = bt.ind.SMA(period=2)
        self.log = []

    def next(self):
        self.log.append(('next', len(self), self.data.datetime.date(0).isoformat(),
                         self.sar[0], self.sma[0]))

    def next_open(self):
        self.log.append(('open', len(self), self.data.datetime.date(0).isoformat(),
                         self.sar[0], self.sma[0]))


@pytest.mark.parametrize('runonce', [True, False])
def test_parabolic_sar_on_a_replayed_bar_steps_from_the_previous_bar(runonce):
    # upstream (PYTHONPATH=.oracle, 2006-day-001.txt replayed to weeks): the SAR of
    # every update of a bar starts from the previous bar's state
    cerebro = bt.Cerebro(runonce=runonce, stdstats=False)
    cerebro.replaydata(bt.feeds.BacktraderCSVData(dataname=DAY1),
                       timeframe=bt.TimeFrame.Weeks)
    cerebro.addstrategy(_Log)
    log = cerebro.run()[0].log
    assert [(n, d, v) for _, n, d, v, _ in log[:8]] == [
        (2, '2006-01-09', 3578.73), (2, '2006-01-10', 3578.73), (2, '2006-01-11', 3578.73),
        (2, '2006-01-12', 3578.73), (2, '2006-01-13', 3578.73), (3, '2006-01-16', 3578.73),
        (3, '2006-01-17', 3578.73), (3, '2006-01-18', 3685.99)]
    assert [(n, d, v) for _, n, d, v, _ in log[-2:]] == [
        (52, '2006-12-28', 3923.6836319999998), (52, '2006-12-29', 3923.6836319999998)]


@pytest.mark.parametrize('modes', MODES)
def test_parabolic_sar_holds_when_only_another_data_moves(modes):
    # upstream: ORCL 1999 and its weekly resample; the last cycle only moves the
    # weekly data and the SAR of the daily one keeps 21.560419637765243
    cerebro = bt.Cerebro(stdstats=False, **modes)
    data = bt.feeds.YahooFinanceCSVData(dataname=str(DATAS / 'orcl-1995-2014.txt'),
                                        fromdate=datetime.datetime(1999, 1, 1),
                                        todate=datetime.datetime(1999, 12, 31))
    cerebro.adddata(data)
    cerebro.resampledata(data, timeframe=bt.TimeFrame.Weeks)
    cerebro.addstrategy(_Log, period=4)
    log = cerebro.run()[0].log
    assert [(n, v) for _, n, _, v, _ in log[-2:]] == [(251, 21.560419637765243),
                                                      (252, 21.560419637765243)]


@pytest.mark.parametrize('runonce', [True, False])
def test_cheat_on_open_on_a_replayed_bar_shows_its_previous_update(runonce):
    # upstream: in next_open, what is computed on a replayed data holds the
    # values of the bar's previous update (the values next saw last), and the
    # previous bar's at a bar's first update
    cerebro = bt.Cerebro(runonce=runonce, cheat_on_open=True, stdstats=False)
    cerebro.replaydata(bt.feeds.BacktraderCSVData(dataname=DAY1),
                       timeframe=bt.TimeFrame.Weeks)
    cerebro.addstrategy(_Log)
    log = cerebro.run()[0].log
    pairs = list(zip(log, log[1:]))
    updates = [(a, b) for a, b in pairs if a[0] == 'next' and b[0] == 'open']
    assert len(updates) > 200
    for a, b in updates:
        assert (b[3], b[4]) == (a[3], a[4]), (a, b)


class _Ops(bt.Strategy):
    def __init__(self):
        m = bt.ind.MACD(self.data.close, period_me1=3, period_me2=15, period_signal=3)
        moved = abs(m - m(-1))
        self.periods = dict(
            indicator=m._minperiod, first=m.macd._minperiod, last=m.signal._minperiod,
            times=(m * 2.0)._minperiod, rsub=(2.0 - m)._minperiod, moved=moved._minperiod,
            summed=bt.ind.SumN(moved, period=13)._minperiod,
            on_indicator=bt.ind.SumN(m, period=13)._minperiod,
            delayed=m(-13)._minperiod, maxed=bt.Max(m, 1.0)._minperiod,
            chosen=bt.If(m > 0, m, 0.0)._minperiod)
        self.kama = bt.ind.KAMA(m, period=13, fast=2, slow=25)
        self.started = None

    def nextstart(self):
        self.started = (len(self), self.kama[0])


def test_operations_on_a_multiline_indicator_use_its_first_line():
    # upstream: a line operation or line function given a MACD (lines 15 and 17
    # bars) works on its first line, with that line's minimum period; an
    # indicator given it takes the indicator's (17)
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1))
    cerebro.addstrategy(_Ops)
    strat = cerebro.run()[0]
    assert strat.periods == dict(indicator=17, first=15, last=17, times=15, rsub=15, moved=16,
                                 summed=28, on_indicator=29, delayed=28, maxed=15, chosen=15)
    assert strat.started == (44, 43.719255560596594)


class _Heikin(bt.Strategy):
    def __init__(self):
        self.ha = bt.ind.HeikinAshi()
        self.log = []

    def next(self):
        self.log.append((len(self), len(self.data0), len(self.data1), self.ha.ha_open[0]))


def test_heikinashi_on_a_data_starting_later():
    # upstream (2006-day-002.txt as data0, starting a day after 2006-day-001.txt):
    # the indicator waits for its data's first bar; the strategy's first bar is
    # (4, 2, 4, 3599.545). This project raised IndexError without preload.
    for preload in (False, True):
        cerebro = bt.Cerebro(stdstats=False, preload=preload)
        cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY2))
        cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1))
        cerebro.addstrategy(_Heikin)
        assert cerebro.run()[0].log[0] == (4, 2, 4, 3599.545)


class _Drain(bt.Strategy):
    params = (('k', 2.0),)

    def next(self):
        if len(self) == 5:
            self.broker.add_cash(-self.p.k * self.broker.getcash())


@pytest.mark.parametrize('tann', [None, 252])
def test_returns_of_an_account_ending_below_zero(tann):
    # upstream: rtot, ravg, rnorm and rnorm100 all -inf (this project gave
    # rnorm -1.0, what expm1(-inf) is); an account that stays positive as before
    out = []
    for k in (2.0, 0.5):
        cerebro = bt.Cerebro(stdstats=False)
        cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1))
        cerebro.addstrategy(_Drain, k=k)
        cerebro.addanalyzer(bt.analyzers.Returns, tann=tann)
        out.append(dict(cerebro.run()[0].analyzers[0].get_analysis()))
    inf = float('-inf')
    assert out[0] == dict(rtot=inf, ravg=inf, rnorm=inf, rnorm100=inf)
    assert out[1] == dict(rtot=-0.6931471805599453, ravg=-0.0027182242374899817,
                          rnorm=-0.4959059936901404, rnorm100=-49.590599369014036)


class _TwoLines(bt.Indicator):
    # a user's indicator with next only
    lines = ('a', 'b')

    def next(self):
        self.lines.a[0] = self.data.close[0] * 2
        self.lines.b[0] = self.data.high[0] - self.data.low[0]


class _Laguerre(bt.Strategy):
    def __init__(self):
        self.lrsi = bt.ind.LaguerreRSI(self.datas[-1])
        self.lfilt = bt.ind.LaguerreFilter(self.datas[-1])
        self.user = _TwoLines(self.datas[-1])     # (next-only: stepped with the rest)
        self.log = []

    def next(self):
        self.log.append((len(self), len(self.datas[-1]), self.lrsi[0], self.lfilt[0]))


@pytest.mark.parametrize('runonce', [True, False])
@pytest.mark.parametrize('how', ['resample', 'replay'])
def test_laguerre_steps_again_when_its_bar_did_not_move(how, runonce):
    # upstream (2006-day-001.txt to 2006-03-20 with its weekly resample, or replayed
    # to weeks): each cycle steps the Laguerre sections again, nextstart's cycles
    # included, from the state reached. This project restarted the state on
    # every cycle at the minimum period (the values stayed 0.714... for the
    # five daily bars of the week), and the later values differed.
    cerebro = bt.Cerebro(runonce=runonce, stdstats=False)
    data = bt.feeds.BacktraderCSVData(dataname=DAY1, todate=datetime.datetime(2006, 3, 20))
    if how == 'resample':
        cerebro.adddata(data)
        cerebro.resampledata(data, timeframe=bt.TimeFrame.Weeks)
    else:
        cerebro.replaydata(data, timeframe=bt.TimeFrame.Weeks)
    cerebro.addstrategy(_Laguerre)
    log = cerebro.run()[0].log
    count, first, last = _LAGUERRE_UPSTREAM[how]
    assert (len(log), log[:3], log[-3:]) == (count, first, last)


# (bars, first three and last three log entries) printed by upstream
_LAGUERRE_UPSTREAM = {
    'resample': (26, [(31, 6, 0.7142857142857143, 3673.067383009214),
                      (32, 6, 0.7142857142857143, 3676.5967837667754),
                      (33, 6, 0.8, 3679.425267927927)],
                 [(54, 10, 0.6694222669296869, 3766.0209778557623),
                  (55, 10, 1.0, 3769.891155386411),
                  (56, 11, 1.0, 3776.2917481049176)]),
    'replay': (30, [(6, 6, 0.7142857142857143, 3655.3644537349046),
                    (6, 6, 0.7142098924837981, 3665.8332076352),
                    (6, 6, 0.7996230070082867, 3672.4874113555907)],
               [(11, 11, 0.8041063362281236, 3772.637590708205),
                (11, 11, 1.0, 3781.36092550586),
                (11, 11, 1.0, 3791.58282735479)]),
}


class _OnLines(bt.Strategy):
    def __init__(self):
        users = _TwoLines(self.data)
        self.sma_b = bt.ind.SMA(users.b, period=3)
        self.ema_a = bt.ind.EMA(users.lines.a, period=4)
        self.ha = bt.ind.HeikinAshi(self.data)
        self.sma_hc = bt.ind.SMA(self.ha.ha_close, period=3)
        self.sma_ho = bt.ind.SMA(self.ha.ha_open, period=3)
        self.gap = self.ha.ha_close - self.data.close
        self.log = []

    def prenext(self):
        self.next()

    def next(self):
        self.log.append((len(self), self.sma_b[0], self.ema_a[0], self.sma_hc[0],
                         self.sma_ho[0], self.gap[0]))


@pytest.mark.parametrize('modes', MODES + [dict(runonce=True, preload=True, exactbars=-1)])
def test_indicators_on_lines_of_next_only_indicators(modes):
    # upstream (2006-day-001.txt to 2006-01-12): the same in every mode
    cerebro = bt.Cerebro(stdstats=False, **modes)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1,
                                               todate=datetime.datetime(2006, 1, 12)))
    cerebro.addstrategy(_OnLines)
    log = cerebro.run()[0].log
    nan = float('nan')
    assert len(log) == 8
    assert [(n, g) for n, _, _, _, _, g in log[:3]] == [
        (1, -12.394999999999982), (2, 0.32999999999992724), (3, -18.61499999999978)]
    assert [s for _, _, _, s, _, _ in log[:4]] == pytest.approx(
        [nan, nan, 3613.4833333333336, 3633.4424999999997], nan_ok=True, rel=0, abs=0)
    assert [s for _, _, _, _, s, _ in log[2:5]] == pytest.approx(
        [nan, 3604.485625, 3618.9640624999997], nan_ok=True, rel=0, abs=0)
    assert [(n, b, a) for n, b, a, _, _, _ in log[3:]] == [
        (4, 30.76333333333332, 7260.6849999999995),
        (5, 25.01333333333332, 7290.002999999999),
        (6, 18.899999999999938, 7311.425799999999),
        (7, 23.559999999999945, 7302.8074799999995),
        (8, 26.643333333333278, 7316.572488)]


class _LaguerreTwoDatas(bt.Strategy):
    def __init__(self):
        self.lrsi = bt.ind.LaguerreRSI(self.data0, period=3, gamma=0.7)
        self.log = []

    def next(self):
        self.log.append((len(self), len(self.data0), len(self.data1), self.lrsi[0]))


@pytest.mark.parametrize('runonce', [True, False])
def test_laguerre_of_a_data_that_ended_steps_on_with_the_other(runonce):
    # upstream: 2006-day-001.txt (April-May 2006) then yhoo-2014.txt (April-May
    # 2014) as data1; once data0 ended, next mode steps the Laguerre sections of
    # data0 again on each of data1's bars (runonce does not). This project
    # computed them up front in next mode (0.0 to the end).
    cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
    cerebro.adddata(bt.feeds.BacktraderCSVData(
        dataname=DAY1, fromdate=datetime.datetime(2006, 4, 1),
        todate=datetime.datetime(2006, 6, 1)))
    cerebro.adddata(bt.feeds.YahooFinanceCSVData(
        dataname=str(DATAS / 'yhoo-2014.txt'), fromdate=datetime.datetime(2014, 4, 1),
        todate=datetime.datetime(2014, 6, 1)))
    cerebro.addstrategy(_LaguerreTwoDatas)
    log = cerebro.run()[0].log
    assert len(log) == 42
    assert log[:2] == [(41, 40, 1, 0.0), (42, 40, 2, 0.0)]
    last = [0.0, 0.0] if runonce else [0.05936942307554241, 0.06903399518355527]
    assert log[-2:] == [(81, 40, 41, last[0]), (82, 40, 42, last[1])]


class _PivotBack(bt.Strategy):
    def __init__(self):
        self.pp = bt.ind.PivotPoint()
        self.sma = bt.ind.SMA(period=3)
        self.log = []

    def next(self):
        self.log.append((len(self), self.pp[0], self.pp[-1], self.sma[-1]))


@pytest.mark.parametrize('exactbars', [1, -1, -2])
@pytest.mark.parametrize('runonce', [True, False])
def test_reads_back_wrap_around_upstreams_rings(runonce, exactbars):
    # upstream (ORCL June 2008): with exactbars=1, and with -2 for an indicator
    # that is not plotted (pivot points on the data itself), an indicator keeps
    # a ring of its own minimum period of bars (1 for PivotPoint, 3 for SMA(3)),
    # and a strategy reading further back wraps around it: pp[-1] is pp[0].
    # exactbars=-1 keeps the strategy's indicators whole. This project kept
    # what the longest lookback on the clock needs and read the previous bar.
    cerebro = bt.Cerebro(stdstats=False, runonce=runonce, exactbars=exactbars)
    cerebro.adddata(bt.feeds.YahooFinanceCSVData(
        dataname=str(DATAS / 'orcl-1995-2014.txt'), fromdate=datetime.datetime(2008, 6, 1),
        todate=datetime.datetime(2008, 7, 1)))
    cerebro.addstrategy(_PivotBack)
    log = cerebro.run()[0].log[:3]
    pp = [20.513333333333332, 20.39, 20.49, 20.156666666666666]
    nan = float('nan')
    sma_back = [nan, 20.31, 20.459999999999997]
    back = pp[1:] if exactbars != -1 else pp[:-1]
    expected = [(n + 3, pp[n + 1], back[n], sma_back[n]) for n in range(3)]
    assert log[0][:3] == expected[0][:3] and log[1:] == expected[1:]
    assert log[0][3] != log[0][3]


class _WrapLength(bt.Strategy):
    params = (('consumer', None),)

    def __init__(self):
        self.sma = bt.ind.SMA(period=3)
        if self.p.consumer == 'sma10':
            bt.ind.SMA(self.sma, period=10)
        elif self.p.consumer == 'delay4':
            self.gap = self.sma - self.sma(-4)
        self.wrap = None

    def next(self):
        if len(self) == 60:
            back = [self.sma[-k] for k in range(20)]
            self.wrap = next(k for k in range(1, 20) if back[k] == back[0])


@pytest.mark.parametrize('consumer, wrap', [(None, 3), ('sma10', 12), ('delay4', 7)])
def test_an_indicators_ring_is_what_its_readers_need(consumer, wrap):
    # upstream, exactbars=1: SMA(3)'s ring keeps 3 bars, or the minimum period
    # of what reads it when longer (SMA(10) of it: 12; sma - sma(-4): 7); a
    # strategy's read that far back sees the current value again
    cerebro = bt.Cerebro(stdstats=False, exactbars=1)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1,
                                               todate=datetime.datetime(2006, 4, 15)))
    cerebro.addstrategy(_WrapLength, consumer=consumer)
    assert cerebro.run()[0].wrap == wrap


class _DataBack(bt.Strategy):
    def __init__(self):
        self.sma = bt.ind.SMA(period=3)
        self.log = []

    def next(self):
        if len(self) > 8:
            d = self.data
            self.log.append((d[-1], d[-3], d[-4], d.close[-4], d[-5]))


@pytest.mark.parametrize('runonce', [True, False])
def test_reads_back_through_a_data_wrap_as_its_lines_do(runonce):
    # upstream (2006-day-001.txt to 2006-02-01, exactbars=1): the data's close
    # keeps 3 bars (SMA(3) reads it) and reads through the data wrap as reads
    # of its line (this project's streamed run read the true bars through the
    # data: 3671.78 for data[-3])
    cerebro = bt.Cerebro(stdstats=False, runonce=runonce, exactbars=1)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1,
                                               todate=datetime.datetime(2006, 2, 1)))
    cerebro.addstrategy(_DataBack)
    assert cerebro.run()[0].log[:3] == [
        (3668.61, 3670.2, 3668.61, 3668.61, 3644.94),
        (3670.2, 3629.25, 3670.2, 3670.2, 3668.61),
        (3629.25, 3644.41, 3629.25, 3629.25, 3670.2)]


class _IchimokuRings(bt.Strategy):
    params = (('reader', None),)

    def __init__(self):
        self.ichi = bt.ind.Ichimoku(tenkan=4, kijun=11, senkou=30)
        if self.p.reader == 'operation':
            self.x = bt.ind.RSI(bt.ind.SMA(period=18), period=13) - self.ichi
        elif self.p.reader == 'indicator':
            self.x = bt.ind.SMA(self.ichi, period=40)
        self.log = []

    def next(self):
        if len(self) in (56, 57, 120):
            ichi = self.ichi
            self.log.append((len(self), self.data.close[0], ichi.chikou_span[0], ichi[0],
                             [ichi[-k] for k in (4, 11, 15)]))


_ICHIMOKU_UPSTREAM = {
    (None, 1): [(56, 20.07, 20.07, 20.415, [20.545, 20.415, 20.545]),
                (57, 20.16, 20.16, 20.415, [20.5, 20.415, 20.5]),
                (120, 15.14, 15.14, 14.86, [15.23, 14.86, 15.23])],
    ('operation', 1): [(56, 20.07, 20.07, 20.415, [20.545, 19.064999999999998, 18.775]),
                       (57, 20.16, 20.16, 20.415, [20.5, 19.21, 18.775]),
                       (120, 15.14, 15.14, 14.86, [15.23, 15.739999999999998, 14.675])],
    ('indicator', 1): [(120, 15.14, 'nan', 14.86, [15.23, 15.739999999999998, 14.675])],
    (None, -1): [(56, 20.07, 'nan', 20.415, [20.545, 19.064999999999998, 18.775]),
                 (57, 20.16, 'nan', 20.415, [20.5, 19.21, 18.775]),
                 (120, 15.14, 'nan', 14.86, [15.23, 15.739999999999998, 14.675])],
}


@pytest.mark.parametrize('reader, exactbars', sorted(_ICHIMOKU_UPSTREAM, key=str))
def test_ichimoku_rings_of_memory_saving_runs(reader, exactbars):
    # upstream's values (module docstring): the chikou close lands on the current
    # bar of its 26-bar ring, the tenkan ring is that of its bound operation
    cerebro = bt.Cerebro(stdstats=False, exactbars=exactbars)
    cerebro.adddata(bt.feeds.YahooFinanceCSVData(
        dataname=str(DATAS / 'orcl-1995-2014.txt'), fromdate=datetime.datetime(2008, 6, 1),
        todate=datetime.datetime(2009, 6, 30)))
    cerebro.addstrategy(_IchimokuRings, reader=reader)
    log = [(n, close, 'nan' if chikou != chikou else chikou, first, back)
           for n, close, chikou, first, back in cerebro.run()[0].log]
    assert log == _ICHIMOKU_UPSTREAM[(reader, exactbars)]


class _HeikinFiltered(bt.Strategy):
    params = (('sma', 0),)

    def __init__(self):
        self.log = []
        if self.p.sma:
            self.sma = bt.ind.SMA(self.data.open, period=self.p.sma)

    def next(self):
        if len(self) in (2, 3, 4, 120):
            self.log.append((len(self), self.data.open[0], self.data.low[0]))


_HEIKIN_FILTER_UPSTREAM = {
    0: [(2, 3609.375, 3601.84), (3, 3624.5375000000004, 3615.23),
        (4, 3652.0012500000003, 3643.17), (120, 3516.1525, 3476.22)],
    3: [(3, 3618.4725, 3615.23), (4, 3635.1425, 3635.1425),
        (120, 3498.5431038371453, 3476.22)],
}


@pytest.mark.parametrize('sma', sorted(_HEIKIN_FILTER_UPSTREAM))
@pytest.mark.parametrize('exactbars', [1, 2])
@pytest.mark.parametrize('modes', MODES)
def test_heikinashi_filter_of_memory_saving_runs(modes, exactbars, sma):
    # upstream's values (module docstring): one bar kept, the previous bar read
    # is the current one, its close already the new one
    cerebro = bt.Cerebro(stdstats=False, exactbars=exactbars, **modes)
    data = bt.feeds.BacktraderCSVData(dataname=DAY1)
    data.addfilter(bt.filters.HeikinAshi)
    cerebro.adddata(data)
    cerebro.addstrategy(_HeikinFiltered, sma=sma)
    assert cerebro.run()[0].log == _HEIKIN_FILTER_UPSTREAM[sma]


class _BoundLine(bt.Indicator):
    lines = ('a', 'b')
    params = (('reader', 'sma'), ('of', 'op'))

    def __init__(self):
        op = self.data.close - self.data.open
        self.lines.a = op
        src = op if self.p.of == 'op' else self.lines.a
        if self.p.reader == 'sma':
            self.lines.b = bt.ind.SMA(src, period=5)
        elif self.p.reader == 'operation':
            self.lines.b = (src + bt.ind.SMA(self.data.close, period=5)) / 2.0
        else:
            self.lines.b = src(-4)


class _BoundLineReads(bt.Strategy):
    params = (('reader', 'sma'), ('of', 'op'))

    def __init__(self):
        self.ind = _BoundLine(reader=self.p.reader, of=self.p.of)
        self.had = bt.ind.haDelta(autoheikin=False)
        self.log = []

    def next(self):
        if len(self) == 12:
            # (upstream fails reading a one-bar ring from two bars back on)
            back = 2 if self.p.of == 'op' else 7
            self.log.append([round(self.ind[-k], 4) for k in range(back)])
            self.log.append(self.had[-1] == self.had[0])


@pytest.mark.parametrize('of', ['op', 'line'])
@pytest.mark.parametrize('reader', ['sma', 'operation', 'delay'])
@pytest.mark.parametrize('runonce', [True, False])
def test_a_line_bound_to_an_operation_is_sized_by_its_own_readers(runonce, reader, of):
    # upstream's values (module docstring), 2006-day-001.txt, bar 12
    cerebro = bt.Cerebro(stdstats=False, exactbars=1, runonce=runonce)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1))
    cerebro.addstrategy(_BoundLineReads, reader=reader, of=of)
    expected = [-29.5, -29.5] if of == 'op' else [-29.5, 15.68, -41.02, 3.04, 22.88, -29.5,
                                                   15.68]
    assert cerebro.run()[0].log == [expected, True]


class _BeforeTheFirstBar(bt.Strategy):
    def __init__(self):
        self.sma1 = bt.ind.SMA(self.data0, period=1)
        self.log = []

    def next(self):
        if len(self) <= 3:
            row = []
            for k in range(6):
                try:
                    row.append(round(self.sma1[-k], 2))
                except IndexError:
                    row.append('IE')
            self.log.append(row)


_BARS_SO_FAR = [[3604.33, 3604.33, 'IE', 'IE', 'IE', 'IE'],
                [3614.34, 3604.33, 3614.34, 3604.33, 'IE', 'IE'],
                [3652.46, 3614.34, 3604.33, 3652.46, 3614.34, 3604.33]]
_WHOLE_SERIES = [[3604.33, 4119.94, 4130.66, 4134.86, 4073.5, 4112.1],
                 [3614.34, 3604.33, 4119.94, 4130.66, 4134.86, 4073.5],
                 [3652.46, 3614.34, 3604.33, 4119.94, 4130.66, 4134.86]]


@pytest.mark.parametrize('modes, exactbars, expected', [
    (dict(runonce=True, preload=True), 0, _WHOLE_SERIES),
    (dict(runonce=False, preload=True), 0, _BARS_SO_FAR),
    (dict(runonce=False, preload=False), 0, _BARS_SO_FAR),
    (dict(runonce=True, preload=False), 0, _BARS_SO_FAR),
    (dict(runonce=True, preload=True), -1, _BARS_SO_FAR),
    (dict(runonce=False, preload=True), -2, _BARS_SO_FAR)])
def test_a_read_before_an_indicators_first_bar(modes, exactbars, expected):
    # upstream's values (module docstring)
    cerebro = bt.Cerebro(stdstats=False, exactbars=exactbars, **modes)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1))
    cerebro.addstrategy(_BeforeTheFirstBar)
    assert cerebro.run()[0].log == expected


class _PivotOfALaterData(bt.Strategy):
    def __init__(self):
        self.pivot = bt.ind.PivotPoint(self.data0)
        self.log = []

    def next(self):
        if len(self.log) < 2:
            self.log.append((len(self), len(self.data0), round(self.pivot[-1], 4)))


@pytest.mark.parametrize('exactbars', [0, -1])
@pytest.mark.parametrize('modes', MODES + [dict(runonce=True, preload=False)])
def test_a_read_before_the_first_bar_of_a_later_data(modes, exactbars):
    # upstream's values (module docstring); a runonce run over preloaded data
    # with exactbars=0 reads the end of the series instead
    cerebro = bt.Cerebro(stdstats=False, exactbars=exactbars, **modes)
    cerebro.adddata(bt.feeds.BacktraderCSVData(
        dataname=DAY2, fromdate=datetime.datetime(2006, 2, 1),
        todate=datetime.datetime(2006, 7, 31)))
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1))
    cerebro.addstrategy(_PivotOfALaterData)
    expected = 3690.4333 if modes == dict(runonce=True, preload=True) and not exactbars \
        else 3699.0267
    assert cerebro.run()[0].log == [(24, 1, expected), (25, 1, expected)]


class _EnvelopeOfALaterData(bt.Strategy):
    def __init__(self):
        self.envelope = bt.ind.EMAEnvelope(self.data0.open, period=2, perc=1.0)
        self.log = []

    def next(self):
        self.log.append(round(self.envelope[0], 4))


@pytest.mark.parametrize('modes', [dict(runonce=True, preload=False)] + MODES[:2])
def test_an_indicator_reading_a_line_with_no_bar_yet(modes):
    # upstream's values (2006-day-002.txt as data0, 2006-day-001.txt beside it,
    # exactbars=-2): the envelope's bands read its average while that has no
    # bar yet; a read before the first bar raised IndexError there for a while
    cerebro = bt.Cerebro(stdstats=False, exactbars=-2, **modes)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY2))
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1))
    cerebro.addstrategy(_EnvelopeOfALaterData)
    log = cerebro.run()[0].log
    assert (len(log), log[:2], log[-3:]) == (254, [3596.98, 3596.98],
                                            [4090.029, 4090.029, 4121.6363])


@pytest.mark.parametrize('runonce', [True, False])
def test_datetime_before_a_filtered_datas_first_bar_wraps(runonce):
    """A data loaded bar by bar (a HeikinAshi filter) starting later than the
    other: ``data0.datetime.datetime()`` before its first bar reads the end of
    the series it preloaded, as upstream's (GrossLeverage's first key is data0's
    last date, 2006-07-28; it raised ValueError on NaN with runonce=True).
    Upstream's values: /tmp/probe/p45.py of the session that found it (script
    fuzz, 300 scripts, seed 12131)."""
    cerebro = bt.Cerebro(runonce=runonce, stdstats=False)
    d0 = bt.feeds.BacktraderCSVData(dataname=DAY2, fromdate=datetime.datetime(2006, 2, 1),
                                    todate=datetime.datetime(2006, 7, 31))
    d0.addfilter(bt.filters.HeikinAshi)
    cerebro.adddata(d0)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DAY1))
    cerebro.addanalyzer(bt.analyzers.GrossLeverage, _name='lev')
    cerebro.addstrategy(bt.Strategy)
    lev = cerebro.run()[0].analyzers.lev.get_analysis()
    assert list(lev.items())[:3] == [
        (datetime.datetime(2006, 7, 28, 23, 59, 59, 999989), 0.0),
        (datetime.datetime(2006, 2, 2, 23, 59, 59, 999989), 0.0),
        (datetime.datetime(2006, 2, 6, 23, 59, 59, 999989), 0.0)]
