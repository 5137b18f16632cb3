#!/usr/bin/env python3
"""Two feeds in one strategy: trade the sample series when it is stronger than
a smoothed copy of itself shifted in time (a stand-in second market)."""
import argparse
import io

import backtrader as bt
from backtrader.sampledata import sample_path, make_daily_bars


def second_market_csv() -> io.StringIO:
    dates, o, h, l, c, v = make_daily_bars(nbars=2000, seed=99, start='2011-01-03')
    rows = ['Date,Open,High,Low,Close,Volume,OpenInterest']
    rows += ['%s,%.2f,%.2f,%.2f,%.2f,%d,0' % (d.strftime('%Y-%m-%d'), *vals)
             for d, *vals in zip(dates, o, h, l, c, v)]
    return io.StringIO('\n'.join(rows) + '\n')


class Relative(bt.Strategy):
    def __init__(self):
        self.mom0 = bt.ind.ROC(self.data0, period=20) if hasattr(bt.ind, 'ROC') else \
            self.data0.close / self.data0.close(-20) - 1.0
        self.mom1 = self.data1.close / self.data1.close(-20) - 1.0

    def next(self):
        if len(self.data1) < 21:
            return
        stronger = self.mom0[0] > self.mom1[0]
        if stronger and not self.getposition(self.data0):
            self.buy(data=self.data0, size=50)
        elif not stronger and self.getposition(self.data0):
            self.close(data=self.data0)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--data', default=sample_path())
    args = ap.parse_args()
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=args.data), name='sample')
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=second_market_csv()), name='other')
    cerebro.addstrategy(Relative)
    strat = cerebro.run()[0]
    print('bars: strategy %d, sample %d, other %d' % (len(strat), len(strat.data0),
                                                     len(strat.data1)))
    print('final value %.2f' % cerebro.broker.getvalue())


if __name__ == '__main__':
    main()
