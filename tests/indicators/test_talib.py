"""``bt.talib``: without the TA-Lib package the module is empty and asking it
for a TA-Lib function explains what to install; with a TA-Lib-like package the
functions become indicator classes (checked with a small stand-in module that
implements the part of TA-Lib's API the wrapper uses)."""
from __future__ import annotations

import importlib
import sys
import types

import numpy as np
import pytest

import backtrader as bt


def _talib_installed() -> bool:
    try:
        import talib  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(_talib_installed(), reason='TA-Lib installed')
def test_missing_talib_gives_a_clear_error():
    assert bt.talib.__all__ == []
    with pytest.raises(AttributeError, match='install the TA-Lib'):
        bt.talib.SMA
    with pytest.raises(AttributeError, match='install the TA-Lib'):
        getattr(bt.talib, 'MACD')
    # non-TA-Lib names get the usual message
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        bt.talib.nothing_here
    assert not hasattr(bt.talib, 'SMA')


def _fake_talib() -> types.ModuleType:
    """A two-function stand-in of TA-Lib's Python API (SMA and a 2-output MOM2)."""
    talib = types.ModuleType('talib')
    abstract = types.ModuleType('talib.abstract')

    def SMA(real, timeperiod=30):
        out = np.full(len(real), np.nan)
        for i in range(timeperiod - 1, len(real)):
            out[i] = real[i - timeperiod + 1:i + 1].mean()
        return out

    def MOM2(real, timeperiod=10):
        out = np.full(len(real), np.nan)
        out[timeperiod:] = real[timeperiod:] - real[:-timeperiod]
        return out, out * 2.0

    infos = {
        'SMA': dict(name='SMA', display_name='Simple Moving Average',
                    function_flags=['Output scale same as input'],
                    input_names={'price': 'close'}, parameters={'timeperiod': 30},
                    output_flags={'real': ['Line']}, output_names=['real']),
        'MOM2': dict(name='MOM2', display_name='Momentum twice', function_flags=None,
                     input_names={'price': 'close'}, parameters={'timeperiod': 10},
                     output_flags={'mom': ['Line'], 'mom2': ['Dashed Line']},
                     output_names=['mom', 'mom2']),
    }

    class Function:
        def __init__(self, name):
            self.info = dict(infos[name])
            self.info['parameters'] = dict(self.info['parameters'])
            self.output_names = self.info['output_names']

        def set_parameters(self, **kwargs):
            self.info['parameters'].update(kwargs)

        @property
        def lookback(self):
            period = self.info['parameters']['timeperiod']
            return period - 1 if self.info['name'] == 'SMA' else period

    abstract.Function = Function
    abstract.TA_FUNC_FLAGS = {1: 'Output scale same as input', 2: 'Output is over volume',
                              3: 'Function has an unstable period',
                              4: 'Output is a candlestick'}
    abstract.TA_OUTPUT_FLAGS = {1: 'Line', 2: 'Dotted Line', 4: 'Dashed Line',
                                8: 'Dot', 16: 'Histogram', 32: 'Pattern Bool',
                                64: 'Pattern Bull Bear', 128: 'Pattern Strength',
                                256: 'Output can be positive',
                                512: 'Output can be negative', 1024: 'Output can be zero',
                                2048: 'Values represent an upper limit',
                                4096: 'Values represent a lower limit'}
    talib.abstract = abstract
    talib.SMA, talib.MOM2 = SMA, MOM2
    talib.get_functions = lambda: ['SMA', 'MOM2']
    talib.MA_Type = types.SimpleNamespace(SMA=0, EMA=1)
    return talib


@pytest.fixture
def fake_talib_module(monkeypatch):
    from backtrader.core.registry import get_registry
    talib = _fake_talib()
    monkeypatch.setitem(sys.modules, 'talib', talib)
    monkeypatch.setitem(sys.modules, 'talib.abstract', talib.abstract)
    registry = get_registry('indicators')
    names_before = dict(registry._byname)
    saved = sys.modules.pop('backtrader.talib')
    try:
        module = importlib.import_module('backtrader.talib')
        # the wrapper keeps bt.indicators' own classes in the registry
        assert registry['SMA'] is names_before['SMA']
        yield module
    finally:
        # undo the import: module table, package attribute, registered names
        sys.modules['backtrader.talib'] = saved
        bt.talib = saved
        registry._byname.clear()
        registry._byname.update(names_before)


def _run(make, runonce):
    from indcheck import daily_data

    class S(bt.Strategy):
        def __init__(self):
            self.ind = make(self.data)
            self.vals = []

        def next(self):
            self.vals.append(tuple(line[0] for line in self.ind.lines))

    cerebro = bt.Cerebro(runonce=runonce, stdstats=False)
    cerebro.adddata(daily_data())
    cerebro.addstrategy(S)
    strat = cerebro.run()[0]
    return strat, strat.vals


def test_generated_classes_with_a_talib_module(fake_talib_module):
    ta = fake_talib_module
    assert {'SMA', 'MOM2', 'MA_Type'} <= set(ta.__all__)
    assert issubclass(ta.SMA, bt.Indicator) and ta.SMA.__name__ == 'SMA'
    assert tuple(ta.SMA.params._getitems()) == (('timeperiod', 30),)
    assert ta.MOM2.lines._getlines() == ('mom', 'mom2')
    assert ta.SMA.plotinfo.subplot is False and ta.MOM2.plotinfo.subplot is True
    assert ta.FUNC_FLAGS_SAMESCALE == 1 and ta.OUT_FLAGS_DASH == 4

    for runonce in (True, False):
        strat, vals = _run(lambda d: ta.SMA(d, timeperiod=10), runonce)
        ours, _ = _run(lambda d: bt.ind.SMA(d, period=10), runonce)
        assert strat.ind._minperiod == 10
        ref = ours.ind.lines[0].array
        got = strat.ind.lines[0].array
        assert len(vals) == 255 - 9
        assert np.allclose(np.asarray(got)[9:], np.asarray(ref)[9:], rtol=0, atol=1e-9)
        strat, vals = _run(lambda d: ta.MOM2(d, timeperiod=5), runonce)
        assert strat.ind._minperiod == 6
        mom, mom2 = vals[-1]
        close = strat.data.close
        assert mom == pytest.approx(close[0] - close[-5]) and mom2 == pytest.approx(2 * mom)
