# optstrategy in one process (maxcpus=1) over many combinations of the reference
# strategy; prints the resident memory after selected combinations.
# usage: optmem.py --data FILE [--combos 100]
# stdout: one line per combination count: "combos=N rss_mib=X peak_mib=Y"
import argparse
import resource
import sys
import time

import backtrader as bt

from common import minute_feed

_PAGE = 4096
_marks = []


def rss_mib():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * _PAGE / 2 ** 20


class SmaCross(bt.Strategy):
    params = dict(fast=10, slow=30)

    def __init__(self):
        f = bt.ind.SMA(period=self.p.fast)
        s = bt.ind.SMA(period=self.p.slow)
        self.cross = bt.ind.CrossOver(f, s)
        self.rsi = bt.ind.RSI(period=14)
        self.atr = bt.ind.ATR(period=14)

    def next(self):
        if not self.position:
            if self.cross > 0:
                self.buy(size=10)
        elif self.cross < 0:
            self.close()

    def stop(self):
        _marks.append((rss_mib(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--combos', type=int, default=100)
    a = ap.parse_args()
    nfast = 10
    nslow = max(a.combos // nfast, 1)
    c = bt.Cerebro(maxcpus=1, optreturn=True)
    c.adddata(minute_feed(a.data))
    c.broker.setcash(100000)
    c.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    c.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    c.optstrategy(SmaCross, fast=list(range(5, 5 + nfast)),
                  slow=list(range(30, 30 + nslow)))
    t = time.perf_counter()
    res = c.run()
    print('seconds=%.3f' % (time.perf_counter() - t), file=sys.stderr)
    n = len(res)
    for k in sorted({1, 2, 5, 10, 25, 50, n // 2, n}):
        if 1 <= k <= n:
            now, peak = _marks[k - 1]
            print('combos=%d rss_mib=%.1f peak_mib=%.1f' % (k, now, peak))


if __name__ == '__main__':
    main()
