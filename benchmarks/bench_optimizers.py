#!/usr/bin/env python3
"""Benchmarks of ``backtrader.optimizers`` (figures in docs/performance.md).

1. ``opt``: the reference workload ``../shared/bench/smacross.py --opt 1 --maxcpus 2``
   (16 combinations, 2 processes) on 50k bars, upstream and ours alternating in
   the same run; ratio upstream seconds / our seconds (target >= 50x).
2. ``grid``: trials per second of a 1,000-trial grid study of the reference
   strategy on 50k bars (2 workers), with and without shared indicators.
3. ``memory``: peak memory of the study process and of a worker for 100, 1,000
   and 10,000-trial grid studies (a file study; small data so that 10,000
   trials take minutes).

    python3 benchmarks/bench_optimizers.py                  # everything
    python3 benchmarks/bench_optimizers.py --only opt --repeat 3
    python3 benchmarks/bench_optimizers.py --quick          # smaller sizes
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED_BENCH = REPO.parent / 'shared' / 'bench'
sys.path.insert(0, str(HERE))

from bench_vs_upstream import ORACLE, gen, run  # noqa: E402

GRID_STUDY = r'''
import json, resource, sys, time
sys.path.insert(0, %(bench)r)
sys.path.insert(0, %(workloads)r)
import backtrader as bt
from backtrader.optimizers import GridSearchOptimizer, ParamSpace
from smacross import SmaCross
from heavy_indicators import HeavyCross

def factory():
    c = bt.Cerebro()
    c.adddata(bt.feeds.GenericCSVData(dataname=%(data)r, dtformat='%%Y-%%m-%%d %%H:%%M:%%S',
        timeframe=bt.TimeFrame.Minutes, datetime=0, open=1, high=2, low=3, close=4,
        volume=5, openinterest=6))
    c.broker.setcash(100000)
    c.addstrategy(%(strategy)s)
    return c

space = ParamSpace(fast=list(range(2, 2 + %(nfast)d)), slow=list(range(30, 30 + %(nslow)d)))
t = time.perf_counter()
res = GridSearchOptimizer(factory, objective='final_value', n_jobs=%(jobs)d, study=%(study)r,
                          share_indicators=%(share)r, store_returns=%(returns)r,
                          progress=False, quiet=True).optimize(space)
dt = time.perf_counter() - t
self_ru = resource.getrusage(resource.RUSAGE_SELF)
kids_ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({'trials': res.total_runs, 'seconds': dt,
                  'cpu': self_ru.ru_utime + self_ru.ru_stime + kids_ru.ru_utime + kids_ru.ru_stime,
                  'self_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  'workers_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  'best': res.best_params}))
'''


def timed(pythonpath: Path, script: Path, args: list) -> dict:
    """One run: its own timing (``seconds=`` on stderr), its stdout and the CPU
    time (user + system) of the process and its workers."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = run(pythonpath, script, args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    res['cpu'] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return res


def grid_study(data: Path, nfast: int, nslow: int, share: bool, jobs: int = 2,
               returns: bool = True, strategy: str = 'SmaCross') -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        script = GRID_STUDY % dict(bench=str(SHARED_BENCH), workloads=str(HERE / 'workloads'),
                                   data=str(data), nfast=nfast, nslow=nslow, jobs=jobs,
                                   study=os.path.join(tmp, 's.db'), share=share,
                                   returns=returns, strategy=strategy)
        env = dict(os.environ, PYTHONPATH=str(REPO))
        proc = subprocess.run([sys.executable, '-c', script], env=env, capture_output=True,
                              text=True)
        if proc.returncode:
            raise SystemExit(proc.stderr)
        return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--quick', action='store_true', help='10k bars, 200 trials, up to 2,000')
    ap.add_argument('--only', help='comma list of: opt, grid, memory')
    ap.add_argument('--repeat', type=int, default=3, help='runs of ours for "opt" (best counts)')
    a = ap.parse_args()
    only = set(a.only.split(',')) if a.only else {'opt', 'grid', 'memory'}
    folder = Path(tempfile.gettempdir()) / 'bt-bench-data'
    folder.mkdir(exist_ok=True)
    nbars = 10000 if a.quick else 50000
    data = gen(nbars, folder)
    print('machine: %s, Python %s, %d cores, load %.1f' % (
        platform.machine(), platform.python_version(), os.cpu_count() or 0,
        os.getloadavg()[0]), flush=True)
    if 'opt' in only:
        if not (ORACLE / 'backtrader').is_dir():
            raise SystemExit('upstream oracle missing: pip install --target .oracle '
                             'backtrader==1.9.78.123')
        args = ['--data', str(data), '--opt', '1', '--maxcpus', '2']
        runs = {'upstream': [], 'ours': []}
        order = ['upstream', 'ours', 'ours'] * min(a.repeat, 2)
        order += ['ours'] * max(0, a.repeat - order.count('ours'))
        for side in order:
            runs[side].append(timed(ORACLE if side == 'upstream' else REPO,
                                    SHARED_BENCH / 'smacross.py', args))
        up = min(runs['upstream'], key=lambda r: r['seconds'])
        us = min(runs['ours'], key=lambda r: r['seconds'])
        same = up['stdout'] == us['stdout']
        print('opt-2cpu %d bars: upstream %.2fs  ours %.3fs  ratio %.1fx (target >= 50x)  '
              'output %s' % (nbars, up['seconds'], us['seconds'], up['seconds'] / us['seconds'],
                             'identical' if same else 'DIFFERENT'), flush=True)
        upc = min(r['cpu'] for r in runs['upstream'])
        usc = min(r['cpu'] for r in runs['ours'])
        print('opt-2cpu CPU time of all processes (interpreter start included): upstream '
              '%.2fs  ours %.3fs  ratio %.1fx' % (upc, usc, upc / usc), flush=True)
    if 'grid' in only:
        nfast, nslow = (10, 20) if a.quick else (10, 100)
        for share in (True, False):
            r = grid_study(data, nfast, nslow, share)
            print('grid %d trials on %d bars, 2 workers, shared indicators %-3s: %.1fs, '
                  '%.2f trials/s, CPU %.1fs' % (r['trials'], nbars, 'on' if share else 'off',
                                                r['seconds'], r['trials'] / r['seconds'],
                                                r['cpu']), flush=True)
        for share in (True, False):
            r = grid_study(data, 10, 2 if a.quick else 10, share, strategy='HeavyCross')
            print('grid %d trials on %d bars, indicator-heavy strategy '
                  '(benchmarks/workloads/heavy_indicators.py), shared indicators %-3s: %.1fs, '
                  '%.2f trials/s, CPU %.1fs' % (r['trials'], nbars, 'on' if share else 'off',
                                                r['seconds'], r['trials'] / r['seconds'],
                                                r['cpu']), flush=True)
    if 'memory' in only:
        small = gen(1000, folder)
        sizes = [(10, 10), (20, 50), (50, 200)] if not a.quick else [(10, 10), (20, 50),
                                                                    (20, 100)]
        for nfast, nslow in sizes:
            r = grid_study(small, nfast, nslow, True)
            print('memory %5d trials (1,000 bars, file study with returns): study process '
                  '%d MB, largest worker %d MB, %.1f trials/s' % (
                      r['trials'], r['self_kb'] // 1024, r['workers_kb'] // 1024,
                      r['trials'] / r['seconds']), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
