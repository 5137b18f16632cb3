"""Operators of line objects in a strategy's next() (stage 2): with a number
and with another line object on either side -- a line on the right answers
through its reflected operator (``c > sma`` is ``sma < c``).

The expected rows are upstream's output: the script below run with
``PYTHONPATH=.oracle`` (backtrader 1.9.78.123), runonce and next mode giving
the same rows.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import backtrader as bt

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'

# len(self), then each expression of _Reader.next, as upstream prints them
UPSTREAM = [
    '5 True True 29.318000 -3636.672000 1818.836000 False True True True True 7317.230000 '
    '13339306.847280 7289.654500 True False False',
    '6 True True 20.618000 -3650.162000 1825.581000 False True True True False 7343.560000 '
    '13406263.608360 7313.043250 True False True',
    '40 True True 25.196000 -3799.804000 1900.402000 False True True True False 7652.000000 '
    '14541876.104000 7615.699730 True False True',
    '41 True True 24.992000 -3814.568000 1907.784000 False True True True True 7666.560000 '
    '14653917.838080 7643.295865 True False False',
]


class _Reader(bt.Strategy):
    def __init__(self):
        self.sma = bt.ind.SMA(period=5)
        self.ema = bt.ind.EMA(period=3)
        self.rows = []

    def next(self):
        c, s, e, d1 = self.data.close, self.sma, self.ema, self.datas[1]
        if len(self) in (5, 6, 40, 41):
            self.rows.append(' '.join(str(v) for v in (
                len(self), c > s, s < c, '%.6f' % (c - s), '%.6f' % (1 - s), '%.6f' % (s / 2),
                s == e, s != e, e >= s, e <= c, self.data > d1, '%.6f' % (d1.close + c),
                '%.6f' % (c * s), '%.6f' % (s + e), c > 3600, c < 3600.5, d1.close >= c)))


@pytest.mark.parametrize('runonce', [True, False])
def test_operators_in_next_equal_upstream(runonce):
    cer = bt.Cerebro(stdstats=False)
    for name in ('2006-day-001.txt', '2006-day-002.txt'):
        cer.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / name)))
    cer.addstrategy(_Reader)
    assert cer.run(runonce=runonce)[0].rows == UPSTREAM


def test_results_are_plain_python_values():
    # the comparisons give bools, the arithmetic floats (not line objects)
    cer = bt.Cerebro(stdstats=False)
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    seen = []

    class _Types(bt.Strategy):
        def __init__(self):
            self.sma = bt.ind.SMA(period=3)

        def next(self):
            c, s = self.data.close, self.sma
            seen.append(tuple(type(v) for v in (c > s, s < 1, c - s, 2 * s, c == s)))

    cer.addstrategy(_Types)
    cer.run()
    assert seen and set(seen) == {(bool, bool, float, float, bool)}
