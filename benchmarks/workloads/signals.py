# A signal-driven strategy (classic API): cerebro.add_signal with an SMA
# crossover as LONGSHORT signal and close-minus-EMA as LONGEXIT signal.
# stdout: final value and order count; stderr: seconds=... (cerebro.run()).
import argparse
import sys
import time

import backtrader as bt


class SmaCross(bt.Indicator):
    lines = ('signal',)
    params = (('fast', 10), ('slow', 30))

    def __init__(self):
        self.lines.signal = bt.ind.SMA(period=self.p.fast) - bt.ind.SMA(period=self.p.slow)


class CloseEma(bt.Indicator):
    lines = ('signal',)

    def __init__(self):
        self.lines.signal = self.data.close - bt.ind.EMA(period=20)


class Orders(bt.Analyzer):
    def start(self):
        self.count = 0

    def notify_order(self, order):
        if order.status == order.Completed:
            self.count += 1

    def get_analysis(self):
        return self.count


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
    c.add_signal(bt.SIGNAL_LONG, SmaCross)
    c.add_signal(bt.SIGNAL_SHORT, SmaCross)
    c.add_signal(bt.SIGNAL_LONGEXIT, CloseEma)
    c.addanalyzer(Orders)
    t = time.perf_counter()
    res = c.run()
    dt = time.perf_counter() - t
    print('value=%.6f orders=%d' % (c.broker.getvalue(), res[0].analyzers[0].get_analysis()))
    print('seconds=%.3f' % dt, file=sys.stderr)


if __name__ == '__main__':
    main()
