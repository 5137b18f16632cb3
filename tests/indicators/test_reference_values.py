"""Indicator values at upstream's check points, in all 12 run modes.

Data: 2006-day-001.txt (255 daily bars, BacktraderCSVData, fromdate 2006-01-01,
todate 2006-12-31). Check points ``[0, -l + mp, (-l + mp) // 2]`` with ``mp`` the
strategy length at ``nextstart`` (see indcheck.py). For every case the test also
asserts the minimum period, ``len(indicator) == len(strategy) == 255``, the number
of ``next`` calls and how many bars carry a non-zero value per line.

Expected values:
* cases marked "spec" are the literal values of spec §4.14 (upstream's own tests);
* all the others (and the non-zero counts) were recorded from upstream with
      PYTHONPATH=.oracle python3 gen_extra.py
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


# -- the rest of spec §4.14 (upstream's own test values), checked for all indicators
# at once: one strategy per run mode holds every indicator and reads, at ``stop``,
# the check points computed from each indicator's minimum period (upstream's
# driver uses ``len(strategy)`` at ``nextstart``, which is that minimum period
# when the indicator is alone).
# name: (factory, minperiod, '%f' values per line at [0, -l + mp, (-l + mp) // 2])
SPEC_CASES = {
    'DEMA': (lambda d: ind.DEMA(d), 59, [['4115.563246', '3852.837209', '3665.728415']]),
    'TEMA': (lambda d: ind.TEMA(d), 88, [['4113.721705', '3862.386854', '3832.691054']]),
    'KAMA': (lambda d: ind.KAMA(d), 31, [['4054.187922', '3648.549000', '3592.979190']]),
    'ZLEMA': (lambda d: ind.ZLEMA(d), 44, [['4125.487746', '3778.694000', '3620.284712']]),
    'HMA': (lambda d: ind.HMA(d), 34, [['4135.661250', '3736.429214', '3578.389024']]),
    'ZeroLagIndicator': (lambda d: ind.ZeroLagIndicator(d), 30,
                         [['4110.282052', '3644.444667', '3564.906194']]),
    'DMA': (lambda d: ind.DMA(d), 30, [['4121.903804', '3677.634675', '3579.962958']]),
    'SMAEnvelope': (lambda d: ind.SMAEnvelope(d), 30,
                    [['4063.463000', '3644.444667', '3554.693333'],
                     ['4165.049575', '3735.555783', '3643.560667'],
                     ['3961.876425', '3553.333550', '3465.826000']]),
    'EMAEnvelope': (lambda d: ind.EMAEnvelope(d), 30,
                    [['4070.115719', '3644.444667', '3581.728712'],
                     ['4171.868612', '3735.555783', '3671.271930'],
                     ['3968.362826', '3553.333550', '3492.185494']]),
    'SMMAEnvelope': (lambda d: ind.SMMAEnvelope(d), 30,
                     [['4021.569725', '3644.444667', '3616.427648'],
                      ['4122.108968', '3735.555783', '3706.838340'],
                      ['3921.030482', '3553.333550', '3526.016957']]),
    'WMAEnvelope': (lambda d: ind.WMAEnvelope(d), 30,
                    [['4076.212366', '3655.193634', '3576.228000'],
                     ['4178.117675', '3746.573475', '3665.633700'],
                     ['3974.307056', '3563.813794', '3486.822300']]),
    'DEMAEnvelope': (lambda d: ind.DEMAEnvelope(d), 59,
                     [['4115.563246', '3852.837209', '3665.728415'],
                      ['4218.452327', '3949.158140', '3757.371626'],
                      ['4012.674165', '3756.516279', '3574.085205']]),
    'TEMAEnvelope': (lambda d: ind.TEMAEnvelope(d), 88,
                     [['4113.721705', '3862.386854', '3832.691054'],
                      ['4216.564748', '3958.946525', '3928.508331'],
                      ['4010.878663', '3765.827182', '3736.873778']]),
    'Envelope': (lambda d: ind.Envelope(ind.SMA(d)), 30,
                 [['4063.463000', '3644.444667', '3554.693333'],
                  ['4165.049575', '3735.555783', '3643.560667'],
                  ['3961.876425', '3553.333550', '3465.826000']]),
    'SMAOsc': (lambda d: ind.SMAOsc(d), 30, [['56.477000', '51.185333', '2.386667']]),
    'Oscillator': (lambda d: ind.Oscillator(ind.SMA(d)), 30,
                   [['56.477000', '51.185333', '2.386667']]),
    'EMAOsc': (lambda d: ind.EMAOsc(d), 30, [['49.824281', '51.185333', '-24.648712']]),
    'SMMAOsc': (lambda d: ind.SMMAOsc(d), 30, [['98.370275', '51.185333', '-59.347648']]),
    'WMAOsc': (lambda d: ind.WMAOsc(d), 30, [['43.727634', '40.436366', '-19.148000']]),
    'DEMAOsc': (lambda d: ind.DEMAOsc(d), 59, [['4.376754', '7.292791', '9.371585']]),
    'TEMAOsc': (lambda d: ind.TEMAOsc(d), 88, [['6.218295', '15.143146', '-23.991054']]),
    'KAMAOsc': (lambda d: ind.KAMAOsc(d), 31, [['65.752078', '78.911000', '39.950810']]),
    'CCI': (lambda d: ind.CCI(d), 39, [['69.574287', '91.196363', '82.175663']]),
    'DPO': (lambda d: ind.DPO(d), 29, [['83.271000', '105.625000', '1.187000']]),
    'Momentum': (lambda d: ind.Momentum(d), 13, [['67.050000', '-34.160000', '67.630000']]),
    'MomentumOscillator': (lambda d: ind.MomentumOscillator(d), 13,
                           [['101.654375', '99.052251', '101.904990']]),
    'ROC': (lambda d: ind.ROC(d), 13, [['0.016544', '-0.009477', '0.019050']]),
    'PctChange': (lambda d: ind.PctChange(d), 31, [['0.002704', '0.034162', '0.043717']]),
    'PercentRank': (lambda d: ind.PercentRank(d), 50, [['0.900000', '0.880000', '0.980000']]),
    'RMI': (lambda d: ind.RMI(d), 25, [['67.786097', '59.856230', '38.287526']]),
    'WilliamsR': (lambda d: ind.WilliamsR(d), 14,
                  [['-16.458733', '-68.298609', '-28.602854']]),
    'WilliamsAD': (lambda d: ind.WilliamsAD(d), 2,
                   [['755.050000', '12.500000', '242.980000']]),
    'PriceOsc': (lambda d: ind.PriceOsc(d), 26, [['25.821368', '23.202675', '-9.927422']]),
    'PPO': (lambda d: ind.PPO(d), 34,
            [['0.633439', '0.883552', '0.049430'], ['0.540516', '0.724136', '-0.079820'],
             ['0.092923', '0.159416', '0.129250']]),
    'PPOShort': (lambda d: ind.PPOShort(d), 34,
                 [['0.629452', '0.875813', '0.049405'], ['0.537193', '0.718852', '-0.080645'],
                  ['0.092259', '0.156962', '0.130050']]),
    'Trix': (lambda d: ind.Trix(d), 44, [['0.071304', '0.181480', '0.050954']]),
    'TSI': (lambda d: ind.TSI(d), 38, [['16.012364', '22.866307', '4.990750']]),
    'UltimateOscillator': (lambda d: ind.UltimateOscillator(d), 29,
                           [['51.991177', '62.334055', '46.707445']]),
    'AO': (lambda d: ind.AO(d), 34, [['50.804206', '72.983735', '33.655941']]),
    'AccDeOsc': (lambda d: ind.AccDeOsc(d), 38, [['-2.097441', '14.156647', '30.408335']]),
    'PGO': (lambda d: ind.PGO(d), 15, [['0.543029', '-2.347884', '0.416325']]),
    'KST': (lambda d: ind.KST(d), 48,
            [['18.966300', '33.688645', '27.643797'], ['11.123593', '37.882890', '16.602624']]),
    'DV2': (lambda d: ind.DV2(d), 253, [['17.460317', '55.952381', '80.555556']]),
    'LRSI': (lambda d: ind.LRSI(d), 6, [['0.748915', '0.714286', '1.000000']]),
    'DM': (lambda d: ind.DM(d), 42,
           [['15.302485', '31.674648', '15.961767'], ['18.839142', '26.946536', '18.161738'],
            ['28.809535', '30.460124', '31.386311'], ['24.638772', '18.914537', '21.564611']]),
    'UpMove': (lambda d: ind.UpMove(d), 2, [['-10.720000', '10.010000', '14.000000']]),
    'DownMove': (lambda d: ind.DownMove(d), 2, [['10.720000', '-10.010000', '-14.000000']]),
    'AroonUpDown': (lambda d: ind.AroonUpDown(d), 15,
                    [['42.857143', '35.714286', '85.714286'],
                     ['7.142857', '85.714286', '28.571429']]),
    'AroonOscillator': (lambda d: ind.AroonOscillator(d), 15,
                        [['35.714286', '-50.000000', '57.142857']]),
    'Vortex': (lambda d: ind.Vortex(d), 15,
               [['1.245434', '0.921076', '1.062278'], ['0.707948', '0.966375', '0.803849']]),
    'Ichimoku': (lambda d: ind.Ichimoku(d), 78,
                 [['4110.000000', '3821.030000', '3748.785000'],
                  ['4030.920000', '3821.030000', '3676.860000'],
                  ['4057.485000', '3753.502500', '3546.152500'],
                  ['3913.300000', '3677.815000', '3637.130000'],
                  [('nan', '3682.320000'), '3590.910000', '3899.410000']]),
    'Fractal': (lambda d: bt.studies.Fractal(d), 5,
                [['nan', 'nan', 'nan'], ['nan', 'nan', '3553.692850']]),
}

# HeikinAshi switches the whole run to next mode: checked in its own runs
HA_CASE = (lambda d: ind.HeikinAshi(d), 2,
           [['4119.466107', '3591.732500', '3578.625259'],
            ['4142.010000', '3638.420000', '3662.920000'],
            ['4119.466107', '3591.732500', '3578.625259'],
            ['4128.002500', '3614.670000', '3653.455000']])


class _AllAtOnce(bt.Strategy):
    params = (('cases', {}),)

    def __init__(self):
        self.inds = {name: case[0](self.data) for name, case in self.p.cases.items()}

    def stop(self):
        self.values = {}
        for name, obj in self.inds.items():
            length, minperiod = len(obj), self.p.cases[name][1]
            chkpts = [0, -length + minperiod, (-length + minperiod) // 2]
            self.values[name] = [['%f' % line[pt] for pt in chkpts] for line in obj.lines]


def _check_all(cases: dict, mode) -> list:
    runonce, preload, exactbars = mode
    cerebro = bt.Cerebro(runonce=runonce, preload=preload, exactbars=exactbars,
                         stdstats=False)
    cerebro.adddata(daily_data())
    cerebro.addstrategy(_AllAtOnce, cases=cases)
    strat = cerebro.run()[0]
    problems = []
    for name, (_, minperiod, expected) in cases.items():
        obj = strat.inds[name]
        if obj._minperiod != minperiod:
            problems.append('%s: minperiod %d != %d' % (name, obj._minperiod, minperiod))
        length = len(obj)
        if length != NBARS:
            problems.append('%s: len %d' % (name, length))
            continue
        for i, (got, want) in enumerate(zip(strat.values[name], expected)):
            ok = all(g == w or (isinstance(w, tuple) and g in w) for g, w in zip(got, want))
            if not ok:
                problems.append('%s line %d: %s != %s' % (name, i, got, want))
    return problems


@pytest.mark.parametrize('mode', MODES, ids=mode_id)
def test_spec_reference_values_all_indicators(mode):
    problems = _check_all(SPEC_CASES, mode)
    assert not problems, '\n'.join(problems)


@pytest.mark.parametrize('mode', MODES, ids=mode_id)
def test_spec_reference_values_heikinashi(mode):
    problems = _check_all({'HeikinAshi': HA_CASE}, mode)
    assert not problems, '\n'.join(problems)


@pytest.mark.parametrize('mode', MODES[:2], ids=mode_id)
def test_spec_minperiod_of_several_indicators(mode):
    # upstream's test_ind_minperiod: SMA, Stochastic, MACD and Highest on data0
    # give the strategy minimum period 34
    report = run_check(lambda d: [ind.SMA(d), ind.Stochastic(d), ind.MACD(d), ind.Highest(d)],
                       mode)
    assert report['chkmin'] == 34
