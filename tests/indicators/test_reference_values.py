"""Indicator values at upstream's check points, in all 12 run modes.

Data: 2006-day-001.txt (255 daily bars, BacktraderCSVData, fromdate 2006-01-01,
todate 2006-12-31). Check points ``[0, -l + mp, (-l + mp) // 2]`` with ``mp`` the
strategy length at ``nextstart`` (see indcheck.py). For every case the test also
asserts the minimum period, ``len(indicator) == len(strategy) == 255``, the number
of ``next`` calls and how many bars carry a non-zero value per line.

Expected values:
* cases marked "spec" are the literal values of spec §4.14 (upstream's own tests);
* all the others (and the non-zero counts) were recorded from upstream with
      cd /tmp && PYTHONPATH=/work/main/.oracle python3 gen_extra.py
  where gen_extra.py imports tests/indicators/indcheck.py, runs ``run_check``
  (runonce=True, preload=True, exactbars=0) for the factories below and prints the
  reports. The oracle gives the same reports in all 12 modes.
"""
from __future__ import annotations

import operator

import pytest

import backtrader as bt
from indcheck import MODES, daily_data, mode_id, run_check

ind = bt.indicators
NBARS = 255

# name: (factory, minperiod, non-zero bars per line, '%f' values per line)
CASES = {
    # -- spec §4.14
    'SMA': (lambda d: ind.SMA(d),
            30, [226], [['4063.463000', '3644.444667', '3554.693333']]),
    'EMA': (lambda d: ind.EMA(d),
            30, [226], [['4070.115719', '3644.444667', '3581.728712']]),
    'SMMA': (lambda d: ind.SMMA(d),
             30, [226], [['4021.569725', '3644.444667', '3616.427648']]),
    'WMA': (lambda d: ind.WMA(d),
            30, [226], [['4076.212366', '3655.193634', '3576.228000']]),
    'Highest': (lambda d: ind.Highest(d, period=14),
                14, [242], [['4140.660000', '3671.780000', '3670.750000']]),
    'Lowest': (lambda d: ind.Lowest(d, period=14),
               14, [242], [['4019.890000', '3570.170000', '3506.070000']]),
    'SumN': (lambda d: ind.SumN(d, period=14),
             14, [242], [['57406.490000', '50891.010000', '50424.690000']]),
    'ATR': (lambda d: ind.ATR(d),
            15, [241], [['35.866308', '34.264286', '54.329064']]),
    'BBands': (lambda d: ind.BBands(d),
               20, [236, 236, 236],
               [['4065.884000', '3621.185000', '3582.895500'],
                ['4190.782310', '3712.008864', '3709.453081'],
                ['3940.985690', '3530.361136', '3456.337919']]),
    'RSI': (lambda d: ind.RSI(d),
            15, [241], [['57.644284', '41.630968', '53.352553']]),
    'RSI_Safe': (lambda d: ind.RSI_Safe(d),
                 15, [241], [['57.644284', '41.630968', '53.352553']]),
    'Stochastic': (lambda d: ind.Stochastic(d),
                   18, [238, 238],
                   [['88.667626', '21.409626', '63.796187'],
                    ['82.845850', '15.710059', '77.642219']]),
    'StochasticFull': (lambda d: ind.StochasticFull(d),
                       18, [235, 238, 238],
                       [['83.541267', '36.818395', '41.769503'],
                        ['88.667626', '21.409626', '63.796187'],
                        ['82.845850', '15.710059', '77.642219']]),
    'MACDHisto': (lambda d: ind.MACDHisto(d),
                  34, [222, 222, 222],
                  [['25.821368', '32.469404', '1.772445'],
                   ['21.977853', '26.469735', '-2.845646'],
                   ['3.843516', '5.999669', '4.618090']]),
    # -- recorded from the oracle
    'MACD': (lambda d: ind.MACD(d),
             34, [222, 222],
             [['25.821368', '32.469404', '1.772445'],
              ['21.977853', '26.469735', '-2.845646']]),
    'BollingerBandsPct': (lambda d: ind.BollingerBandsPct(d),
                          20, [236, 236, 236, 236],
                          [['4065.884000', '3621.185000', '3582.895500'],
                           ['4190.782310', '3712.008864', '3709.453081'],
                           ['3940.985690', '3530.361136', '3456.337919'],
                           ['0.716400', '0.853954', '0.205093']]),
    'StandardDeviation': (lambda d: ind.StandardDeviation(d),
                          20, [236], [['62.449155', '45.411932', '63.278791']]),
    'MeanDeviation': (lambda d: ind.MeanDeviation(d),
                      39, [217], [['60.637225', '68.746775', '69.711625']]),
    'StochasticFast': (lambda d: ind.StochasticFast(d),
                       16, [237, 240],
                       [['83.541267', '17.107419', '78.221912'],
                        ['88.667626', '16.426662', '82.422924']]),
    'TrueRange': (lambda d: ind.TrueRange(d),
                  2, [254], [['22.070000', '36.580000', '23.850000']]),
    'UpDay': (lambda d: ind.UpDay(d),
              2, [138], [['0.000000', '10.010000', '14.000000']]),
    'DownDay': (lambda d: ind.DownDay(d),
                2, [116], [['10.720000', '0.000000', '0.000000']]),
    'CrossOver': (lambda d: ind.CrossOver(ind.EMA(d, period=5), ind.EMA(d, period=20)),
                  21, [12], [['0.000000', '0.000000', '0.000000']]),
    'CrossUp': (lambda d: ind.CrossUp(d.close, ind.SMA(d, period=15)),
                16, [12], [['0.000000', '0.000000', '0.000000']]),
    'CrossDown': (lambda d: ind.CrossDown(d.close, ind.SMA(d, period=15)),
                  16, [11], [['0.000000', '0.000000', '0.000000']]),
    'Average': (lambda d: ind.Average(d, period=5),
                5, [251], [['4114.212000', '3637.672000', '3636.768000']]),
    'ExponentialSmoothing': (lambda d: ind.ExponentialSmoothing(d, period=5, alpha=0.3),
                             5, [251], [['4116.927788', '3637.672000', '3619.490002']]),
    'ExponentialSmoothingDynamic': (
        lambda d: ind.ExponentialSmoothingDynamic(d, period=5, alpha=d.high / (d.high + d.low)),
        5, [251], [['4121.222164', '3637.672000', '3634.721168']]),
    'WeightedAverage': (
        lambda d: ind.WeightedAverage(d, period=3, weights=(0.1, 0.7, 0.3), coef=1.3),
        3, [253], [['5903.209000', '5182.071700', '5239.209300']]),
    'Accum': (lambda d: ind.Accum(d.close - d.open, seed=2.5),
              1, [255], [['393.340000', '28.100000', '-9.930000']]),
    'AnyN': (lambda d: ind.AnyN(ind.UpDayBool(d), period=3),
             4, [239], [['1.000000', '1.000000', '1.000000']]),
    'AllN': (lambda d: ind.AllN(ind.UpDayBool(d), period=2),
             3, [64], [['0.000000', '1.000000', '1.000000']]),
    'FindFirstIndexHighest': (lambda d: ind.FindFirstIndexHighest(d.high, period=14),
                              14, [179], [['8.000000', '8.000000', '1.000000']]),
    'FindLastIndexLowest': (lambda d: ind.FindLastIndexLowest(d.low, period=14),
                            14, [220], [['13.000000', '1.000000', '9.000000']]),
    'ApplyN': (lambda d: ind.ApplyN(d, period=5, func=lambda w: max(w) - min(w)),
               5, [251], [['61.360000', '62.660000', '88.140000']]),
    'ReduceN': (lambda d: ind.ReduceN(d, operator.sub, period=3),
                3, [253], [['-4115.740000', '-3662.470000', '-3684.750000']]),
}


