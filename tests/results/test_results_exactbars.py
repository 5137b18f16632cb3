"""Per-bar results of a memory-saving run (exactbars >= 1) cannot be built: the
run kept only its last bars. They say so (a typed error naming the cause);
the tables that do not need every bar still come out."""
from __future__ import annotations

import pytest

import backtrader as bt
from backtrader import results
from backtrader.results.frames import ResultsError

from conftest import DATAS


class _Trader(bt.Strategy):
    def __init__(self):
        self.sma = bt.ind.SMA(period=10)

    def next(self):
        if not self.position and self.data.close[0] > self.sma[0]:
            self.buy()
        elif self.position and self.data.close[0] < self.sma[0]:
            self.close()


def _run(exactbars):
    cerebro = bt.Cerebro(exactbars=exactbars)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(_Trader)
    return cerebro.run()[0]


@pytest.mark.parametrize('reader', [results.positions, results.equity, results.summary,
                                    results.bar_index])
def test_per_bar_results_of_a_memory_saving_run_raise_a_clear_error(reader):
    with pytest.raises(ResultsError, match='exactbars'):
        reader(_run(1))


def test_tables_without_every_bar_come_out_the_same():
    saved, full = _run(1), _run(0)
    # (refs count every trade and order of the process: not compared)
    assert results.trades(saved).drop(columns='ref').equals(
        results.trades(full).drop(columns='ref'))
    assert results.orders(saved).drop(columns='ref').equals(
        results.orders(full).drop(columns='ref'))
    assert len(results.positions(full)) == 255
