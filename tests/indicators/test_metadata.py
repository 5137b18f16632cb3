"""Class-level facts of the indicators: names, aliases, params and defaults,
lines, plotinfo/plotlines, plot labels.

``test_metadata_matches_upstream`` runs the same introspection script under
upstream and here and compares it class by class. The literal table below was
printed by that script under the oracle
(``PYTHONPATH=.oracle python3 dump.py``, dump.py = SCRIPT).
"""
from __future__ import annotations

import pytest

import backtrader as bt

ind = bt.indicators

NAMES = '''PeriodN OperationN BaseApplyN ApplyN Highest MaxN Lowest MinN ReduceN SumN AnyN AllN
FindFirstIndex FindFirstIndexHighest FindFirstIndexLowest FindLastIndex FindLastIndexHighest
FindLastIndexLowest Accum CumSum CumulativeSum Average ArithmeticMean Mean ExponentialSmoothing
ExpSmoothing ExponentialSmoothingDynamic ExpSmoothingDynamic WeightedAverage AverageWeighted
MovingAverageSimple SMA SimpleMovingAverage ExponentialMovingAverage EMA MovingAverageExponential
SmoothedMovingAverage SMMA WilderMA MovingAverageSmoothed MovingAverageWilder ModifiedMovingAverage
WeightedMovingAverage WMA MovingAverageWeighted MovingAverageBase MACD MACDHisto MACDHistogram
BollingerBands BBands BollingerBandsPct StandardDeviation StdDev MeanDeviation MeanDev
StochasticFast Stochastic StochasticSlow StochasticFull UpDay DownDay UpDayBool DownDayBool
RelativeStrengthIndex RSI RSI_SMMA RSI_Wilder RSI_Safe RSI_SMA RSI_Cutler RSI_EMA TrueHigh TrueLow
TrueRange TR AverageTrueRange ATR NonZeroDifference NZD CrossUp CrossDown CrossOver'''.split()

SCRIPT = '''
import datetime
import backtrader as bt

NAMES = %r


def fmt(v):
    if isinstance(v, type):
        return 'cls:' + v.__name__
    if callable(v):
        return 'fn:' + getattr(v, '__name__', repr(v))
    return repr(v)


def items(info):
    out = []
    for k, v in info._getitems():
        if hasattr(v, '_getitems'):
            v = dict(v._getitems())
        out.append((k, fmt(v) if not isinstance(v, dict) else repr(sorted(v.items()))))
    return out


for name in NAMES:
    c = getattr(bt.indicators, name, None)
    if c is None:
        print(name, 'MISSING')
        continue
    print(name, 'name', c.__name__, [b.__name__ for b in c.__mro__[1:4]])
    print(name, 'alias', c.alias, 'mindatas', c._mindatas)
    print(name, 'params', [(k, fmt(v)) for k, v in c.params._getitems()])
    print(name, 'lines', c.lines.getlinealiases())
    print(name, 'plotinfo', items(c.plotinfo))
    print(name, 'plotlines', items(c.plotlines))


class S(bt.Strategy):
    def __init__(self):
        d = self.data
        for obj in (bt.ind.SMA(d), bt.ind.RSI(d), bt.ind.MACDHisto(d), bt.ind.BBands(d),
                    bt.ind.StdDev(d), bt.ind.MeanDev(d), bt.ind.Stochastic(d),
                    bt.ind.StochasticFast(d), bt.ind.StochasticFull(d), bt.ind.ATR(d),
                    bt.ind.TR(d), bt.ind.WeightedAverage(d, period=2, weights=(1, 2)),
                    bt.ind.ExpSmoothing(d, period=3), bt.ind.Highest(d, period=4),
                    bt.ind.CrossOver(d, bt.ind.SMA(d, period=3))):
            obj._plotinit()
            print('inst:' + type(obj).__name__, obj.plotlabel(), obj.plotinfo.plotyhlines,
                  obj.plotinfo.plothlines, obj.plotinfo.subplot)


cerebro = bt.Cerebro(stdstats=False)
cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=%r))
cerebro.addstrategy(S)
cerebro.run()
'''


