"""``CalendarDays`` on a feed with lines of its own (Yahoo's ``adjclose``): the
filling bars keep the values of the bar just loaded in those lines, as
upstream's (they were NaN). Open, high, low and close are the fill price,
volume and open interest the fill values.

The expected output is upstream's (1.9.78.123), printed by ``SCRIPT`` under
``PYTHONPATH=.oracle`` (``DATA``: orcl-1995-2014.txt).
"""
from __future__ import annotations

from conftest import DATAS, printed_lines

SCRIPT = r'''import backtrader as bt, datetime
class S(bt.Strategy):
    def next(self):
        d = self.data
        print(len(self), d.datetime.date(0), [d.lines[i][0] for i in range(d.lines.size())][:6], d.adjclose[0])
for ro, pl in ((1, 1), (0, 1), (1, 0)):
    print('MODE', ro, pl)
    c = bt.Cerebro(stdstats=False, runonce=bool(ro), preload=bool(pl))
    data = bt.feeds.YahooFinanceCSVData(dataname=DATA, fromdate=datetime.datetime(2008, 6, 18),
                                        todate=datetime.datetime(2008, 6, 25))
    data.addfilter(bt.filters.CalendarDays, fill_price=0)
    c.adddata(data)
    c.addstrategy(S)
    c.run()
'''

EXPECTED = '''MODE 1 1
1 2008-06-18 [19.96, 19.76, 20.16, 19.88, 26024337.0, 0.0] 19.960167
2 2008-06-19 [20.19, 19.81, 20.46, 19.86, 46236816.0, 0.0] 20.191431
3 2008-06-20 [19.66, 19.49, 20.17, 20.14, 59151545.0, 0.0] 19.657726
4 2008-06-21 [19.66, 19.66, 19.66, 19.66, nan, nan] 19.639942
5 2008-06-22 [19.66, 19.66, 19.66, 19.66, nan, nan] 19.639942
6 2008-06-23 [19.66, 19.66, 19.66, 19.66, nan, nan] 19.639942
7 2008-06-23 [19.64, 19.42, 19.93, 19.84, 36643127.0, 0.0] 19.639942
8 2008-06-24 [19.77, 19.41, 19.96, 19.52, 31984842.0, 0.0] 19.773365
MODE 0 1
1 2008-06-18 [19.96, 19.76, 20.16, 19.88, 26024337.0, 0.0] 19.960167
2 2008-06-19 [20.19, 19.81, 20.46, 19.86, 46236816.0, 0.0] 20.191431
3 2008-06-20 [19.66, 19.49, 20.17, 20.14, 59151545.0, 0.0] 19.657726
4 2008-06-21 [19.66, 19.66, 19.66, 19.66, nan, nan] 19.639942
5 2008-06-22 [19.66, 19.66, 19.66, 19.66, nan, nan] 19.639942
6 2008-06-23 [19.66, 19.66, 19.66, 19.66, nan, nan] 19.639942
7 2008-06-23 [19.64, 19.42, 19.93, 19.84, 36643127.0, 0.0] 19.639942
8 2008-06-24 [19.77, 19.41, 19.96, 19.52, 31984842.0, 0.0] 19.773365
MODE 1 0
1 2008-06-18 [19.96, 19.76, 20.16, 19.88, 26024337.0, 0.0] 19.960167
2 2008-06-19 [20.19, 19.81, 20.46, 19.86, 46236816.0, 0.0] 20.191431
3 2008-06-20 [19.66, 19.49, 20.17, 20.14, 59151545.0, 0.0] 19.657726
3 2008-06-20 [19.66, 19.49, 20.17, 20.14, 59151545.0, 0.0] 19.657726
4 2008-06-21 [19.66, 19.66, 19.66, 19.66, nan, nan] 19.639942
5 2008-06-22 [19.66, 19.66, 19.66, 19.66, nan, nan] 19.639942
6 2008-06-23 [19.66, 19.66, 19.66, 19.66, nan, nan] 19.639942
7 2008-06-23 [19.64, 19.42, 19.93, 19.84, 36643127.0, 0.0] 19.639942
8 2008-06-24 [19.77, 19.41, 19.96, 19.52, 31984842.0, 0.0] 19.773365'''


def test_filling_bars_keep_the_loaded_bars_extra_lines():
    assert printed_lines(SCRIPT, DATA=str(DATAS / 'orcl-1995-2014.txt')) == \
        EXPECTED.splitlines()
