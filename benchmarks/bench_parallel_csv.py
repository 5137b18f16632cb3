#!/usr/bin/env python3
"""Loading many CSV files: ``ParallelCSVLoader`` against the same parser run
file by file, and against upstream's ``GenericCSVData`` (file by file, run as
a black box from ``<repo>/.oracle`` in a subprocess). Prints the times and
the ratios.

    python3 benchmarks/bench_parallel_csv.py                 # 1,000 files x 2,000 bars
    python3 benchmarks/bench_parallel_csv.py --files 200     # quicker
    python3 benchmarks/bench_parallel_csv.py --upstream-files 100   # time upstream
                                                  # on a sample, scaled to all files

Each side is timed ``--repeat`` times (best kept), ours alternating with the
file-by-file baseline; the files are written once (seeded random walks of
minute bars) and are in the page cache for every side.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
ORACLE = REPO / '.oracle'
sys.path.insert(0, str(REPO))

import backtrader as bt  # noqa: E402  (the project, not an installed backtrader)

HEADER = 'Date,Open,High,Low,Close,Volume,OpenInterest\n'


def write_files(folder: Path, nfiles: int, nbars: int, seed: int = 7) -> list:
    rng = np.random.default_rng(seed)
    stamps = np.arange(np.datetime64('2015-01-05T09:00'), np.datetime64('2015-01-05T09:00')
                       + np.timedelta64(nbars, 'm'), np.timedelta64(1, 'm'))
    dates = np.datetime_as_string(stamps, unit='s').astype(object)
    dates = [d.replace('T', ' ') for d in dates]
    paths = []
    for k in range(nfiles):
        close = 100 * np.exp(np.cumsum(rng.normal(0, 0.001, nbars)))
        opn = close * np.exp(rng.normal(0, 0.0005, nbars))
        high = np.maximum(opn, close) * 1.0007
        low = np.minimum(opn, close) * 0.9993
        vol = rng.integers(100, 10000, nbars)
        rows = ['%s,%.4f,%.4f,%.4f,%.4f,%d,0\n' % r
                for r in zip(dates, opn, high, low, close, vol)]
        path = folder / ('asset%04d.csv' % k)
        path.write_text(HEADER + ''.join(rows))
        paths.append(str(path))
    return paths


KW = dict(timeframe=bt.TimeFrame.Minutes)


def file_by_file(paths: list) -> tuple:
    """The same vectorised parser, one file after the other: (wall, cpu) seconds."""
    t0, c0 = time.perf_counter(), time.process_time()
    for path in paths:
        data = bt.feeds.GenericCSVData(dataname=path, **KW)
        data._start()
        arrays = data._load_arrays()
        data._preparsed = arrays
    return time.perf_counter() - t0, time.process_time() - c0


def parallel(paths: list, workers) -> tuple:
    """(wall, cpu of all threads) seconds of a ParallelCSVLoader load."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = bt.feeds.ParallelCSVLoader(paths, workers=workers, progressbar=False, **KW).load()
    elapsed = time.perf_counter() - t0, time.process_time() - c0
    assert len(result) == len(paths) and not result.errors
    return elapsed


UPSTREAM = r'''
import sys, time
import backtrader as bt
paths = sys.argv[1:]
cerebro = bt.Cerebro()
t0 = time.perf_counter()
for p in paths:
    d = bt.feeds.GenericCSVData(dataname=p, timeframe=bt.TimeFrame.Minutes)
    d.setenvironment(cerebro)
    d._start()
    d.preload()
print('seconds=%f' % (time.perf_counter() - t0))
'''


def upstream(paths: list) -> float:
    if not (ORACLE / 'backtrader').is_dir():
        return float('nan')
    with tempfile.NamedTemporaryFile('w', suffix='.py', delete=False) as f:
        f.write(UPSTREAM)
    try:
        env = dict(os.environ, PYTHONPATH=str(ORACLE))
        out = subprocess.run([sys.executable, f.name, *paths], env=env, capture_output=True,
                             text=True, check=True, cwd=tempfile.gettempdir()).stdout
    finally:
        os.unlink(f.name)
    return float(out.split('seconds=')[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--files', type=int, default=1000)
    ap.add_argument('--bars', type=int, default=2000)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--workers', type=int, default=None)
    ap.add_argument('--upstream-files', type=int, default=None,
                    help='time upstream on this many files and scale (default: all)')
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_files(Path(tmp), args.files, args.bars)
        file_by_file(paths[:20])          # warm imports and caches
        base, ours = [], []
        for _ in range(args.repeat):
            base.append(file_by_file(paths))
            ours.append(parallel(paths, args.workers))
        sample = paths[:args.upstream_files] if args.upstream_files else paths
        up = upstream(sample) * len(paths) / len(sample)
    (b, bcpu), (o, ocpu) = min(base), min(ours)
    workers = args.workers or os.cpu_count()
    print('%d files x %d bars, %s workers (%d CPUs, load average %.1f)'
          % (args.files, args.bars, workers, os.cpu_count(), os.getloadavg()[0]))
    print('same parser, file by file : %8.3f s  (cpu %.3f s)' % (b, bcpu))
    print('ParallelCSVLoader         : %8.3f s  (cpu %.3f s, all threads)' % (o, ocpu))
    print('upstream GenericCSVData   : %8.3f s%s' % (up, '' if len(sample) == len(paths) else
                                                     '  (%d files, scaled)' % len(sample)))
    print('ratio file-by-file / loader: %.2fx' % (b / o))
    print('ratio upstream / loader    : %.1fx' % (up / o))


if __name__ == '__main__':
    main()
