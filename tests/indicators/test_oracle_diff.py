"""Differential test against upstream: every line of every indicator at every
bar, ``'%f'``-formatted, in all 12 run modes.

One script (below) is run once by upstream (``run_oracle``) and once by this
project (``run_ours``); its output has one row per (mode, indicator, line) with
the values of all 255 bars of 2006-day-001.txt. Each indicator of the issue-2
list appears with its default parameters and with a non-default set; the basic
operations and a few chains are included too. The comparison is reported per
indicator so that a failure names the indicator, mode, line and first bars
that differ.
"""
from __future__ import annotations

import pytest

from indcheck import DAILY, MODES

# (key, expression building the indicator from data ``d``; ``sma15`` is SMA(d, 15))
SPECS = [
    ('SMA', 'ind.SMA(d)'), ('SMA_p10', 'ind.SMA(d, period=10)'),
    ('EMA', 'ind.EMA(d)'), ('EMA_p10', 'ind.EMA(d, period=10)'),
    ('SMMA', 'ind.SMMA(d)'), ('SMMA_p10', 'ind.SMMA(d, period=10)'),
    ('WMA', 'ind.WMA(d)'), ('WMA_p10', 'ind.WMA(d, period=10)'),
    ('CrossOver', 'ind.CrossOver(d.close, sma15)'),
    ('CrossOver_ema', 'ind.CrossOver(ind.EMA(d, period=5), ind.EMA(d, period=20))'),
    ('CrossUp', 'ind.CrossUp(d.close, sma15)'),
    ('CrossDown', 'ind.CrossDown(d.close, sma15)'),
    ('NZD', 'ind.NonZeroDifference(d.close, sma15)'),
    ('RSI', 'ind.RSI(d)'), ('RSI_p7_lb2', 'ind.RSI(d, period=7, lookback=2)'),
    ('RSI_sma', 'ind.RSI(d, movav=ind.SMA)'), ('RSI_Safe', 'ind.RSI_Safe(d)'),
    ('RSI_EMA', 'ind.RSI_EMA(d)'),
    ('UpDay', 'ind.UpDay(d)'), ('UpDay_p3', 'ind.UpDay(d, period=3)'),
    ('DownDay', 'ind.DownDay(d)'), ('DownDay_p3', 'ind.DownDay(d, period=3)'),
    ('UpDayBool', 'ind.UpDayBool(d)'), ('DownDayBool_p2', 'ind.DownDayBool(d, period=2)'),
    ('ATR', 'ind.ATR(d)'), ('ATR_p5_ema', 'ind.ATR(d, period=5, movav=ind.EMA)'),
    ('TR', 'ind.TR(d)'), ('TrueHigh', 'ind.TrueHigh(d)'), ('TrueLow', 'ind.TrueLow(d)'),
    ('Highest', 'ind.Highest(d)'), ('Highest_p14', 'ind.Highest(d, period=14)'),
    ('MaxN_high', 'ind.MaxN(d.high, period=7)'),
    ('Lowest', 'ind.Lowest(d)'), ('Lowest_p14', 'ind.Lowest(d, period=14)'),
    ('MinN_low', 'ind.MinN(d.low, period=7)'),
    ('SumN', 'ind.SumN(d)'), ('SumN_p14', 'ind.SumN(d, period=14)'),
    ('MACD', 'ind.MACD(d)'),
    ('MACD_nd', 'ind.MACD(d, period_me1=5, period_me2=13, period_signal=4, movav=ind.SMA)'),
    ('MACDHisto', 'ind.MACDHisto(d)'),
    ('MACDHisto_nd', 'ind.MACDHisto(d, period_me1=8, period_me2=21, period_signal=5)'),
    ('BBands', 'ind.BBands(d)'),
    ('BBands_nd', 'ind.BBands(d, period=10, devfactor=1.5, movav=ind.EMA)'),
    ('BBandsPct', 'ind.BollingerBandsPct(d)'),
    ('BBandsPct_nd', 'ind.BollingerBandsPct(d, period=14, devfactor=2.5)'),
    ('StdDev', 'ind.StdDev(d)'), ('StdDev_nd', 'ind.StdDev(d, period=10, safepow=False)'),
    ('StdDev_ema', 'ind.StandardDeviation(d, period=7, movav=ind.EMA)'),
    ('MeanDev', 'ind.MeanDev(d)'),
    ('MeanDev_nd', 'ind.MeanDeviation(d, period=10, movav=ind.EMA)'),
    ('MeanDev_2data', 'ind.MeanDev(d, sma15, period=5)'),
    ('Stochastic', 'ind.Stochastic(d)'),
    ('Stochastic_nd', 'ind.StochasticSlow(d, period=5, period_dfast=2, period_dslow=4, '
                      'safediv=True, movav=ind.EMA)'),
    ('StochasticFast', 'ind.StochasticFast(d)'),
    ('StochasticFast_nd', 'ind.StochasticFast(d, period=7, period_dfast=5)'),
    ('StochasticFull', 'ind.StochasticFull(d)'),
    ('StochasticFull_nd', 'ind.StochasticFull(d, period=10, period_dslow=5, movav=ind.SMMA)'),
    ('Average', 'ind.Average(d)'), ('Average_p5', 'ind.Average(d, period=5)'),
    ('ExpSmoothing_p5', 'ind.ExponentialSmoothing(d, period=5)'),
    ('ExpSmoothing_p5_a03', 'ind.ExpSmoothing(d, period=5, alpha=0.3)'),
    ('ESD', 'ind.ExponentialSmoothingDynamic(d, period=5, alpha=d.high / (d.high + d.low))'),
    ('ESD_late', 'ind.ExpSmoothingDynamic(d, period=4, alpha=sma15 / (sma15 + d.close))'),
    ('WeightedAverage', 'ind.WeightedAverage(d, period=3, weights=(0.1, 0.7, 0.3), coef=1.3)'),
    ('AverageWeighted', 'ind.AverageWeighted(d)'),
    ('Accum', 'ind.Accum(d)'), ('CumSum_seed', 'ind.CumSum(d.close - d.open, seed=2.5)'),
    ('AnyN', 'ind.AnyN(ind.UpDayBool(d), period=3)'),
    ('AllN', 'ind.AllN(ind.UpDayBool(d), period=2)'),
    ('FFIHighest', 'ind.FindFirstIndexHighest(d, period=5)'),
    ('FFILowest', 'ind.FindFirstIndexLowest(d.low, period=6)'),
    ('FLIHighest', 'ind.FindLastIndexHighest(d.high, period=5)'),
    ('FLILowest', 'ind.FindLastIndexLowest(d, period=6)'),
    ('FFI_max', 'ind.FindFirstIndex(d, period=4, _evalfunc=max)'),
    ('FLI_min', 'ind.FindLastIndex(d, period=4, _evalfunc=min)'),
    ('ApplyN', 'ind.ApplyN(d, period=3, func=lambda w: max(w) - min(w))'),
    ('ReduceN', 'ind.ReduceN(d, operator.sub, period=3)'),
    ('SMA_SMA', 'ind.SMA(ind.SMA(d, period=5), period=3)'),
    ('Highest_EMA', 'ind.Highest(ind.EMA(d, period=5), period=3)'),
]