@pytest.mark.parametrize('mode', MODES, ids=mode_id)
@pytest.mark.parametrize('name', list(CASES))
def test_reference_values(name, mode):
    make, minperiod, nonzero, values = CASES[name]
    report = run_check(make, mode)
    assert report['chkmin'] == minperiod
    assert report['len_ind'] == report['len_strat'] == NBARS
    assert report['nextcalls'] == NBARS - minperiod + 1
    assert report['nonzero'] == nonzero
    assert report['values'] == values


def test_same_feed_reused_in_all_modes():
    """Upstream's driver reuses one feed object for the 12 runs (feeds must reset)."""
    data = daily_data()
    make, minperiod, _, values = CASES['MACDHisto']
    for mode in MODES:
        report = run_check(make, mode, data=data)
        assert (report['chkmin'], report['values']) == (minperiod, values), mode_id(mode)


def test_reduce_with_initializer():
    # upstream crashes with an initializer (reduce() gets it as keyword); here it is
    # used as functools.reduce's third argument
    report = run_check(lambda d: ind.ReduceN(d, operator.sub, period=3, initializer=1.0))
    assert report['chkmin'] == 3
    # functools.reduce(operator.sub, window, 1.0) over the closes of the data file at
    # the three check points, computed with plain Python from the csv rows
    assert report['values'] == [['-12384.460000', '-10870.130000', '-10981.590000']]


@pytest.mark.parametrize('bad', [dict(function=operator.add), dict(initial=1.0)])
def test_reduce_bad_arguments(bad):
    from backtrader.core.errors import ParameterError

    def make(d):
        if 'function' in bad:
            return ind.ReduceN(d, 3.0, period=3)         # not a function
        return ind.ReduceN(d, operator.sub, period=3, **bad)
    with pytest.raises(ParameterError):
        run_check(make)
