"""Memory saving (exactbars=1) with resampled datas: a resampled data loads a
bar and gives it back (its filter consumed the input), which costs the
oldest slot of a ring; the rings keep one bar more then (upstream's data
buffers hold the longest minimum period of their readers plus one in these
runs, seen by printing the buffers' ``maxlen`` under PYTHONPATH=.oracle), so
indicators read the same values as without memory saving."""
from __future__ import annotations

import pytest

import backtrader as bt
from conftest import DATAS

DAY = str(DATAS / '2006-day-001.txt')


class Record(bt.Strategy):
    def __init__(self):
        self.sma_d = bt.ind.SMA(self.data0, period=5)
        self.sma_w = bt.ind.SMA(self.data1, period=3)
        self.rows = []

    def next(self):
        self.rows.append((len(self), len(self.data0), len(self.data1),
                          self.sma_d[0], self.sma_w[0]))


def _rows(how: str, exactbars: int) -> list:
    cer = bt.Cerebro(exactbars=exactbars, stdstats=False)
    daily = bt.feeds.BacktraderCSVData(dataname=DAY)
    cer.adddata(daily)
    if how == 'resampledata':
        cer.resampledata(daily, timeframe=bt.TimeFrame.Weeks)
    else:
        cer.replaydata(daily, timeframe=bt.TimeFrame.Weeks)
    cer.addstrategy(Record)
    return cer.run()[0].rows


@pytest.mark.parametrize('how', ['resampledata', 'replaydata'])
def test_exactbars_reads_as_without_memory_saving(how):
    full, saved = _rows(how, 0), _rows(how, 1)
    assert len(full) > 200
    if how == 'resampledata':
        # the last week is delivered after the daily data ended: the daily
        # indicator is recomputed from its kept bars
        assert full[-1][1] == full[-2][1] and full[-1][2] == full[-2][2] + 1
    assert str(saved) == str(full)      # (str: NaN compares equal to NaN)
