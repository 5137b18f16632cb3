"""An analyzer reaches its strategy's datas and their lines as upstream's:
``data``, ``data1``, ``data_close``, ``data1_close`` and by line number,
``data_0``, ``data0_3``, ``data1_1`` (upstream: /tmp/probe/p40.py of the
session that wrote this file; every one of them a line of the data)."""
from __future__ import annotations

import pytest

import backtrader as bt
from conftest import DATAS

pytestmark = pytest.mark.skipif(not (DATAS / '2006-day-002.txt').is_file(),
                                reason='shared data files missing')


def test_data_and_line_names():
    seen = {}

    class A(bt.Analyzer):
        def stop(self):
            seen.update((n, getattr(self, n)) for n in (
                'data', 'data1', 'data_close', 'data1_close', 'data_0', 'data0_3', 'data1_1'))

    cerebro = bt.Cerebro()
    d0 = bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'))
    d1 = bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-002.txt'))
    cerebro.adddata(d0)
    cerebro.adddata(d1)
    cerebro.addanalyzer(A)
    cerebro.addstrategy(bt.Strategy)
    cerebro.run()
    assert seen['data'] is d0 and seen['data1'] is d1
    assert seen['data_close'] is d0.lines.close is seen['data_0']
    assert seen['data0_3'] is d0.lines[3] is d0.lines.open
    assert seen['data1_close'] is d1.lines.close
    assert seen['data1_1'] is d1.lines[1] is d1.lines.low
