"""Signal constants (``bt.SIGNAL_*``, ``bt.SignalTypes``) and the ``Signal``
indicator against upstream.

Expected values recorded from the oracle (``PYTHONPATH=<repo>/.oracle``)
with the strategy of ``_run`` below on ``2006-day-001.txt``: the sum of the
non-NaN values each signal shows in ``next`` and the first (bar, value).
"""
from __future__ import annotations

import itertools
import math

import pytest

import backtrader as bt
from conftest import DATAS

DATA = str(DATAS / '2006-day-001.txt')

# upstream: [(n, getattr(bt, n)) for n in dir(bt) if n.startswith('SIGNAL_')]
UPSTREAM_CONSTANTS = {
    'SIGNAL_NONE': 0, 'SIGNAL_LONGSHORT': 1, 'SIGNAL_LONG': 2, 'SIGNAL_LONG_INV': 3,
    'SIGNAL_LONG_ANY': 4, 'SIGNAL_SHORT': 5, 'SIGNAL_SHORT_INV': 6, 'SIGNAL_SHORT_ANY': 7,
    'SIGNAL_LONGEXIT': 8, 'SIGNAL_LONGEXIT_INV': 9, 'SIGNAL_LONGEXIT_ANY': 10,
    'SIGNAL_SHORTEXIT': 11, 'SIGNAL_SHORTEXIT_INV': 12, 'SIGNAL_SHORTEXIT_ANY': 13,
}


def test_constants():
    for name, value in UPSTREAM_CONSTANTS.items():
        assert getattr(bt, name) == value
        assert getattr(bt.signal, name) == value
    assert bt.SignalTypes == list(range(14))
    assert bt.signal.SignalTypes is bt.SignalTypes
    assert sorted(n for n in dir(bt) if n.startswith('SIGNAL_')) == sorted(UPSTREAM_CONSTANTS)


def test_class_facts():
    sig = bt.Signal
    assert sig is bt.signal.Signal
    assert issubclass(sig, bt.Indicator)
    assert sig.lines._getlines() == ('signal',)
    assert list(sig.params._getitems()) == []
    # upstream Signal.plotinfo._getitems(): indicator defaults
    info = dict(sig.plotinfo._getitems())
    assert info['plot'] is True and info['subplot'] is True and info['plotmaster'] is None
    assert not hasattr(bt.indicators, 'Signal')     # upstream's bt.ind has no Signal


# (minperiod, sum of non-NaN values seen in next, first (bar, value)) per signal;
# the same in all 12 modes upstream
EXPECTED = {
    'feed': (1, 945394.95, (7, 3644.94)),
    'sma': (5, 944480.164, (7, 3657.282)),
    'high': (1, 950096.79, (7, 3671.23)),
    'ema_of_sma': (7, 944007.249251, (7, 3648.7053333333333)),
}
# A Signal on a line operation: these values in runonce+preload; in the
# other (bar by bar) runs upstream stores each value one slot back, so [0]
# is always NaN and [-1] holds the current value (their sum: 914.786).
OPERATION_RUNONCE = (5, 914.786, (7, -12.342000000000098))
OPERATION_NEXT = (5, 0.0, None)
OPERATION_PREV_SUM = {True: 929.676, False: 914.786}     # of [-1], by runonce engine


def _run(runonce, preload, exactbars):
    class S(bt.Strategy):
        def __init__(self):
            sma = bt.ind.SMA(period=5)
            self.sigs = {
                'close_minus_sma': bt.Signal(self.data.close - sma),
                'feed': bt.Signal(self.data), 'sma': bt.Signal(sma),
                'high': bt.signal.Signal(self.data.high),
                'ema_of_sma': bt.Signal(bt.ind.EMA(sma, period=3))}
            self.acc = {k: 0.0 for k in self.sigs}
            self.first = {}
            self.prev = 0.0

        def next(self):
            for k, s in self.sigs.items():
                v = s[0]
                if not math.isnan(v):
                    self.acc[k] += v
                    self.first.setdefault(k, (len(self), v))
            v = self.sigs['close_minus_sma'][-1]
            if not math.isnan(v):
                self.prev += v

    cer = bt.Cerebro(stdstats=False, runonce=runonce, preload=preload, exactbars=exactbars)
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=DATA))
    cer.addstrategy(S)
    return cer.run()[0]


@pytest.mark.parametrize('runonce,preload,exactbars',
                         list(itertools.product((True, False), (True, False), (0, -1, -2))))
def test_values_match_upstream(runonce, preload, exactbars):
    strat = _run(runonce, preload, exactbars)
    vectorised = runonce and preload and not exactbars
    expected = dict(EXPECTED, close_minus_sma=OPERATION_RUNONCE if vectorised
                    else OPERATION_NEXT)
    for name, (minperiod, total, first) in expected.items():
        assert strat.sigs[name]._minperiod == minperiod, name
        assert '%.6f' % strat.acc[name] == '%.6f' % total, name
        assert strat.first.get(name) == first, name
    assert '%.6f' % strat.prev == '%.6f' % OPERATION_PREV_SUM[vectorised]


def test_expression_complete_from_the_first_bar_is_copied():
    # upstream fails bar by bar on such an input (IndexError); here its
    # values are copied in place in every mode
    class S(bt.Strategy):
        def __init__(self):
            self.src = self.data.close - self.data.open
            self.sig = bt.Signal(self.src)
            self.same = 0

        def next(self):
            self.same += self.sig[0] == self.src[0]

    for runonce in (True, False):
        cer = bt.Cerebro(stdstats=False, runonce=runonce)
        cer.adddata(bt.feeds.BacktraderCSVData(dataname=DATA))
        cer.addstrategy(S)
        assert cer.run()[0].same == 255


def test_plotmaster_is_the_chart_of_the_input():
    # upstream: a feed or line input is its own master; an indicator input the
    # data it is computed on
    class S(bt.Strategy):
        def __init__(self):
            sma = bt.ind.SMA(period=5)
            sma2 = bt.ind.SMA(sma, period=3)
            d1sma = bt.ind.SMA(self.data1, period=4)
            sigs = [bt.Signal(x) for x in (self.data, sma, sma2, d1sma)]
            # checked once all exist: each instance keeps its own plotinfo
            masters = [s.plotinfo.plotmaster for s in sigs]
            self.checks = [m is x for m, x in zip(masters, (self.data, self.data, sma,
                                                            self.data1))]
            self.checks.append(bt.Signal.plotinfo.plotmaster is None)

        def next(self):
            pass

    cer = bt.Cerebro(stdstats=False)
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=DATA))
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-002.txt')))
    cer.addstrategy(S)
    assert cer.run()[0].checks == [True] * 5


def test_signal_needs_an_input():
    # outside a strategy/indicator there is no owner data to fall back on
    with pytest.raises(bt.core.errors.ParameterError, match='Signal needs an input'):
        bt.Signal()
