#!/usr/bin/env python3
"""Instructions per order and per bar of the reference workload, counted by
valgrind (callgrind), for this checkout and others (upstream included).

Timings on a shared VM move by 10-20% from run to run and by more between
VMs of the same kind (docs/performance.md); a change worth 3% cannot be seen
in them. The number of machine instructions a run executes barely moves
(PYTHONHASHSEED fixed, repeated runs agree within ~3 million of ~3 billion),
so it shows such a change on any machine. It is a measure of work, not of time (cache
misses and branch mispredictions are not in it): confirm a gain in time with
``bench_order_cost.py`` or ``bench_targets.py`` on a quiet machine.

The workload (``workloads/smacross_orders.py``: the reference strategy,
trading or not on the same bars) runs under callgrind three times per
checkout: trading and not trading on ``--bars`` bars, and not trading on
``--few`` bars. Then

* per order = (trading - not trading) / orders placed;
* per bar   = (not trading on --bars - not trading on --few) / (bars - few);
* fixed     = the rest (interpreter start, imports, compiling the sources
  without .pyc files, setting the run up).

    apt-get install valgrind
    python3 benchmarks/bench_instructions.py                       # this checkout
    python3 benchmarks/bench_instructions.py --other ../base        # and another
    python3 benchmarks/bench_instructions.py --other .oracle        # and upstream (slow)

A run under callgrind is ~50x slower than without: 50k bars take about 45 s
for this project and ~15 minutes for upstream; ``--jobs`` runs at a time.
(50k bars, 1,940 orders: the spread of repeated runs is ~1,500 instructions
an order and ~60 a bar.)
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_order_cost import WORKLOAD  # noqa: E402
from bench_vs_upstream import REPO, gen  # noqa: E402


def count(pythonpath: Path, data: Path, trade: int) -> tuple:
    """(instructions, orders) of one run of the workload under callgrind."""
    env = dict(os.environ, PYTHONPATH=str(pythonpath), PYTHONHASHSEED='0')
    # the interpreter itself, not a wrapper script (pyenv's shims) around it
    cmd = ['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null',
           os.path.realpath(sys.executable), str(WORKLOAD), '--data', str(data),
           '--trade', str(trade)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True,
                          cwd=tempfile.gettempdir())
    found = re.search(r'Collected : (\d+)', proc.stderr)
    if proc.returncode != 0 or found is None:
        raise SystemExit('failed (%s):\n%s' % (pythonpath, proc.stderr[-2000:]))
    return int(found.group(1)), int(re.search(r'orders=(\d+)', proc.stdout).group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--bars', type=int, default=50000)
    ap.add_argument('--few', type=int, default=1000,
                    help='bars of the short run (per-bar cost: the difference)')
    ap.add_argument('--other', action='append', default=[],
                    help="another checkout (its package folder's parent) to compare")
    ap.add_argument('--jobs', type=int, default=2, help='runs under callgrind at a time')
    a = ap.parse_args()
    if shutil.which('valgrind') is None:
        raise SystemExit('valgrind not found (apt-get install valgrind)')
    folder = Path(tempfile.gettempdir()) / 'bt-bench-data'
    folder.mkdir(exist_ok=True)
    many, few = gen(a.bars, folder), gen(a.few, folder)
    sides = [('this', REPO)] + [(str(p), Path(p).resolve()) for p in a.other]
    runs = {(name, case): (path, data, trade) for name, path in sides
            for case, data, trade in (('trading', many, 1), ('not', many, 0),
                                      ('few', few, 0))}
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        futures = {key: pool.submit(count, *args) for key, args in runs.items()}
        got = {key: f.result() for key, f in futures.items()}
    print('%d bars (short run: %d), PYTHONHASHSEED=0; instructions' % (a.bars, a.few))
    print('| checkout | per order | per bar | fixed | orders | whole run |')
    print('|---|---:|---:|---:|---:|---:|')
    for name, _ in sides:
        (trading, orders), (plain, _), (short, _) = (
            got[(name, 'trading')], got[(name, 'not')], got[(name, 'few')])
        per_bar = (plain - short) / (a.bars - a.few)
        fixed = plain - per_bar * a.bars
        per_order = (trading - plain) / max(orders, 1)
        print('| %s | %.0f | %.0f | %.3g | %d | %.4g |'
              % (name, per_order, per_bar, fixed, orders, trading))
    return 0


if __name__ == '__main__':
    sys.exit(main())
