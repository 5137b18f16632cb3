# optstrategy in one process (maxcpus=1) over many combinations of the reference
# strategy; prints the resident memory after selected combinations.
# usage: optmem.py --data FILE [--combos 100]
# stdout: one line per combination count: "combos=N rss_mib=X peak_mib=Y"
import argparse
import resource
import sys
import time
from pathlib import Path

import backtrader as bt

from common import minute_feed

# the reference workload's strategy (../shared/bench/smacross.py)
sys.path.insert(0, str(Path(__file__).resolve().parents[2].parent / 'shared' / 'bench'))
from smacross import SmaCross as ReferenceSmaCross  # noqa: E402

_PAGE = 4096
_marks = []


def rss_mib():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * _PAGE / 2 ** 20


class SmaCross(ReferenceSmaCross):
    """The reference strategy, noting the memory when each run stops."""

    def stop(self):
        _marks.append((rss_mib(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--combos', type=int, default=100)
    a = ap.parse_args()
    nfast = 10
    nslow = max(a.combos // nfast, 1)
    c = bt.Cerebro(maxcpus=1, optreturn=True)
    c.adddata(minute_feed(a.data))
    c.broker.setcash(100000)
    c.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    c.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    c.optstrategy(SmaCross, fast=list(range(5, 5 + nfast)),
                  slow=list(range(30, 30 + nslow)))
    t = time.perf_counter()
    res = c.run()
    print('seconds=%.3f' % (time.perf_counter() - t), file=sys.stderr)
    n = len(res)
    for k in sorted({1, 2, 5, 10, 25, 50, n // 2, n}):
        if 1 <= k <= n:
            now, peak = _marks[k - 1]
            print('combos=%d rss_mib=%.1f peak_mib=%.1f' % (k, now, peak))


if __name__ == '__main__':
    main()
