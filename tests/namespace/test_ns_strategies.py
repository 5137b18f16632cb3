"""``bt.strategies.MA_CrossOver`` (alias ``SMA_CrossOver``) against upstream.

Expected values recorded from the oracle with the same strategy probe as
``_run`` below (``PYTHONPATH=.oracle python3 probe.py``;
identical in runonce and next mode) on ``2006-day-001.txt``.
"""
from __future__ import annotations

import itertools

import pytest

import backtrader as bt
from conftest import DATAS

DATA = str(DATAS / '2006-day-001.txt')

# (bar, 'B'uy/'S'ell, executed price) of every completed order; final value
EXPECTED = {
    'default': ([(84, 'B', 3839.24), (94, 'S', 3711.46), (129, 'B', 3664.59),
                 (146, 'S', 3649.29), (147, 'B', 3671.71), (238, 'S', 3935.81),
                 (249, 'B', 4121.01)], 10119.95),
    'fast5_slow15': ([(22, 'B', 3676.71), (47, 'S', 3751.3), (53, 'B', 3834.11),
                      (66, 'S', 3859.99), (67, 'B', 3875.08), (72, 'S', 3840.89),
                      (80, 'B', 3864.64), (93, 'S', 3746.4), (107, 'B', 3656.43),
                      (109, 'S', 3598.58), (123, 'B', 3554.07), (138, 'S', 3512.22),
                      (145, 'B', 3635.17), (178, 'S', 3745.78), (184, 'B', 3807.67),
                      (218, 'S', 3991.47), (219, 'B', 4047.63), (234, 'S', 3976.16),
                      (244, 'B', 4052.55)], 10138.669999999998),
    'ema12_26': ([(78, 'B', 3863.57), (94, 'S', 3711.46), (130, 'B', 3656.71),
                  (139, 'S', 3491.81), (145, 'B', 3635.17), (238, 'S', 3935.81),
                  (245, 'B', 4063.14)], 10040.43),
}
KWARGS = {'default': {}, 'fast5_slow15': dict(fast=5, slow=15),
          'ema12_26': dict(_movav=bt.ind.EMA, fast=12, slow=26)}
# the strategy's indicators: (class name, params, minperiod); strategy minperiod
EXPECTED_INDS = {
    'default': ([('SMA', {'period': 10}, 10), ('SMA', {'period': 30}, 30),
                 ('CrossOver', {}, 31)], 31),
    'fast5_slow15': ([('SMA', {'period': 5}, 5), ('SMA', {'period': 15}, 15),
                      ('CrossOver', {}, 16)], 16),
    'ema12_26': ([('EMA', {'period': 12}, 12), ('EMA', {'period': 26}, 26),
                  ('CrossOver', {}, 27)], 27),
}


def _run(strategy, runonce=True, preload=True, exactbars=0, sizer=None, **kwargs):
    fills = []

    class Probe(strategy):
        def notify_order(self, order):
            if order.status == order.Completed:
                fills.append((len(self), 'B' if order.isbuy() else 'S',
                              order.executed.price, order.executed.size))

        def stop(self):
            self.inds = [(type(i).__name__, dict(i.p._getkwargs()), i._minperiod)
                         for i in self.getindicators()]

    cer = bt.Cerebro(stdstats=False, runonce=runonce, preload=preload, exactbars=exactbars)
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=DATA))
    if sizer is not None:
        cer.addsizer(sizer)
    cer.addstrategy(Probe, **kwargs)
    strat = cer.run()[0]
    return fills, cer.broker.getvalue(), strat


@pytest.mark.parametrize('runonce,preload,exactbars',
                         list(itertools.product((True, False), (True, False), (0, -1, -2))))
def test_default_run_matches_upstream_in_all_modes(runonce, preload, exactbars):
    fills, value, strat = _run(bt.strategies.MA_CrossOver, runonce, preload, exactbars)
    orders, final = EXPECTED['default']
    assert [(b, s, p) for b, s, p, _ in fills] == orders
    assert [size for *_, size in fills] == [1 if s == 'B' else -1 for _, s, _ in orders]
    assert value == pytest.approx(final, abs=1e-9)


@pytest.mark.parametrize('name', sorted(EXPECTED))
@pytest.mark.parametrize('runonce', (True, False))
def test_params_runs_match_upstream(name, runonce):
    fills, value, strat = _run(bt.strategies.MA_CrossOver, runonce, **KWARGS[name])
    orders, final = EXPECTED[name]
    assert [(b, s, round(p, 2)) for b, s, p, _ in fills] == orders
    assert value == pytest.approx(final, abs=1e-9)
    inds, minperiod = EXPECTED_INDS[name]
    assert strat.inds == inds
    assert strat._minperiod == minperiod


def test_sells_on_each_cross_down_once_positioned():
    # upstream (sizer buying 2, selling 5): buy at 22, then only sells (position
    # stays open, so no further buys): 22 +2, 47 -5, 66 -5, 72 -5, ...
    class BuyTwoSellFive(bt.Sizer):
        def _getsizing(self, comminfo, cash, data, isbuy):
            return 2 if isbuy else 5

    fills, _, strat = _run(bt.strategies.MA_CrossOver, sizer=BuyTwoSellFive, fast=5, slow=15)
    assert [(b, size) for b, _, _, size in fills[:8]] == [
        (22, 2), (47, -5), (66, -5), (72, -5), (93, -5), (109, -5), (138, -5), (178, -5)]
    assert strat.position.size == 2 - 5 * (len(fills) - 1)


def test_class_facts():
    ma, sma = bt.strategies.MA_CrossOver, bt.strategies.SMA_CrossOver
    assert list(ma.params._getitems()) == [('fast', 10), ('slow', 30), ('_movav', bt.ind.SMA)]
    assert ma.alias == ('SMA_CrossOver',) and sma.alias == ()
    assert issubclass(sma, ma) and sma is not ma
    assert list(sma.params._getitems()) == list(ma.params._getitems())
    assert issubclass(ma, bt.Strategy)
    assert bt.strats.MA_CrossOver is ma
    assert bt.strategies.sma_crossover.MA_CrossOver is ma


def test_unknown_parameter_is_rejected():
    with pytest.raises(bt.core.errors.ParameterError):
        _run(bt.strategies.MA_CrossOver, slowest=3)
