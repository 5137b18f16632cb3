# The reference workload's strategy (SMA cross with RSI, ATR, three analyzers, standard
# observers), trading or not (--trade 0: the same bars and indicators, no order), for the
# cost of the order path. stdout: orders placed; stderr: seconds=... (CPU time of
# cerebro.run(), so a busy machine disturbs it less than wall time).
import argparse
import sys
import time

import backtrader as bt

from common import minute_feed


class SmaCross(bt.Strategy):
    params = dict(fast=10, slow=30, trade=True)

    def __init__(self):
        fast, slow = bt.ind.SMA(period=self.p.fast), bt.ind.SMA(period=self.p.slow)
        self.cross = bt.ind.CrossOver(fast, slow)
        self.rsi = bt.ind.RSI(period=14)
        self.atr = bt.ind.ATR(period=14)
        self.orders = 0

    def next(self):
        if not self.position:
            if self.cross > 0 and self.p.trade:
                self.buy(size=10)
                self.orders += 1
        elif self.cross < 0:
            self.close()
            self.orders += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--runonce', type=int, default=1)
    ap.add_argument('--trade', type=int, default=1)
    a = ap.parse_args()
    c = bt.Cerebro(runonce=bool(a.runonce))
    c.adddata(minute_feed(a.data))
    c.broker.setcash(100000)
    c.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    c.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    c.addanalyzer(bt.analyzers.SQN, _name='sqn')
    c.addstrategy(SmaCross, trade=bool(a.trade))
    t = time.process_time()
    strat = c.run()[0]
    print('seconds=%.3f' % (time.process_time() - t), file=sys.stderr)
    print('orders=%d value=%.4f' % (strat.orders, c.broker.getvalue()))


if __name__ == '__main__':
    main()
