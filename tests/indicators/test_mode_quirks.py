"""Upstream's mode-specific results that the library reproduces (no oracle
needed: values recorded from upstream with
    PYTHONPATH=.oracle python3 tests/indicators/gen_mode_quirks.py
which builds the indicators below in a strategy on 2006-day-001.txt
and prints, at ``stop``, the number of non-NaN values of line 0 and the
``'%f'`` of its last two bars, for runonce=True and runonce=False).

Upstream computes ZeroLagIndicator, LaguerreRSI/Filter and HurstExponent with
``next`` only; in runonce mode, fed by another indicator, the replay sees a
stalled input: every bar is NaN but the last (see docs/indicators.md).
"""
from __future__ import annotations

import pytest

import backtrader as bt
from indcheck import daily_data

ind = bt.indicators

# name: (non-NaN count, last, second last) per runonce value
EXPECTED = {
    True: {'zlind': (1, '4064.143403', 'nan'), 'lrsi': (1, '1.000000', 'nan'),
           'lagf': (1, '4095.012000', 'nan'), 'hurst': (0, 'nan', 'nan'),
           'dma': (1, '4070.187241', 'nan')},
    False: {'zlind': (232, '4090.507181', '4082.827820'),
            'lrsi': (236, '1.000000', '1.000000'),
            'lagf': (241, '4039.134139', '4037.679219'),
            'hurst': (232, '0.354222', '0.309111'),
            'dma': (212, '4086.585508', '4078.340498')},
}


class _Quirks(bt.Strategy):
    def __init__(self):
        sma = ind.SMA(self.data, period=15)
        self.x = dict(zlind=ind.ZLInd(sma, period=10), lrsi=ind.LRSI(sma),
                      lagf=ind.LAGF(sma, gamma=0.7),
                      hurst=ind.Hurst(ind.EMA(self.data, period=5), period=20),
                      dma=ind.DMA(sma))

    def stop(self):
        self.report = {}
        for key, obj in self.x.items():
            vals = [obj.lines[0][-i] for i in range(len(self))][::-1]
            self.report[key] = (sum(1 for v in vals if v == v), '%f' % vals[-1],
                                '%f' % vals[-2])


@pytest.mark.parametrize('runonce', [True, False])
def test_next_only_indicators_fed_by_an_indicator(runonce):
    cerebro = bt.Cerebro(runonce=runonce, stdstats=False)
    cerebro.adddata(daily_data())
    cerebro.addstrategy(_Quirks)
    assert cerebro.run()[0].report == EXPECTED[runonce]


def test_operation_input_is_not_stalled():
    # a line operation (not an indicator) as input computes normally in runonce
    class S(bt.Strategy):
        def __init__(self):
            self.z = ind.ZLInd(self.data.close * 1.0, period=10)
            self.ref = ind.ZLInd(self.data, period=10)

        def stop(self):
            import numpy as np
            ours, ref = np.asarray(self.z.lines[0].array), np.asarray(self.ref.lines[0].array)
            self.same = np.array_equal(ours, ref, equal_nan=True) and not np.isnan(ours[-2])
    cerebro = bt.Cerebro(runonce=True, stdstats=False)
    cerebro.adddata(daily_data())
    cerebro.addstrategy(S)
    assert cerebro.run()[0].same
