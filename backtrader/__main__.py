"""``python -m backtrader``: run a sample backtest on the synthetic data shipped
with the package and print a short summary.

Options: ``--data FILE`` (BacktraderCSVData layout), ``--fast N``, ``--slow N``,
``--cash X``, ``--runonce 0|1``, ``--exactbars N``, ``--progress`` (a progress bar
on stderr), ``--plot OUT.png`` (the matplotlib chart; any extension matplotlib
writes), ``--html OUT.html`` (the interactive chart: a self-contained page).
"""
from __future__ import annotations

import argparse
import sys
import time

import backtrader as bt
from backtrader.sampledata import sample_path


class SampleSmaCross(bt.Strategy):
    """Long when the fast SMA crosses above the slow one; flat on the cross down."""

    params = dict(fast=10, slow=30)

    def __init__(self) -> None:
        fast = bt.ind.SMA(period=self.p.fast)
        slow = bt.ind.SMA(period=self.p.slow)
        self.cross = bt.ind.CrossOver(fast, slow)

    def next(self) -> None:
        if not self.position:
            if self.cross > 0:
                self.order_target_percent(target=0.95)
        elif self.cross < 0:
            self.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog='python -m backtrader', description=__doc__.splitlines()[0])
    ap.add_argument('--data', default=sample_path(), help='CSV file (default: shipped sample)')
    ap.add_argument('--fast', type=int, default=10)
    ap.add_argument('--slow', type=int, default=30)
    ap.add_argument('--cash', type=float, default=100000.0)
    ap.add_argument('--runonce', type=int, default=1)
    ap.add_argument('--exactbars', type=int, default=0)
    ap.add_argument('--progress', action='store_true', help='progress bar on stderr')
    ap.add_argument('--plot', metavar='OUT.png', help='save the chart (needs matplotlib)')
    ap.add_argument('--html', metavar='OUT.html',
                    help='save the interactive chart (needs plotly)')
    args = ap.parse_args(argv)

    cerebro = bt.Cerebro(runonce=bool(args.runonce), exactbars=args.exactbars)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=args.data))
    cerebro.addstrategy(SampleSmaCross, fast=args.fast, slow=args.slow)
    cerebro.broker.setcash(args.cash)
    cerebro.broker.setcommission(commission=0.001)
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='trades')
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name='drawdown')
    cerebro.addanalyzer(bt.analyzers.SQN, _name='sqn')
    t0 = time.perf_counter()
    strat = cerebro.run(progress=args.progress)[0]
    elapsed = time.perf_counter() - t0

    data = strat.data
    trades = strat.analyzers.trades.get_analysis()
    closed = trades.get('total', {}).get('closed', 0)
    won = trades.get('won', {}).get('total', 0) if closed else 0
    dd = strat.analyzers.drawdown.get_analysis()
    sqn = strat.analyzers.sqn.get_analysis()
    start = cerebro.broker.startingcash
    end = cerebro.broker.getvalue()
    print('backtrader %s sample backtest' % bt.__version__)
    print('data      : %s (%d bars, %s .. %s)' % (
        data._name, len(data), data.datetime.date(-len(data) + 1), data.datetime.date(0)))
    print('strategy  : SMA(%d)/SMA(%d) crossover, long only' % (args.fast, args.slow))
    print('value     : %.2f -> %.2f (%+.2f%%)' % (start, end, 100.0 * (end / start - 1.0)))
    print('trades    : %d closed, %d won' % (closed, won))
    print('max dd    : %.2f%%' % dd['max']['drawdown'])
    print('sqn       : %s' % ('%.3f' % sqn['sqn'] if sqn['sqn'] is not None else 'n/a'))
    print('run time  : %.3f s' % elapsed)
    if args.plot:
        cerebro.plot(iplot=False, filename=args.plot, width=16, height=9, dpi=100)
        print('chart     : %s' % args.plot)
    if args.html:
        cerebro.plot(backend='plotly', iplot=False, filename=args.html, style='candle')
        print('html chart: %s' % args.html)
    return 0


if __name__ == '__main__':
    sys.exit(main())
