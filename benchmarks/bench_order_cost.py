#!/usr/bin/env python3
"""Cost of the order path: CPU microseconds per order of the reference workload.

The same strategy runs trading and not trading (same bars, indicators,
analyzers and observers); the difference over the orders placed is what an
order costs end to end (creation, submission check, fill, notifications,
trade bookkeeping, observers and analyzers). Runs alternate between the
checkouts compared so drift hits them alike; the fastest run of each counts.

    python3 benchmarks/bench_order_cost.py                     # this checkout
    python3 benchmarks/bench_order_cost.py --other PATH        # and another one
    python3 benchmarks/bench_order_cost.py --other .oracle     # and upstream
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_vs_upstream import REPO, gen  # noqa: E402

WORKLOAD = REPO / 'benchmarks' / 'workloads' / 'smacross_orders.py'


def run(pythonpath: Path, data: Path, runonce: int, trade: int) -> tuple:
    """(CPU seconds, orders) of one run."""
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    proc = subprocess.run([sys.executable, str(WORKLOAD), '--data', str(data), '--runonce',
                           str(runonce), '--trade', str(trade)], env=env, capture_output=True,
                          text=True)
    if proc.returncode != 0:
        raise SystemExit('failed (%s):\n%s' % (pythonpath, proc.stderr))
    secs = float(re.search(r'seconds=([0-9.]+)', proc.stderr).group(1))
    return secs, int(re.search(r'orders=(\d+)', proc.stdout).group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--bars', type=int, default=200000)
    ap.add_argument('--repeat', type=int, default=4, help='runs per side and case')
    ap.add_argument('--other', action='append', default=[],
                    help='another checkout (its package folder\'s parent) to compare')
    a = ap.parse_args()
    folder = Path(tempfile.gettempdir()) / 'bt-bench-data'
    folder.mkdir(exist_ok=True)
    data = gen(a.bars, folder)
    sides = [('this', REPO)] + [(str(p), Path(p).resolve()) for p in a.other]
    for runonce in (1, 0):
        best = {}
        for _ in range(a.repeat):
            for name, path in sides:
                for trade in (1, 0):
                    secs, orders = run(path, data, runonce, trade)
                    key = (name, trade)
                    if key not in best or secs < best[key][0]:
                        best[key] = (secs, orders)
        for name, _ in sides:
            (with_orders, n), (without, _) = best[(name, 1)], best[(name, 0)]
            print('%-8s %-30s %6.3f s trading, %6.3f s not: %d orders, %5.1f us per order'
                  % ('runonce' if runonce else 'next', name, with_orders, without, n,
                     1e6 * (with_orders - without) / max(n, 1)), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