def _script():
    from indcheck import DAILY
    return SCRIPT % (NAMES, str(DAILY))


def _by_class(text: str) -> dict:
    res: dict = {}
    for row in text.splitlines():
        name, rest = row.split(' ', 1)
        res.setdefault(name, []).append(rest)
    return res


@pytest.mark.oracle
def test_metadata_matches_upstream(run_oracle, run_ours):
    script = _script()
    oracle, ours = _by_class(run_oracle(script)), _by_class(run_ours(script))
    assert set(oracle) == set(ours)
    assert len(oracle) == len(NAMES) + 15
    diffs = ['%s: ours %s / upstream %s' % (name, ours[name], oracle[name])
             for name in oracle if ours[name] != oracle[name]]
    assert not diffs, '\n'.join(diffs)


def _plotlines(cls) -> dict:
    res = {}
    for k, v in cls.plotlines._getitems():
        res[k] = dict(v._getitems()) if hasattr(v, '_getitems') else dict(v)
    return res


def _plotinfo_changes(cls) -> dict:
    base = dict(bt.Indicator.plotinfo._getitems())
    return {k: v for k, v in cls.plotinfo._getitems() if base.get(k) != v}


# class: (alias, params, lines, plotinfo differing from Indicator's, plotlines)
LITERALS = {
    'MACD': ((), [('period_me1', 12), ('period_me2', 26), ('period_signal', 9),
                  ('movav', 'ExponentialMovingAverage')], ('macd', 'signal'),
             {'plothlines': [0.0]}, {'signal': {'ls': '--'}, 'macd': {}}),
    'MACDHisto': (('MACDHistogram',), [('period_me1', 12), ('period_me2', 26),
                                       ('period_signal', 9),
                                       ('movav', 'ExponentialMovingAverage')],
                  ('macd', 'signal', 'histo'), {'plothlines': [0.0]},
                  {'signal': {'ls': '--'}, 'macd': {},
                   'histo': {'_method': 'bar', 'alpha': 0.5, 'width': 1.0}}),
    'BollingerBands': (('BBands',), [('period', 20), ('devfactor', 2.0),
                                     ('movav', 'MovingAverageSimple')], ('mid', 'top', 'bot'),
                       {'subplot': False},
                       {'mid': {'ls': '--'}, 'top': {'_samecolor': True},
                        'bot': {'_samecolor': True}}),
    'BollingerBandsPct': ((), [('period', 20), ('devfactor', 2.0),
                               ('movav', 'MovingAverageSimple')], ('mid', 'top', 'bot', 'pctb'),
                          {'subplot': False},
                          {'mid': {'ls': '--'}, 'top': {'_samecolor': True},
                           'bot': {'_samecolor': True}, 'pctb': {'_name': '%B'}}),
    'StandardDeviation': (('StdDev',), [('period', 20), ('movav', 'MovingAverageSimple'),
                                        ('safepow', True)], ('stddev',), {}, {'stddev': {}}),
    'MeanDeviation': (('MeanDev',), [('period', 20), ('movav', 'MovingAverageSimple')],
                      ('meandev',), {}, {'meandev': {}}),
    'StochasticFast': ((), [('period', 14), ('period_dfast', 3), ('movav', 'MovingAverageSimple'),
                            ('upperband', 80.0), ('lowerband', 20.0), ('safediv', False),
                            ('safezero', 0.0)], ('percK', 'percD'), {},
                       {'percD': {'_name': '%D', 'ls': '--'}, 'percK': {'_name': '%K'}}),
    'Stochastic': (('StochasticSlow',),
                   [('period', 14), ('period_dfast', 3), ('movav', 'MovingAverageSimple'),
                    ('upperband', 80.0), ('lowerband', 20.0), ('safediv', False),
                    ('safezero', 0.0), ('period_dslow', 3)], ('percK', 'percD'), {},
                   {'percD': {'_name': '%D', 'ls': '--'}, 'percK': {'_name': '%K'}}),
    'StochasticFull': ((), [('period', 14), ('period_dfast', 3), ('movav', 'MovingAverageSimple'),
                            ('upperband', 80.0), ('lowerband', 20.0), ('safediv', False),
                            ('safezero', 0.0), ('period_dslow', 3)],
                       ('percK', 'percD', 'percDSlow'), {},
                       {'percD': {'_name': '%D', 'ls': '--'}, 'percK': {'_name': '%K'},
                        'percDSlow': {'_name': '%DSlow'}}),
    'WeightedMovingAverage': (('WMA', 'MovingAverageWeighted'), [('period', 30)], ('wma',),
                              {'subplot': False}, {'wma': {}}),
    'Highest': (('MaxN',), [('period', 1)], ('highest',), {}, {'highest': {}}),
    'Lowest': (('MinN',), [('period', 1)], ('lowest',), {}, {'lowest': {}}),
    'SumN': ((), [('period', 1)], ('sumn',), {}, {'sumn': {}}),
    'Average': (('ArithmeticMean', 'Mean'), [('period', 1)], ('av',), {}, {'av': {}}),
    'ExponentialSmoothing': (('ExpSmoothing',), [('period', 1), ('alpha', None)], ('av',), {},
                             {'av': {}}),
    'WeightedAverage': (('AverageWeighted',), [('period', 1), ('coef', 1.0), ('weights', ())],
                        ('av',), {}, {'av': {}}),
    'Accum': (('CumSum', 'CumulativeSum'), [('seed', 0.0)], ('accum',), {}, {'accum': {}}),
    'CrossOver': ((), [], ('crossover',), {'plotymargin': 0.05, 'plotyhlines': [-1.0, 1.0]},
                  {'crossover': {}}),
    'CrossUp': ((), [], ('cross',), {'plotymargin': 0.05, 'plotyhlines': [0.0, 1.0]},
                {'cross': {}}),
}


