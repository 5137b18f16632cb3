"""What the classic-API workloads share: their command line, the minute-bar
CSV of ``gen_bars.py`` as a feed, and the timed ``cerebro.run()`` (seconds
on stderr, where ``bench_vs_upstream.py`` reads them)."""
import argparse
import sys
import time

import backtrader as bt


def arguments():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--runonce', type=int, default=1)
    return ap.parse_args()


def minute_feed(path):
    return bt.feeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d %H:%M:%S',
                                   timeframe=bt.TimeFrame.Minutes, datetime=0, open=1,
                                   high=2, low=3, close=4, volume=5, openinterest=6)


def timed_run(cerebro):
    """``cerebro.run()``'s result; its duration goes to stderr."""
    t = time.perf_counter()
    res = cerebro.run()
    print('seconds=%.3f' % (time.perf_counter() - t), file=sys.stderr)
    return res
