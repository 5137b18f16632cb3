#!/usr/bin/env python3
"""Daily bars resampled to weeks, in the classic API (runs under upstream too).

The reference workload's minute file is turned into daily bars (same prices, one
bar per day from 1800-01-01, written once beside it as ``*.daily.csv``), added
as data0 and resampled to weeks as data1. The strategy trades the SMA(10)/SMA(30)
crossover of the days while the close is above the SMA(10) of the weeks; the
TradeAnalyzer and DrawDown analyzers and the standard observers are on.

usage: resample_weekly.py --data MINUTE_BARS.csv [--exactbars N] [--preload 0|1]
Prints the result on stdout and seconds=... on stderr.
"""
import argparse

import backtrader as bt

from common import timed_run
from dailybars import daily_file


class WeeklyFilteredCross(bt.Strategy):
    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(self.data0, period=10),
                                      bt.ind.SMA(self.data0, period=30))
        self.weekly = bt.ind.SMA(self.data1, period=10)

    def next(self):
        if not self.position:
            if self.cross > 0 and self.data0.close[0] > self.weekly[0]:
                self.buy(size=10)
        elif self.cross < 0:
            self.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--exactbars', type=int, default=0)
    ap.add_argument('--preload', type=int, default=1)
    a = ap.parse_args()
    path = daily_file(a.data)
    c = bt.Cerebro(exactbars=a.exactbars, preload=bool(a.preload))
    data = bt.feeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d',
                                   timeframe=bt.TimeFrame.Days, datetime=0, open=1, high=2,
                                   low=3, close=4, volume=5, openinterest=6, time=-1)
    c.adddata(data)
    c.resampledata(data, timeframe=bt.TimeFrame.Weeks)
    c.broker.setcash(100000)
    c.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    c.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    c.addstrategy(WeeklyFilteredCross)
    s = timed_run(c)[0]
    print('value=%.4f trades=%s maxdd=%.6f' % (
        c.broker.getvalue(), s.analyzers.ta.get_analysis().get('total', {}).get('total', 0),
        s.analyzers.dd.get_analysis()['max']['drawdown']))


if __name__ == '__main__':
    main()
