#!/usr/bin/env python3
"""Stop a backtest midway and resume it from its checkpoint.

The run is paused after ``--stop`` bars (default: half the data) with its
state written to a checkpoint file; a new Cerebro, set up the same way (as a
new process would), resumes it. The resumed run prints the trades the
uninterrupted run prints and ends with the same value -- the sample runs
all three and compares them.
"""
import argparse
import contextlib
import io
import os
import tempfile

import backtrader as bt
from backtrader.sampledata import sample_path


class TrailingCross(bt.Strategy):
    """Enters on an SMA crossover, protected by a trailing stop (an order
    that stays pending across the pause); counts its entries in
    ``self.state``."""

    params = dict(fast=10, slow=30, trail=0.04)

    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=self.p.fast),
                                      bt.ind.SMA(period=self.p.slow))
        self.state.register('entries', 0)
        self.stop_order = None

    def next(self):
        if not self.position:
            if self.cross > 0:
                self.buy(size=20)
                self.stop_order = self.sell(size=20, exectype=bt.Order.StopTrail,
                                            trailpercent=self.p.trail)
                self.state['entries'] += 1
        elif self.cross < 0:
            self.cancel(self.stop_order)
            self.close()

    def notify_trade(self, trade):
        if trade.isclosed:
            print('  %s trade closed: net %.2f' % (self.data.datetime.date(0), trade.pnlcomm))


def build(data_path):
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=data_path))
    cerebro.addstrategy(TrailingCross)
    cerebro.broker.setcash(10000.0)
    cerebro.broker.setcommission(commission=0.001)
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    return cerebro


def summary(cerebro, strat):
    return 'final value %.2f, entries %d, max drawdown %.4f%%' % (
        cerebro.broker.getvalue(), strat.state['entries'],
        strat.analyzers.dd.get_analysis()['max']['drawdown'])


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default=sample_path())
    ap.add_argument('--stop', type=int, default=None,
                    help='bars to run before pausing (default: half the data)')
    ap.add_argument('--checkpoint', default=None,
                    help='checkpoint file (default: in a temporary folder)')
    args = ap.parse_args()
    path = args.checkpoint or os.path.join(tempfile.mkdtemp(), 'run.ckpt')

    cerebro = build(args.data)
    with printed() as whole_lines:
        strat = cerebro.run()[0]
    whole = summary(cerebro, strat)
    stop = args.stop if args.stop is not None else len(strat) // 2
    print('uninterrupted run: %d bars, %d trades closed, %s'
          % (len(strat), len(whole_lines), whole))

    print('paused run:')
    cerebro = build(args.data)
    with printed() as first_lines:
        cerebro.run(checkpoint=path, stop_after=stop)
    print('\n'.join(first_lines))
    info = bt.state.checkpoint_info(path)
    print('  paused: %s after %d bars, checkpoint %s' % (cerebro.paused, info['bar'], path))

    print('resumed run:')
    cerebro = build(args.data)          # the same setup, built again
    with printed() as second_lines:
        strat = cerebro.resume(path)[0]
    print('\n'.join(second_lines))
    resumed = summary(cerebro, strat)
    print(' ', resumed)
    same = first_lines + second_lines == whole_lines and resumed == whole
    print('paused + resumed == uninterrupted (trades and %s): %s'
          % ('final value' if same else 'results', same))
    if not same:
        raise SystemExit(1)


@contextlib.contextmanager
def printed():
    """The lines printed inside the block (a list, filled when it ends)."""
    lines = []
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        yield lines
    lines.extend(buf.getvalue().splitlines())

if __name__ == '__main__':
    main()
