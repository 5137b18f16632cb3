# The reference workload (../shared/bench/smacross.py: SMA crossover with RSI,
# ATR, three analyzers and the standard observers) with checkpoints:
# --checkpoint-every N writes one every N bars (0: off) to --checkpoint.
# stdout: the reference workload's result line (then, with checkpoints, their
# count and the file's size); stderr: seconds=... (cerebro.run(),
# the last checkpoint's write included).
import argparse
import os
import sys
import tempfile
import time

import backtrader as bt

from common import minute_feed


class SmaCross(bt.Strategy):
    params = dict(fast=10, slow=30)

    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=self.p.fast),
                                      bt.ind.SMA(period=self.p.slow))
        self.rsi = bt.ind.RSI(period=14)
        self.atr = bt.ind.ATR(period=14)

    def next(self):
        if not self.position:
            if self.cross > 0:
                self.buy(size=10)
        elif self.cross < 0:
            self.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--runonce', type=int, default=1)
    ap.add_argument('--exactbars', type=int, default=0)
    ap.add_argument('--checkpoint-every', type=int, default=0)
    ap.add_argument('--checkpoint', default=None)
    a = ap.parse_args()
    c = bt.Cerebro(runonce=bool(a.runonce), exactbars=a.exactbars)
    c.adddata(minute_feed(a.data))
    c.broker.setcash(100000)
    c.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    c.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    c.addanalyzer(bt.analyzers.SQN, _name='sqn')
    c.addstrategy(SmaCross)
    kw = {}
    if a.checkpoint_every:
        path = a.checkpoint or os.path.join(tempfile.mkdtemp(), 'bench.ckpt')
        kw = dict(checkpoint=path, checkpoint_every=a.checkpoint_every)
    t = time.perf_counter()
    res = c.run(**kw)
    dt = time.perf_counter() - t
    s = res[0]
    print('value=%.4f trades=%s maxdd=%.6f sqn=%.6f' % (
        c.broker.getvalue(), s.analyzers.ta.get_analysis().get('total', {}).get('total', 0),
        s.analyzers.dd.get_analysis()['max']['drawdown'], s.analyzers.sqn.get_analysis()['sqn']))
    if kw:
        info = bt.state.checkpoint_info(kw['checkpoint'])
        print('checkpoints=%d size_kb=%d' % (info['checkpoints'],
                                             os.path.getsize(kw['checkpoint']) // 1024))
    print('seconds=%.3f' % dt, file=sys.stderr)


if __name__ == '__main__':
    main()
