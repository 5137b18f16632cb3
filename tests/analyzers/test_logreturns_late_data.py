"""``LogReturnsRolling`` (and the ``LogReturns`` observer) tracking a data that
starts after the strategy's clock (a second data with earlier bars): upstream
starts a period from the tracked data's first bar -- its open with
``firstopen``, else its close -- while that data holds at most one bar, then
from the last value; ``TimeReturn`` starts from the last value at once.

The expected outputs are upstream's (1.9.78.123), printed by ``PERIODS`` and
``PER_BAR`` under ``PYTHONPATH=.oracle`` (data read from ``D``).
"""
from __future__ import annotations

import pytest

from conftest import DATAS, printed_lines

PERIODS = r'''import backtrader as bt, datetime
class S(bt.Strategy):
    def prenext(self): self.next()
    def next(self):
        if len(self) < 7:
            print(len(self), self.datetime.date(0), len(self.data0), self.data0.close[0], self.data0.open[0], self.data1.close[0])
for fo in (True, False):
    c = bt.Cerebro(stdstats=False)
    kw = dict(fromdate=datetime.datetime(2006, 2, 1), todate=datetime.datetime(2006, 7, 31))
    d0 = bt.feeds.BacktraderCSVData(dataname=D+'2006-day-002.txt', **kw)
    c.adddata(d0)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=D+'2006-day-001.txt', **kw))
    c.addanalyzer(bt.analyzers.LogReturnsRolling, data=d0, firstopen=fo, _name='lr')
    c.addanalyzer(bt.analyzers.TimeReturn, data=d0, firstopen=fo, _name='tr')
    c.addstrategy(S); r = c.run()[0]
    for n in ('lr', 'tr'):
        a = r.analyzers.getbyname(n).get_analysis()
        print(n, [(k.date(), round(v, 8)) for k, v in list(a.items())[:6]])
'''

PERIODS_EXPECTED = '''1 2006-02-01 0 3710.6 3649.29 3728.25
2 2006-02-02 1 3677.05 3686.16 3677.05
3 2006-02-03 1 3677.05 3686.16 3678.48
4 2006-02-06 2 3682.32 3677.05 3682.32
5 2006-02-07 2 3682.32 3677.05 3680.8
6 2006-02-08 3 3671.37 3682.97 3671.37
lr [(datetime.date(2006, 2, 1), 0.01666096), (datetime.date(2006, 2, 2), -0.00247447), (datetime.date(2006, 2, 3), -0.00247447), (datetime.date(2006, 2, 6), 0.00143219), (datetime.date(2006, 2, 7), 0.0), (datetime.date(2006, 2, 8), -0.0029781)]
tr [(datetime.date(2006, 2, 1), 0.01680053), (datetime.date(2006, 2, 2), -0.00904166), (datetime.date(2006, 2, 3), 0.0), (datetime.date(2006, 2, 6), 0.00143321), (datetime.date(2006, 2, 7), 0.0), (datetime.date(2006, 2, 8), -0.00297367)]
1 2006-02-01 0 3710.6 3649.29 3728.25
2 2006-02-02 1 3677.05 3686.16 3677.05
3 2006-02-03 1 3677.05 3686.16 3678.48
4 2006-02-06 2 3682.32 3677.05 3682.32
5 2006-02-07 2 3682.32 3677.05 3680.8
6 2006-02-08 3 3671.37 3682.97 3671.37
lr [(datetime.date(2006, 2, 1), 0.0), (datetime.date(2006, 2, 2), 0.0), (datetime.date(2006, 2, 3), 0.0), (datetime.date(2006, 2, 6), 0.00143219), (datetime.date(2006, 2, 7), 0.0), (datetime.date(2006, 2, 8), -0.0029781)]
tr [(datetime.date(2006, 2, 1), 0.0), (datetime.date(2006, 2, 2), -0.00904166), (datetime.date(2006, 2, 3), 0.0), (datetime.date(2006, 2, 6), 0.00143321), (datetime.date(2006, 2, 7), 0.0), (datetime.date(2006, 2, 8), -0.00297367)]'''

PER_BAR = r'''import backtrader as bt, datetime, sys
class S(bt.Strategy):
    def show(self, tag):
        if len(self) < 7:
            a = self.analyzers.lr.get_analysis()
            print(tag, len(self), self.datetime.date(0), len(self.data0), [(k.day, round(v, 6)) for k, v in a.items()])
    def prenext(self): self.show('pre')
    def nextstart(self): self.show('start')
    def next(self): self.show('next')
mode = 'late'
for comp in (1, 2):
    c = bt.Cerebro(stdstats=False)
    kw = dict(fromdate=datetime.datetime(2006, 2, 1), todate=datetime.datetime(2006, 7, 31))
    d0 = bt.feeds.BacktraderCSVData(dataname=D+'2006-day-002.txt', **kw)
    d1 = bt.feeds.BacktraderCSVData(dataname=D+'2006-day-001.txt', **kw)
    c.adddata(d0); c.adddata(d1)
    c.addanalyzer(bt.analyzers.LogReturnsRolling, data=d0, compression=comp, _name='lr')
    if mode == 'ind':
        S.__init__ = lambda self: setattr(self, 'x', bt.ind.SMA(self.data1, period=4))
    c.addstrategy(S); r = c.run()[0]
'''

PER_BAR_EXPECTED = '''pre 1 2006-02-01 0 []
start 2 2006-02-02 1 [(1, 0.016661)]
start 3 2006-02-03 1 [(1, 0.016661), (2, -0.002474)]
next 4 2006-02-06 2 [(1, 0.016661), (2, -0.002474), (3, -0.002474)]
next 5 2006-02-07 2 [(1, 0.016661), (2, -0.002474), (3, -0.002474), (6, 0.001432)]
next 6 2006-02-08 3 [(1, 0.016661), (2, -0.002474), (3, -0.002474), (6, 0.001432), (7, 0.0)]
pre 1 2006-02-01 0 []
start 2 2006-02-02 1 [(1, nan)]
start 3 2006-02-03 1 [(1, nan), (2, 0.007578)]
next 4 2006-02-06 2 [(1, nan), (2, 0.007578), (3, -0.002474)]
next 5 2006-02-07 2 [(1, nan), (2, 0.007578), (3, -0.002474), (6, -0.001042)]
next 6 2006-02-08 3 [(1, nan), (2, 0.007578), (3, -0.002474), (6, -0.001042), (7, 0.001432)]'''


@pytest.mark.parametrize('script, expected', [(PERIODS, PERIODS_EXPECTED),
                                              (PER_BAR, PER_BAR_EXPECTED)],
                         ids=['periods', 'per-bar'])
def test_log_returns_of_a_late_data_as_upstream(script, expected):
    assert printed_lines(script, D=str(DATAS) + '/', __name__='script') == \
        expected.splitlines()
