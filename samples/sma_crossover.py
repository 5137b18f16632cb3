#!/usr/bin/env python3
"""SMA crossover with an RSI filter on the shipped sample data."""
import argparse

import backtrader as bt
from backtrader.sampledata import sample_path


class SmaRsi(bt.Strategy):
    params = dict(fast=10, slow=30, rsi_max=70)

    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=self.p.fast),
                                      bt.ind.SMA(period=self.p.slow))
        self.rsi = bt.ind.RSI(period=14)

    def next(self):
        if not self.position:
            if self.cross > 0 and self.rsi < self.p.rsi_max:
                self.order_target_percent(target=0.9)
        elif self.cross < 0:
            self.close()

    def notify_trade(self, trade):
        if trade.isclosed:
            print('%s trade closed: gross %.2f net %.2f' % (
                self.data.datetime.date(0), trade.pnl, trade.pnlcomm))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--data', default=sample_path())
    ap.add_argument('--cash', type=float, default=100000.0)
    args = ap.parse_args()
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=args.data))
    cerebro.addstrategy(SmaRsi)
    cerebro.broker.setcash(args.cash)
    cerebro.broker.setcommission(commission=0.001)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio, timeframe=bt.TimeFrame.Years, _name='sharpe')
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    strat = cerebro.run()[0]
    print('final value %.2f' % cerebro.broker.getvalue())
    print('sharpe', strat.analyzers.sharpe.get_analysis()['sharperatio'])
    print('max drawdown %.2f%%' % strat.analyzers.dd.get_analysis().max.drawdown)


if __name__ == '__main__':
    main()
