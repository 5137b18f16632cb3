"""Upstream's objects with lines (indicators, datas, strategies) answer the
methods of their lines: ``ind.get(size=2)``, ``ind.fullsize()``,
``data.getlinealiases()``, ``ind.minbuffer(n)``, and a data takes
``addminperiod`` & co. as an indicator does.

Literals printed by upstream (backtrader 1.9.78.123) for the same strategy on
2006-day-001.txt (``/tmp/probe/p33.py`` of the session that wrote this file).
"""
from __future__ import annotations

import pytest

import backtrader as bt
from conftest import DATAS

DATA = DATAS / '2006-day-001.txt'

pytestmark = pytest.mark.skipif(not DATA.is_file(), reason='shared data files missing')


@pytest.mark.parametrize('runonce', [True, False])
def test_line_methods_through_the_objects(runonce):
    seen = {}

    class S(bt.Strategy):
        def __init__(self):
            self.macd = bt.ind.MACD()
            self.op = self.data.close - bt.ind.SMA(period=5)

        def next(self):
            if len(self) == 40:
                m, d = self.macd, self.data
                seen['macd'] = [float(x) for x in m.get(size=2)]
                seen['signal'] = [float(x) for x in m.lines.get(ago=-1, size=2, line=1)]
                seen['sizes'] = (m.fullsize(), m.extrasize(), m.size(), len(list(m.itersize())))
                seen['aliases'] = (m.getlinealiases(), d.getlinealiases(), self.getlinealiases())
                seen['data'] = [float(x) for x in d.get(size=2)]
                seen['datasizes'] = (d.fullsize(), d.extrasize())
                seen['strategy'] = [float(x) for x in self.get(size=2)]

    cerebro = bt.Cerebro(runonce=runonce)
    data = bt.feeds.BacktraderCSVData(dataname=str(DATA))
    cerebro.adddata(data)
    cerebro.addstrategy(S)
    strat = cerebro.run()[0]
    assert seen['macd'] == pytest.approx([44.278142220095106, 46.55399408435369])
    assert seen['signal'] == pytest.approx([33.54473634960907, 35.69141752370628])
    assert seen['sizes'] == (2, 0, 2, 2)
    assert seen['aliases'] == (('macd', 'signal'), ('close', 'low', 'high', 'open', 'volume',
                                                    'openinterest', 'datetime'), ('datetime',))
    assert seen['data'] == [3813.29, 3826.0]
    assert seen['datasizes'] == (7, 0)
    assert seen['strategy'] == pytest.approx([732365.9999999999, 732366.9999999999])
    # minimum period and memory hints, on datas too (upstream's LineSeries methods)
    for obj in (data, strat.macd, strat):
        for name in ('addminperiod', 'incminperiod', 'updateminperiod', 'setminperiod',
                     'minbuffer'):
            assert callable(getattr(obj, name)), (obj, name)


def test_a_data_minimum_period_methods_leave_its_own_as_upstream():
    """Upstream's ``data.addminperiod(5)`` before the run changes the data's
    lines, not the data's minimum period: an SMA(3) of it still starts on bar 3
    (``/tmp/probe/p35.py``)."""
    class S(bt.Strategy):
        def __init__(self):
            self.sma = bt.ind.SMA(period=3)

        def nextstart(self):
            self.first = len(self)

    cerebro = bt.Cerebro()
    data = bt.feeds.BacktraderCSVData(dataname=str(DATA))
    cerebro.adddata(data)
    cerebro.addstrategy(S)
    data.addminperiod(5)
    assert data._minperiod == 1
    strat = cerebro.run()[0]
    assert (strat.sma._minperiod, strat.first) == (3, 3)
