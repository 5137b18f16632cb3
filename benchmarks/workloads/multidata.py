# Several feeds, an SMA crossover trading each one (classic API).
# usage: multidata.py --data FILE [--data FILE ...] [--runonce 0|1] [--trade 0|1]
# stdout: final value, trades and drawdown (must match upstream); stderr: seconds=...
import argparse

import backtrader as bt

from common import minute_feed, timed_run


class MultiCross(bt.Strategy):
    params = dict(fast=10, slow=30, trade=True)

    def __init__(self):
        self.cross = [bt.ind.CrossOver(bt.ind.SMA(d, period=self.p.fast),
                                       bt.ind.SMA(d, period=self.p.slow))
                      for d in self.datas]

    def next(self):
        if not self.p.trade:
            return
        for d, cross in zip(self.datas, self.cross):
            if not self.getposition(d):
                if cross > 0:
                    self.buy(data=d, size=10)
            elif cross < 0:
                self.close(data=d)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', action='append', required=True)
    ap.add_argument('--runonce', type=int, default=1)
    ap.add_argument('--trade', type=int, default=1)
    a = ap.parse_args()
    c = bt.Cerebro(runonce=bool(a.runonce))
    for path in a.data:
        c.adddata(minute_feed(path))
    c.broker.setcash(1000000)
    c.addstrategy(MultiCross, trade=bool(a.trade))
    c.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    c.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    res = timed_run(c)
    s = res[0]
    print('value=%.4f trades=%s maxdd=%.6f' % (
        c.broker.getvalue(), s.analyzers.ta.get_analysis().get('total', {}).get('total', 0),
        s.analyzers.dd.get_analysis()['max']['drawdown']))


if __name__ == '__main__':
    main()