SCRIPT = '''
import datetime, operator
import backtrader as bt

ind = bt.indicators
MODES = %(modes)r
SPECS = %(specs)r


class Recorder(bt.Strategy):
    def __init__(self):
        d = self.data
        sma15 = ind.SMA(d, period=15)
        self.items = [(name, eval(expr)) for name, expr in SPECS]
        self.rec = {name: [[] for _ in obj.lines] for name, obj in self.items}

    def prenext(self):
        for name, obj in self.items:
            for i, line in enumerate(obj.lines):
                self.rec[name][i].append('%%f' %% line[0])

    next = prenext

    def stop(self):
        for name, obj in self.items:
            if len(obj) != len(self):
                self.rec[name].append(['len %%d != %%d' %% (len(obj), len(self))])


for ro, pl, eb in MODES:
    cerebro = bt.Cerebro(runonce=ro, preload=pl, exactbars=eb, stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(
        dataname=%(data)r, fromdate=datetime.datetime(2006, 1, 1),
        todate=datetime.datetime(2006, 12, 31)))
    cerebro.addstrategy(Recorder)
    strat = cerebro.run()[0]
    mode = 'runonce=%%d,preload=%%d,exactbars=%%d' %% (ro, pl, eb)
    for name, lines in strat.rec.items():
        for i, vals in enumerate(lines):
            print('%%s|%%s|%%d|%%s' %% (mode, name, i, ','.join(vals)))
''' % dict(modes=MODES, specs=SPECS, data=str(DAILY))

_OUTPUTS: dict = {}


def _parse(text: str) -> dict:
    res: dict = {}
    for row in text.splitlines():
        mode, name, line, vals = row.split('|')
        res.setdefault(name, {}).setdefault(mode, []).append(vals.split(','))
    return res


def _outputs(run_oracle, run_ours):
    # one script run per side for the whole module
    if not _OUTPUTS:
        _OUTPUTS['oracle'] = _parse(run_oracle(SCRIPT))
        _OUTPUTS['ours'] = _parse(run_ours(SCRIPT))
    return _OUTPUTS['oracle'], _OUTPUTS['ours']


@pytest.mark.oracle
@pytest.mark.parametrize('name', [name for name, _ in SPECS])
def test_matches_upstream_every_bar(name, run_oracle, run_ours):
    oracle, ours = _outputs(run_oracle, run_ours)
    assert sorted(ours[name]) == sorted(oracle[name])       # the same 12 modes ran
    problems = []
    for mode, olines in oracle[name].items():
        ulines = ours[name][mode]
        if len(ulines) != len(olines):
            problems.append('%s: %d lines, upstream %d' % (mode, len(ulines), len(olines)))
            continue
        for i, (ovals, uvals) in enumerate(zip(olines, ulines)):
            if ovals != uvals:
                bars = [k for k in range(max(len(ovals), len(uvals)))
                        if k >= len(ovals) or k >= len(uvals) or ovals[k] != uvals[k]]
                first = bars[0]
                problems.append('%s line %d: %d bars differ, first bar %d: ours %s upstream %s' % (
                    mode, i, len(bars), first, uvals[first] if first < len(uvals) else None,
                    ovals[first] if first < len(ovals) else None))
    assert not problems, '\n'.join(problems)


@pytest.mark.oracle
def test_every_value_compared(run_oracle, run_ours):
    oracle, ours = _outputs(run_oracle, run_ours)
    assert set(oracle) == set(ours) == {name for name, _ in SPECS}
    nvalues = sum(len(vals) for modes in ours.values() for lines in modes.values()
                  for vals in lines)
    # 79 indicators, 12 modes, their lines, 255 bars each
    nlines = sum(len(lines) for lines in ours['MACDHisto'].values()) // 12
    assert nlines == 3
    assert nvalues == 12 * 255 * sum(len(ours[name]['runonce=1,preload=1,exactbars=0'])
                                     for name in ours)
    assert nvalues > 300_000
