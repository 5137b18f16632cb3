"""Minimum periods of nested / chained indicators (spec §3.5).

Expected values were recorded from upstream by running this module's helpers
under the oracle:
    PYTHONPATH=.oracle python3 -c "import sys; \
        sys.path.insert(0, 'tests/indicators'); import test_minperiod as t; \
        [print(n, t._built_minperiods(c[0])) for n, c in t.CASES.items()]"
(each case is created inside a strategy's ``__init__`` on 2006-day-001.txt; the
printout is ``ind._minperiod`` and ``[line._minperiod for line in ind.lines]``);
the strategy minimum periods (``chkmin``) with indcheck.run_check the same way.
"""
from __future__ import annotations

import pytest

import backtrader as bt
from indcheck import MODES, daily_data, mode_id, run_check, strategy_minperiod

ind = bt.indicators

# name: (factory(d), indicator minperiod, minperiod of each line)
CASES = {
    'SMA(SMA(d, 5), 3)': (lambda d: ind.SMA(ind.SMA(d, period=5), period=3), 7, [7]),
    'Highest(EMA(d, 5), 3)': (lambda d: ind.Highest(ind.EMA(d, period=5), period=3), 7, [7]),
    'Accum(EMA(d, 5))': (lambda d: ind.Accum(ind.EMA(d, period=5)), 5, [5]),
    'Highest()': (lambda d: ind.Highest(d), 1, [1]),
    'MACD': (lambda d: ind.MACD(d), 34, [26, 34]),
    'MACDHisto': (lambda d: ind.MACDHisto(d), 34, [26, 34, 34]),
    'MACD(5, 3, 4)': (lambda d: ind.MACD(d, period_me1=5, period_me2=3, period_signal=4),
                      8, [5, 8]),
    'Stochastic': (lambda d: ind.Stochastic(d), 18, [16, 18]),
    'Stochastic(5, 2, 4)': (lambda d: ind.Stochastic(d, period=5, period_dfast=2,
                                                     period_dslow=4), 9, [6, 9]),
    'StochasticFast': (lambda d: ind.StochasticFast(d), 16, [14, 16]),
    'StochasticFull': (lambda d: ind.StochasticFull(d), 18, [14, 16, 18]),
    'BollingerBands': (lambda d: ind.BollingerBands(d), 20, [20, 20, 20]),
    'BollingerBandsPct': (lambda d: ind.BollingerBandsPct(d), 20, [20, 20, 20, 20]),
    'StdDev': (lambda d: ind.StdDev(d), 20, [20]),
    'StdDev(d, SMA(d, 15), 5)': (lambda d: ind.StdDev(d, ind.SMA(d, period=15), period=5),
                                 15, [15]),
    'MeanDev': (lambda d: ind.MeanDev(d), 39, [39]),
    'MeanDev(d, SMA(d, 15), 5)': (lambda d: ind.MeanDev(d, ind.SMA(d, period=15), period=5),
                                  19, [19]),
    'ESD(5, alpha mp 15)': (lambda d: ind.ExponentialSmoothingDynamic(
        d, period=5, alpha=ind.SMA(d, period=15) / 10000.0), 15, [15]),
    'ESD(20, alpha mp 15)': (lambda d: ind.ExponentialSmoothingDynamic(
        d, period=20, alpha=ind.SMA(d, period=15) / 10000.0), 20, [20]),
    'CrossOver(d, SMA(d, 15))': (lambda d: ind.CrossOver(d, ind.SMA(d, period=15)), 16, [16]),
    'NZD(d, SMA(d, 15))': (lambda d: ind.NZD(d, ind.SMA(d, period=15)), 15, [15]),
    'RSI': (lambda d: ind.RSI(d), 15, [15]),
    'ATR': (lambda d: ind.ATR(d), 15, [15]),
    'WMA': (lambda d: ind.WMA(d), 30, [30]),
    'EMA': (lambda d: ind.EMA(d), 30, [30]),
}


class _Builder(bt.Strategy):
    params = (('make', None),)

    def __init__(self):
        self.ind = self.p.make(self.data)
        self.mps = (self.ind._minperiod, [line._minperiod for line in self.ind.lines])


def _built_minperiods(make):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(daily_data())
    cerebro.addstrategy(_Builder, make=make)
    return cerebro.run()[0].mps


@pytest.mark.parametrize('name', list(CASES))
def test_indicator_and_line_minperiods(name):
    make, minperiod, linemps = CASES[name]
    assert _built_minperiods(make) == (minperiod, linemps)


@pytest.mark.parametrize('name', ['SMA(SMA(d, 5), 3)', 'MACD', 'Stochastic', 'MeanDev',
                                  'ESD(5, alpha mp 15)', 'CrossOver(d, SMA(d, 15))'])
@pytest.mark.parametrize('mode', [MODES[0], MODES[6], MODES[10]], ids=mode_id)
def test_strategy_starts_at_indicator_minperiod(name, mode):
    make, minperiod, _ = CASES[name]
    report = run_check(make, mode)
    assert report['chkmin'] == minperiod
    assert report['nextcalls'] == 255 - minperiod + 1


@pytest.mark.parametrize('mode', MODES, ids=mode_id)
def test_upstream_minperiod_combo(mode):
    # upstream's test_ind_minperiod: SMA, Stochastic, MACD and Highest on data0 -> 34
    def make(d):
        return [ind.SMA(d, period=5), ind.Stochastic(d), ind.MACD(d), ind.Highest(d, period=4)]
    assert strategy_minperiod(make, mode) == 34


class _BuildAll(bt.Strategy):
    def __init__(self):
        import operator
        from minperiods_upstream import UPSTREAM_MINPERIODS
        scope = dict(d=self.data, sma15=ind.SMA(self.data, period=15), ind=ind,
                     operator=operator, bt=bt)
        self.mps = {}
        for name, (expr, _, _) in UPSTREAM_MINPERIODS.items():
            obj = eval(expr, scope)
            self.mps[name] = (obj._minperiod, [line._minperiod for line in obj.lines])


def test_minperiods_of_the_whole_library():
    """Indicator and line minimum periods of every indicator (default and
    non-default parameters) and of nested/chained ones equal upstream's."""
    from minperiods_upstream import UPSTREAM_MINPERIODS
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(daily_data())
    cerebro.addstrategy(_BuildAll)
    mps = cerebro.run()[0].mps
    assert len(UPSTREAM_MINPERIODS) > 200
    wrong = {name: (mps[name], (mp, linemps))
             for name, (_, mp, linemps) in UPSTREAM_MINPERIODS.items()
             if mps[name] != (mp, linemps)}
    assert not wrong
    # a few facts of spec §3.5 / gotcha 8 among them
    assert UPSTREAM_MINPERIODS['SMA(SMA(d,5),3)'][1] == 7
    assert UPSTREAM_MINPERIODS['DoubleExponentialMovingAverage'][1] == 59
