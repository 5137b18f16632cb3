#!/usr/bin/env python3
"""Peak memory of the memory-saving modes against the bar count, and of a
one-process optimisation against the number of combinations.

* ``exactbars=1`` (and ``preload=False``) on the reference workload, and
  ``exactbars=1`` on a daily-to-weekly resample (``workloads/resample_weekly.py``),
  at 100k and 1M bars (10M with ``--huge``): peak RSS and seconds of this project,
  one fresh process per run (``peakmem.py``); upstream beside it up to
  ``--upstream-max`` bars.
* ``optstrategy`` with ``maxcpus=1`` over 100 combinations
  (``workloads/optmem.py``): resident memory after 1, 10, 50 and 100 runs.

    nice python3 benchmarks/bench_memory.py
    nice python3 benchmarks/bench_memory.py --huge          # adds 10M bars (minutes)
    nice python3 benchmarks/bench_memory.py --only opt
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_vs_upstream import ORACLE, REPO, SHARED_BENCH, gen, run  # noqa: E402

sys.path.insert(0, str(HERE / 'workloads'))
from dailybars import daily_file  # noqa: E402

# mode -> (workload, its arguments)
MODES = {'exactbars1': (SHARED_BENCH / 'smacross.py', ['--exactbars', '1']),
         'nopreload': (SHARED_BENCH / 'smacross.py', ['--preload', '0']),
         'resample': (HERE / 'workloads' / 'resample_weekly.py', ['--exactbars', '1'])}


def bars_memory(folder: Path, sizes: list, modes: list, upstream_max: int) -> None:
    print('%-11s %9s %10s %9s %10s %9s' % ('mode', 'bars', 'ours s', 'ours MiB',
                                           'upstream s', 'up MiB'))
    for mode in modes:
        base = None
        for nbars in sizes:
            script, extra = MODES[mode]
            data = gen(nbars, folder)
            if mode == 'resample':
                daily_file(str(data))   # made once, outside the measured runs
            args = ['--data', str(data)] + extra
            us = run(REPO, script, args, measure_mem=True)
            up = (run(ORACLE, script, args, measure_mem=True)
                  if nbars <= upstream_max else None)
            mib = us['maxrss_kb'] / 1024
            base = base or mib
            print('%-11s %9d %10.2f %9.0f %10s %9s   (x%.2f of the smallest)' % (
                mode, nbars, us['seconds'], mib,
                '%.2f' % up['seconds'] if up else '-',
                '%.0f' % (up['maxrss_kb'] / 1024) if up else '-', mib / base), flush=True)
            if up and up['stdout'] != us['stdout']:
                print('    OUTPUT DIFFERS: %r / %r' % (up['stdout'], us['stdout']))


def opt_memory(folder: Path, nbars: int, combos: int) -> None:
    data = gen(nbars, folder)
    for label, path in (('ours', REPO), ('upstream', ORACLE)):
        proc = subprocess.run([sys.executable, str(HERE / 'workloads' / 'optmem.py'),
                               '--data', str(data), '--combos', str(combos)],
                              env=dict(os.environ, PYTHONPATH=str(path)),
                              capture_output=True, text=True, check=True)
        print('optstrategy maxcpus=1, %d bars, %s (%s):' % (nbars, label,
                                                            proc.stderr.strip()))
        print('    ' + proc.stdout.strip().replace('\n', '\n    '), flush=True)
        if label == 'ours' and nbars * combos > 2_000_000:
            break       # upstream takes minutes there: run it with smaller sizes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--huge', action='store_true', help='add a 10M-bar run')
    ap.add_argument('--only', help="'bars' or 'opt'")
    ap.add_argument('--modes', default='exactbars1,nopreload,resample')
    ap.add_argument('--upstream-max', type=int, default=100000,
                    help='run upstream up to this many bars (default 100000)')
    ap.add_argument('--opt-bars', type=int, default=10000)
    ap.add_argument('--combos', type=int, default=100)
    a = ap.parse_args()
    folder = Path(tempfile.gettempdir()) / 'bt-bench-data'
    folder.mkdir(exist_ok=True)
    if a.only in (None, 'bars'):
        sizes = [100000, 1000000] + ([10000000] if a.huge else [])
        bars_memory(folder, sizes, a.modes.split(','), a.upstream_max)
    if a.only in (None, 'opt'):
        opt_memory(folder, a.opt_bars, a.combos)
    return 0


if __name__ == '__main__':
    sys.exit(main())
