# Load a CSV and iterate it with an empty strategy (classic API); stdout: bar count,
# stderr: seconds=... (time of cerebro.run(), loading included).
import backtrader as bt

from common import arguments, minute_feed, timed_run


class Empty(bt.Strategy):
    def next(self):
        pass


def main():
    a = arguments()
    c = bt.Cerebro(stdstats=False, runonce=bool(a.runonce))
    c.adddata(minute_feed(a.data))
    c.addstrategy(Empty)
    res = timed_run(c)
    print('bars=%d' % len(res[0]))


if __name__ == '__main__':
    main()
