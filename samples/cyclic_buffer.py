#!/usr/bin/env python3
"""``bt.CyclicBuffer``: keep a rolling window of your own per-bar values
(here: daily ranges) and use the zero-copy window view with numpy."""
import argparse

import numpy as np

import backtrader as bt
from backtrader.sampledata import sample_path


class RangeBreakout(bt.Strategy):
    params = dict(window=20)

    def __init__(self):
        self.ranges = bt.CyclicBuffer(self.p.window)

    def next(self):
        self.ranges.append(self.data.high[0] - self.data.low[0])
        if len(self.ranges) < self.p.window:
            return
        window = self.ranges.to_array()          # oldest..newest, no copy
        wide = window[-1] > np.percentile(window, 90)
        if wide and not self.position and self.data.close[0] > self.data.open[0]:
            self.buy(size=10)
        elif self.position and len(self) % 10 == 0:
            self.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--data', default=sample_path())
    args = ap.parse_args()
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=args.data))
    cerebro.addstrategy(RangeBreakout)
    cerebro.run()
    print('final value %.2f' % cerebro.broker.getvalue())


if __name__ == '__main__':
    main()
