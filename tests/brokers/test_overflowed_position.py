"""A position whose price overflowed (sizes past the float range: a sizer
doubling a short's size every bar) is charged credit interest at a zero rate,
as upstream's broker charges every open position: 0 * inf is NaN, so cash goes
NaN on the next day (it stayed inf here). Found by the script fuzz (2 of 500
scripts, seed 12420; 2 of 300 under Python 3.13, seed 12431).

EXPECTED: ``SCRIPT`` run by upstream (``PYTHONPATH=.oracle``), DATA the shared
2006-day-001.txt.
"""
from __future__ import annotations

from conftest import DATAS, printed_lines

SCRIPT = '''
import datetime
import backtrader as bt
class S(bt.Strategy):
    def next(self):
        print(len(self), self.data.datetime.date(0), self.broker.getcash(), self.broker.getvalue(),
              self.position.size, self.position.price)
        if len(self) in (2, 3):
            self.sell(size=1e307)
for ro in (1, 0):
    c = bt.Cerebro(stdstats=False, runonce=bool(ro))
    c.adddata(bt.feeds.BacktraderCSVData(dataname=DATA, todate=datetime.datetime(2006, 1, 12)))
    c.addstrategy(S)
    c.run()
    print('end', c.broker.getcash(), c.broker.getvalue())
'''

# upstream prints the same in both modes (runonce, then next)
EXPECTED_ONE_MODE = '''1 2006-01-02 10000.0 10000.0 0 0.0
2 2006-01-03 10000.0 10000.0 0 0.0
3 2006-01-04 inf nan -1e+307 3615.23
4 2006-01-05 inf nan -2e+307 inf
5 2006-01-06 nan nan -2e+307 inf
6 2006-01-09 nan nan -2e+307 inf
7 2006-01-10 nan nan -2e+307 inf
8 2006-01-11 nan nan -2e+307 inf
end nan nan'''
EXPECTED = EXPECTED_ONE_MODE + '\n' + EXPECTED_ONE_MODE


def test_an_overflowed_short_position_makes_cash_nan_the_next_day():
    assert printed_lines(SCRIPT, DATA=str(DATAS / '2006-day-001.txt')) == EXPECTED.splitlines()
