"""Prints the values recorded in test_mode_quirks.py (run it under the oracle:
``PYTHONPATH=.oracle python3 tests/indicators/gen_mode_quirks.py``)."""
import backtrader as bt, math, datetime
ind = bt.ind
class S(bt.Strategy):
    def __init__(self):
        sma = ind.SMA(self.data, period=15)
        self.x = dict(zlind=ind.ZLInd(sma, period=10), lrsi=ind.LRSI(sma), lagf=ind.LAGF(sma, gamma=0.7),
                      hurst=ind.Hurst(ind.EMA(self.data, period=5), period=20), dma=ind.DMA(sma))
    def stop(self):
        for k, o in self.x.items():
            a = [o.lines[0][-i] for i in range(len(self))][::-1]
            print(k, sum(1 for v in a if v == v), '%f' % a[-1], '%f' % a[-2])
for ro in (True, False):
    c = bt.Cerebro(runonce=ro, stdstats=False)
    c.adddata(bt.feeds.BacktraderCSVData(dataname='../shared/datas/2006-day-001.txt', fromdate=datetime.datetime(2006,1,1), todate=datetime.datetime(2006,12,31)))
    c.addstrategy(S); c.run()
