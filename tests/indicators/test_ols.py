"""OLS_* and CointN: upstream fails with current pandas/statsmodels in both run
modes (see indcheck.PAIR_SPECS), so they are checked against a direct
computation on the windows instead: statsmodels' OLS fit and ``coint`` on the
last ``period`` values of data0 (close) and data1 (its open line)."""
from __future__ import annotations

import numpy as np
import pytest

import backtrader as bt
from indcheck import daily_data

ind = bt.indicators
BARS = (9, 10, 57, 130, 254)


class _Pair(bt.Strategy):
    def __init__(self):
        d0, d1 = self.data0, self.data1.open
        self.sl = ind.OLS_Slope_InterceptN(d0, d1)
        self.sl20 = ind.OLS_Slope_InterceptN(d0, d1, period=20)
        self.tr = ind.OLS_TransformationN(d0, d1, period=15)
        self.co = ind.CointN(d0, d1, period=20)

    def stop(self):
        self.arr = {name: [np.array(line.array[:len(self)]) for line in obj.lines]
                    for name, obj in (('sl', self.sl), ('sl20', self.sl20), ('tr', self.tr),
                                      ('co', self.co))}
        self.y = np.array(self.data0.close.array[:len(self)])
        self.x = np.array(self.data1.open.array[:len(self)])


@pytest.fixture(scope='module', params=[True, False], ids=['runonce', 'next'])
def pair_run(request):
    pytest.importorskip('statsmodels')
    cerebro = bt.Cerebro(runonce=request.param, stdstats=False)
    cerebro.adddata(daily_data())
    cerebro.adddata(daily_data())
    cerebro.addstrategy(_Pair)
    return cerebro.run()[0]


def test_slope_intercept_equal_statsmodels_ols(pair_run):
    sm = pytest.importorskip('statsmodels.api')
    s = pair_run
    for name, period in (('sl', 10), ('sl20', 20)):
        slope, intercept = s.arr[name]
        assert np.isnan(slope[:period - 1]).all()
        for i in BARS:
            if i < period - 1:
                continue
            y, x = s.y[i - period + 1:i + 1], s.x[i - period + 1:i + 1]
            fit = sm.OLS(y, sm.add_constant(x)).fit()
            assert slope[i] == pytest.approx(fit.params[1], rel=1e-9)
            assert intercept[i] == pytest.approx(fit.params[0], rel=1e-9)


def test_transformation_zscore(pair_run):
    sm = pytest.importorskip('statsmodels.api')
    s = pair_run
    spread, mean, std, zscore = s.arr['tr']
    i = 200
    spreads = []
    for k in range(i - 14, i + 1):
        y, x = s.y[k - 14:k + 1], s.x[k - 14:k + 1]
        fit = sm.OLS(y, sm.add_constant(x)).fit()
        spreads.append(s.y[k] - (fit.params[1] * s.x[k] + fit.params[0]))
    assert spread[i] == pytest.approx(spreads[-1], rel=1e-7, abs=1e-7)
    assert mean[i] == pytest.approx(np.mean(spreads), rel=1e-7, abs=1e-7)
    assert std[i] == pytest.approx(np.std(spreads), rel=1e-6)
    assert zscore[i] == pytest.approx((spreads[-1] - np.mean(spreads)) / np.std(spreads),
                                      rel=1e-6)


def test_coint_equal_statsmodels(pair_run):
    stattools = pytest.importorskip('statsmodels.tsa.stattools')
    s = pair_run
    score, pvalue = s.arr['co']
    assert np.isnan(score[:19]).all()
    for i in (19, 100, 254):
        want = stattools.coint(s.y[i - 19:i + 1], s.x[i - 19:i + 1], trend='c')
        assert score[i] == pytest.approx(want[0], rel=1e-9, abs=1e-12)
        assert pvalue[i] == pytest.approx(want[1], rel=1e-9, abs=1e-12)
