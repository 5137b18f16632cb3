"""DataClone, copyas and what resampledata/replaydata add: clone attributes,
names and flags as observed on upstream (printing them after the same calls
under PYTHONPATH=.oracle)."""
from __future__ import annotations

import datetime

import backtrader as bt
from conftest import DATAS


def _day(**kw):
    return bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'), **kw)


def test_clone_attributes():
    d = _day(fromdate=datetime.date(2006, 2, 1), name='orig', sessionend=datetime.time(17))
    c = d.clone()
    assert isinstance(c, bt.DataClone) and bt.feed.DataClone is bt.DataClone
    assert c.p.dataname is d and c.data is d
    assert c._name == '' and c._timeframe == bt.TimeFrame.Days and c._compression == 1
    assert c.p.sessionend == datetime.time(17)
    assert d.copyas('x')._name == 'x'
    # the original's period wins over what the clone was asked for
    y = d.clone(name='y', timeframe=bt.TimeFrame.Weeks)
    assert y._name == 'y' and y._timeframe == bt.TimeFrame.Days


def test_resampledata_clones_an_added_data():
    cerebro = bt.Cerebro()
    d = _day(name='orig')
    cerebro.adddata(d)
    r = cerebro.resampledata(d, timeframe=bt.TimeFrame.Weeks)
    assert type(r) is bt.DataClone and r is not d
    assert (r.resampling, r.replaying, r._timeframe) == (1, False, bt.TimeFrame.Weeks)
    assert [f for f, _, _ in r._filters][0].__class__ is bt.Resampler
    assert list(cerebro.datasbyname) == ['orig', ''] and [x._id for x in cerebro.datas] == [1, 2]
    d2 = _day()
    r2 = cerebro.replaydata(d2, name='rp', timeframe=bt.TimeFrame.Weeks)
    assert r2 is d2 and r2._name == 'rp' and (r2.resampling, r2.replaying) == (1, True)
    assert (d.resampling, d.replaying) == (0, 0)
    assert d2.resample(timeframe=bt.TimeFrame.Months) is None


def test_clone_of_a_preloaded_data_mirrors_it():
    d = _day(todate=datetime.date(2006, 3, 1))
    c = d.clone()
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(d)
    cerebro.adddata(c)
    cerebro.run()
    assert len(c) == len(d) == 43
    assert list(c.close.array) == list(d.close.array)
    assert list(c.datetime.array) == list(d.datetime.array)
