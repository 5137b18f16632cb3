# Load a CSV and iterate it with an empty strategy (classic API); stdout: bar count,
# stderr: seconds=... (time of cerebro.run(), loading included).
import argparse
import sys
import time

import backtrader as bt


class Empty(bt.Strategy):
    def next(self):
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--runonce', type=int, default=1)
    a = ap.parse_args()
    c = bt.Cerebro(stdstats=False, runonce=bool(a.runonce))
    data = bt.feeds.GenericCSVData(dataname=a.data, dtformat='%Y-%m-%d %H:%M:%S',
                                   timeframe=bt.TimeFrame.Minutes, datetime=0, open=1,
                                   high=2, low=3, close=4, volume=5, openinterest=6)
    c.adddata(data)
    c.addstrategy(Empty)
    t = time.perf_counter()
    res = c.run()
    dt = time.perf_counter() - t
    print('bars=%d' % len(res[0]))
    print('seconds=%.3f' % dt, file=sys.stderr)


if __name__ == '__main__':
    main()
