#!/usr/bin/env python3
"""Every indicator of the library on the same bars, runonce mode, this project
against upstream backtrader 1.9.78.123 measured in the same run.

One script (``workloads/indicators_all.py``) is run by upstream (``PYTHONPATH=
<repo>/.oracle``) and by this project; it builds one instance of every indicator
class (default parameters) in a strategy and times each one's vectorised
computation (``_once``, the whole array) separately, plus the total run. The
printed ratio is upstream seconds / our seconds (higher is better).

    python3 benchmarks/bench_indicators.py                 # 200k bars
    python3 benchmarks/bench_indicators.py --bars 20000    # quicker
    python3 benchmarks/bench_indicators.py --markdown /tmp/indicators.md   (figures: docs/performance.md)
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench_vs_upstream import gen   # same folder: the shared data generator call

REPO = Path(__file__).resolve().parent.parent
ORACLE = REPO / '.oracle'
WORKLOAD = Path(__file__).resolve().parent / 'workloads' / 'indicators_all.py'


def parse_times(text: str) -> dict:
    times = {}
    for row in text.splitlines():
        name, _, secs = row.partition(' ')
        times[name] = float(secs)
    return times


def run_side(pythonpath: Path, data: Path, only: str, save: str = '') -> dict:
    """``{name: seconds}`` (plus ``'TOTAL'``, ``'LOAD+RUN'``) printed by the workload."""
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    cmd = [sys.executable, str(WORKLOAD), str(data)] + ([only] if only else [])
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tempfile.gettempdir())
    if proc.returncode != 0:
        raise SystemExit('failed (PYTHONPATH=%s):\n%s' % (pythonpath, proc.stderr[-3000:]))
    if save:
        Path(save).write_text(proc.stdout)
    return parse_times(proc.stdout)


def table(up: dict, ours: dict, nbars: int) -> list:
    names = [n for n in up if n not in ('TOTAL', 'LOAD+RUN')]
    rows = ['| indicator | upstream s | ours s | ratio |', '|---|---:|---:|---:|']
    for name in sorted(names, key=lambda n: up[n] / max(ours[n], 1e-9)):
        rows.append('| %s | %.3f | %.4f | %.0fx |' % (name, up[name], ours[name],
                                                     up[name] / max(ours[name], 1e-9)))
    rows.append('| **all indicators (sum of the above)** | %.2f | %.3f | **%.0fx** |' % (
        up['TOTAL'], ours['TOTAL'], up['TOTAL'] / ours['TOTAL']))
    rows.append('| whole run incl. loading %d bars | %.2f | %.3f | %.1fx |' % (
        nbars, up['LOAD+RUN'], ours['LOAD+RUN'], up['LOAD+RUN'] / ours['LOAD+RUN']))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--bars', type=int, default=200_000)
    ap.add_argument('--only', default='', help='comma list of indicator names')
    ap.add_argument('--markdown', help='also write the table to this file')
    ap.add_argument('--save-upstream', default='', help='keep upstream\'s timings in this file')
    ap.add_argument('--upstream-times', default='',
                    help='reuse timings saved by --save-upstream (upstream is not run)')
    args = ap.parse_args()
    if not (ORACLE / 'backtrader').is_dir():
        raise SystemExit('upstream not installed in %s' % ORACLE)
    folder = Path(tempfile.gettempdir()) / 'bt_bench_data'
    folder.mkdir(exist_ok=True)
    data = gen(args.bars, folder)
    if args.upstream_times:
        up = parse_times(Path(args.upstream_times).read_text())
        ours = run_side(REPO, data, args.only)
        up = {k: v for k, v in up.items() if k in ours}
    else:
        # both sides at once (one process each; CPU times are measured)
        with ThreadPoolExecutor(max_workers=2) as pool:
            fut_up = pool.submit(run_side, ORACLE, data, args.only, args.save_upstream)
            fut_ours = pool.submit(run_side, REPO, data, args.only)
            up, ours = fut_up.result(), fut_ours.result()
    rows = table(up, ours, args.bars)
    names = [n for n in up if n not in ('TOTAL', 'LOAD+RUN')]
    worst = min(names, key=lambda n: up[n] / max(ours[n], 1e-9))
    summary = ('%d indicators, %d bars, runonce: overall %.0fx, slowest ratio %.1fx (%s); '
               'Python %s, %s' % (len(names), args.bars, up['TOTAL'] / ours['TOTAL'],
                                  up[worst] / max(ours[worst], 1e-9), worst,
                                  platform.python_version(), platform.machine()))
    print('\n'.join(rows))
    print(summary)
    if args.markdown:
        Path(args.markdown).write_text('\n'.join([summary, ''] + rows) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