@pytest.mark.parametrize('name', list(LITERALS))
def test_class_facts(name):
    alias, params, lines, plotinfo, plotlines = LITERALS[name]
    cls = getattr(ind, name)
    assert cls.__name__ == name
    assert tuple(cls.alias) == alias
    for a in alias:
        sub = getattr(ind, a)
        assert sub.__name__ == a and issubclass(sub, cls)
    got = [(k, v.__name__ if isinstance(v, type) else v) for k, v in cls.params._getitems()]
    assert got == params
    assert cls.lines.getlinealiases() == lines
    assert _plotinfo_changes(cls) == plotinfo
    assert _plotlines(cls) == plotlines


def test_moving_averages_registered_in_movav():
    assert ind.MovAv.WMA is ind.WMA and ind.MovAv.Weighted is ind.WeightedMovingAverage
    assert ind.MovAv.SMMA is ind.SMMA and ind.MovAv.Smoothed is ind.SmoothedMovingAverage
    assert ind.MovAv.EMA is ind.EMA and ind.MovAv.Exponential is ind.ExponentialMovingAverage
    assert ind.MovAv.Simple is ind.MovingAverageSimple and ind.MovAv.SMA is ind.SMA
    assert ind.MovAv.Wilder is ind.MovingAverageWilder


def test_upstream_module_paths():
    from backtrader.indicators import (basicops, bollinger, deviation, ema, macd, sma, smma,
                                       stochastic, wma)
    assert basicops.ExpSmoothing is ind.ExpSmoothing and sma.SMA is ind.SMA
    assert ema.EMA is ind.EMA and smma.WilderMA is ind.WilderMA and wma.WMA is ind.WMA
    assert macd.MACDHistogram is ind.MACDHistogram and bollinger.BBands is ind.BBands
    assert deviation.MeanDev is ind.MeanDev and stochastic.StochasticSlow is ind.StochasticSlow
    assert not hasattr(ind, 'SeededSmoothing')      # internal helper, not upstream API
