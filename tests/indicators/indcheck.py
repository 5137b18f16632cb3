"""Shared driver of the indicator tests (the role of upstream's testcommon).

A strategy creates the indicator under test in ``__init__``, records the
minimum period (``len(self)`` at ``nextstart``) and, at ``stop``, the
``'%f'`` values of every line at the check points ``[0, -l + mp, (-l + mp) // 2]``
(``l = len(indicator)``). The tests then compare that report with values
recorded from upstream.

Only the public backtrader API is used, so the same module also runs
against the oracle (``PYTHONPATH=<repo>/.oracle``) to produce the expected values.
"""
from __future__ import annotations

import datetime
from pathlib import Path
from typing import Callable, Optional

import backtrader as bt

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'
DAILY = DATAS / '2006-day-001.txt'

# runonce x preload x exactbars, as upstream's test driver runs every indicator
MODES = [(runonce, preload, exactbars)
         for runonce in (True, False) for preload in (True, False) for exactbars in (0, -1, -2)]


# Indicators of the issue-2 list with default and non-default parameters, the basic
# operations and a few chains: (key, expression building it from data ``d``;
# ``sma15`` is ``SMA(d, period=15)``; ``ind`` is ``bt.indicators``, ``operator`` the module).
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


def build_specs(data) -> list:
    """``[(key, indicator)]`` for SPECS on ``data`` (call inside a strategy's
    ``__init__``)."""
    import operator
    ind = bt.indicators
    scope = dict(d=data, sma15=ind.SMA(data, period=15), ind=ind, operator=operator)
    return [(key, eval(expr, scope)) for key, expr in SPECS]


def mode_id(mode) -> str:
    return 'ro%d-pl%d-eb%d' % (mode[0], mode[1], mode[2])


def daily_data():
    """The 255 daily bars of 2006 used by upstream's indicator tests."""
    return bt.feeds.BacktraderCSVData(dataname=str(DAILY),
                                      fromdate=datetime.datetime(2006, 1, 1),
                                      todate=datetime.datetime(2006, 12, 31))


class IndicatorCheck(bt.Strategy):
    """Creates ``make(data)`` (an indicator, or a list whose first element is
    checked) and reports minimum period, lengths and check-point values."""

    params = (('make', None),)

    def __init__(self):
        made = self.p.make(self.data)
        self.ind = made[0] if isinstance(made, (list, tuple)) else made
        self.chkmin = None
        self.nextcalls = 0
        self.nonzero = [0] * self.ind.lines.size()

    def nextstart(self):
        self.chkmin = len(self)
        super().nextstart()

    def next(self):
        self.nextcalls += 1
        for i, line in enumerate(self.ind.lines):
            v = line[0]
            if v == v and v != 0.0:
                self.nonzero[i] += 1

    def stop(self):
        ind = self.ind
        length = len(ind)
        mp = self.chkmin
        values = None
        if mp is not None:
            chkpts = [0, -length + mp, (-length + mp) // 2]
            values = [['%f' % line[pt] for pt in chkpts] for line in ind.lines]
        self.report = dict(len_ind=length, len_strat=len(self), chkmin=mp,
                           nextcalls=self.nextcalls, nonzero=self.nonzero, values=values)


def run_check(make: Callable, mode=(True, True, 0), data=None) -> dict:
    """Run ``IndicatorCheck`` in one mode; returns the strategy's report."""
    runonce, preload, exactbars = mode
    cerebro = bt.Cerebro(runonce=runonce, preload=preload, exactbars=exactbars, stdstats=False)
    cerebro.adddata(data if data is not None else daily_data())
    cerebro.addstrategy(IndicatorCheck, make=make)
    return cerebro.run()[0].report


def strategy_minperiod(make: Callable, mode=(True, True, 0)) -> Optional[int]:
    """``len(strategy)`` at ``nextstart`` with the objects built by ``make``."""
    return run_check(make, mode)['chkmin']
