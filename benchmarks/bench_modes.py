#!/usr/bin/env python3
"""The reference workload in every run mode, this project against upstream
backtrader 1.9.78.123, side by side in the same run.

Modes: runonce (default), ``runonce=0`` (next), ``exactbars=1``,
``preload=False``, and ten feeds of 50k bars with an SMA crossover trading each
(``workloads/multidata.py``). Each case runs in a fresh process per side
(``peakmem.py``: peak RSS), the sides alternating (upstream, ours, upstream,
ours...); the medians count. Output must be identical.

    nice python3 benchmarks/bench_modes.py                       # 50k bars, 3 runs a side
    nice python3 benchmarks/bench_modes.py --bars 50000,200000 --repeat 1
    nice python3 benchmarks/bench_modes.py --only runonce,exactbars1 --ours-only-above 200000
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_vs_upstream import ORACLE, REPO, SHARED_BENCH, gen, run  # noqa: E402

SMACROSS = SHARED_BENCH / 'smacross.py'
MULTIDATA = HERE / 'workloads' / 'multidata.py'
MULTI_FEEDS, MULTI_BARS = 10, 50000

# name -> extra smacross arguments (None: the multi-data case)
MODES = {
    'runonce': [],
    'next': ['--runonce', '0'],
    'exactbars1': ['--exactbars', '1'],
    'nopreload': ['--preload', '0'],
    'multi10x50k': None,
}


def multi_files(folder: Path) -> list:
    """Ten seeded 50k-bar files on the same timestamps (different walks)."""
    import subprocess
    paths = []
    for seed in range(1, MULTI_FEEDS + 1):
        path = folder / ('m%dk_%d.csv' % (MULTI_BARS // 1000, seed))
        if not path.exists():
            subprocess.run([sys.executable, str(SHARED_BENCH / 'gen_bars.py'), str(MULTI_BARS),
                            str(path), str(seed)], check=True)
        paths.append(path)
    return paths


def alternate(script: Path, args: list, repeat: int, upstream: bool) -> tuple:
    """(upstream runs, our runs), one process each, the sides alternating."""
    ups, ours = [], []
    for _ in range(repeat):
        if upstream:
            ups.append(run(ORACLE, script, args, measure_mem=True))
        ours.append(run(REPO, script, args, measure_mem=True))
    return ups, ours


def median(runs: list, key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--bars', default='50000', help='comma list of bar counts (default 50000)')
    ap.add_argument('--repeat', type=int, default=3, help='runs per side (median counts)')
    ap.add_argument('--only', help='comma list of modes: ' + ','.join(MODES))
    ap.add_argument('--ours-only-above', type=int, default=200000,
                    help='run upstream only up to this many bars (default 200000)')
    a = ap.parse_args()
    if not (ORACLE / 'backtrader').is_dir():
        raise SystemExit('upstream oracle missing: pip install --target .oracle '
                         'backtrader==1.9.78.123')
    folder = Path(tempfile.gettempdir()) / 'bt-bench-data'
    folder.mkdir(exist_ok=True)
    modes = a.only.split(',') if a.only else list(MODES)
    sizes = [int(x) for x in a.bars.split(',')]
    ok = True
    runonce_time = {}
    print('%-12s %8s %10s %10s %8s %10s %10s %7s' % (
        'mode', 'bars', 'upstream s', 'ours s', 'ratio', 'up MiB', 'ours MiB', 'output'))
    for mode in modes:
        extra = MODES[mode]
        for nbars in ([MULTI_BARS] if extra is None else sizes):
            if extra is None:
                script = MULTIDATA
                args = [x for p in multi_files(folder) for x in ('--data', str(p))]
            else:
                script, args = SMACROSS, ['--data', str(gen(nbars, folder))] + extra
            upstream = nbars <= a.ours_only_above
            ups, ours = alternate(script, args, a.repeat, upstream)
            t_us, m_us = median(ours, 'seconds'), max(r['maxrss_kb'] for r in ours) / 1024
            if mode == 'runonce':
                runonce_time[nbars] = t_us
            if ups:
                t_up, m_up = median(ups, 'seconds'), max(r['maxrss_kb'] for r in ups) / 1024
                same = all(r['stdout'] == ups[0]['stdout'] for r in ups + ours)
                ok = ok and same
                print('%-12s %8d %10.2f %10.3f %7.1fx %10.0f %10.0f %7s' % (
                    mode, nbars * (MULTI_FEEDS if extra is None else 1), t_up, t_us,
                    t_up / t_us, m_up, m_us, 'same' if same else 'DIFFER'), flush=True)
            else:
                print('%-12s %8d %10s %10.3f %8s %10s %10.0f %7s' % (
                    mode, nbars, '-', t_us, '-', '-', m_us, '-'), flush=True)
            if mode in ('exactbars1', 'nopreload') and nbars in runonce_time:
                print('%-12s %8s ours %s / ours runonce: %.2fx' % (
                    '', '', mode, t_us / runonce_time[nbars]), flush=True)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
