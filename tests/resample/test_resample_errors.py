"""Bad input to resampling: typed errors where upstream also fails, the
opt-in strict checks where upstream runs (a finer target passes bars through,
an unknown timeframe merges everything into one bar)."""
from __future__ import annotations

import datetime

import pytest

import backtrader as bt
from backtrader.core.errors import MixedLengthError, ParameterError, ResampleError
from conftest import DATAS

TF = bt.TimeFrame


def _day(**kw):
    return bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'),
                                      todate=datetime.date(2006, 2, 1), **kw)


def _run(data):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(data)
    cerebro.run()
    return data


@pytest.mark.parametrize('tf', ['weekly', 5.0, None, True])
def test_timeframe_must_be_a_constant(tf):
    with pytest.raises(ParameterError, match='timeframe must be a TimeFrame constant'):
        _day().resample(timeframe=tf)


@pytest.mark.parametrize('comp', [0, -2, 1.5])
def test_compression_must_be_positive(comp):
    with pytest.raises(ParameterError, match='compression must be a positive int'):
        _day().replay(timeframe=TF.Weeks, compression=comp)


def test_finer_target_passes_bars_through_like_upstream():
    # upstream: daily bars "resampled" to 5 minutes come out unchanged
    plain = _run(_day())
    finer = _day()
    finer.resample(timeframe=TF.Minutes, compression=5)
    _run(finer)
    assert len(finer) == len(plain) == 23
    assert list(finer.close.array) == list(plain.close.array)


def test_unknown_timeframe_merges_like_upstream():
    data = _day()
    data.resample(timeframe=42)
    _run(data)
    assert len(data) == 1


class StrictResampler(bt.Resampler):
    strict = True


@pytest.mark.parametrize('tf,comp,words', [
    (TF.Minutes, 5, 'finer than the source'),
    (TF.Ticks, 1, 'finer than the source'),
    (42, 1, 'unknown target timeframe 42'),
    (TF.NoTimeFrame, 1, 'unknown target timeframe 9'),
])
def test_strict_mode_rejects(tf, comp, words):
    with pytest.raises(ResampleError, match=words):
        _day().addfilter(StrictResampler, timeframe=tf, compression=comp)


def test_strict_mode_class_switch(monkeypatch):
    monkeypatch.setattr(bt.Resampler, 'strict', True)
    with pytest.raises(ResampleError, match='Resampler: target 5 Minutes is finer than the '
                                            'source \\(1 Day\\)'):
        _day().resample(timeframe=TF.Minutes, compression=5)
    # a coarser target is fine
    data = _day()
    data.resample(timeframe=TF.Weeks)
    assert len(_run(data)) == 5


def test_mixing_timeframes_in_runonce_names_the_fix():
    class Mixed(bt.Strategy):
        def __init__(self):
            self.x = bt.ind.CrossOver(self.data0.close, bt.ind.SMA(self.data1, period=2))

    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-week-001.txt'),
                                               timeframe=TF.Weeks))
    cerebro.addstrategy(Mixed)
    with pytest.raises(MixedLengthError, match='runonce=False') as exc:
        cerebro.run()
    assert isinstance(exc.value, IndexError)     # what upstream raises
