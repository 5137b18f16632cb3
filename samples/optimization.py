#!/usr/bin/env python3
"""Optimise the SMA periods of a crossover system over several processes."""
import argparse

import backtrader as bt
from backtrader.sampledata import sample_path


class SmaCross(bt.Strategy):
    params = dict(fast=10, slow=30)

    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=self.p.fast),
                                      bt.ind.SMA(period=self.p.slow))

    def next(self):
        if not self.position and self.cross > 0:
            self.buy(size=10)
        elif self.position and self.cross < 0:
            self.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--data', default=sample_path())
    ap.add_argument('--maxcpus', type=int, default=2)
    args = ap.parse_args()
    cerebro = bt.Cerebro(maxcpus=args.maxcpus)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=args.data))
    cerebro.broker.setcash(100000.0)
    cerebro.optstrategy(SmaCross, fast=range(5, 25, 5), slow=range(30, 70, 10))
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    cerebro.addanalyzer(bt.analyzers.Returns, _name='ret')
    results = cerebro.run()
    rows = []
    for (res,) in results:
        rows.append((res.analyzers.ret.get_analysis()['rtot'], res.p.fast, res.p.slow,
                     res.analyzers.ta.get_analysis().total.total))
    for rtot, fast, slow, trades in sorted(rows, reverse=True):
        print('fast=%2d slow=%2d trades=%3d log-return=%+.4f' % (fast, slow, trades, rtot))


if __name__ == '__main__':
    main()
