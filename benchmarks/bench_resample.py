#!/usr/bin/env python3
"""Resampling and replaying against upstream backtrader 1.9.78.123, in the same
run: a 5-minute series (``../shared/bench/gen_bars.py``) resampled to 15
minutes (``data.resample``, preloaded, runonce), beside the original
(``cerebro.resampledata``, bar by bar) and replayed to days (``replaydata``),
each with an SMA on the resampled data. Prints upstream seconds / ours.

    python3 benchmarks/bench_resample.py [--bars 50000]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ORACLE = REPO / '.oracle'
GEN = REPO.parent / 'shared' / 'bench' / 'gen_bars.py'

WORKLOAD = r'''
import sys, time
import backtrader as bt
path, how = sys.argv[1], sys.argv[2]
cerebro = bt.Cerebro(stdstats=False)
data = bt.feeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d %H:%M:%S',
                               timeframe=bt.TimeFrame.Minutes, compression=1)
if how == 'resample':
    data.resample(timeframe=bt.TimeFrame.Minutes, compression=15)
    cerebro.adddata(data)
elif how == 'resampledata':
    cerebro.adddata(data)
    cerebro.resampledata(data, timeframe=bt.TimeFrame.Minutes, compression=15)
else:
    cerebro.replaydata(data, timeframe=bt.TimeFrame.Days)


class St(bt.Strategy):
    def __init__(self):
        self.sma = bt.ind.SMA(self.datas[-1], period=20)


cerebro.addstrategy(St)
t0 = time.perf_counter()
cerebro.run()
print('%.4f %d' % (time.perf_counter() - t0, len(cerebro.datas[-1])))
'''


def timed(pythonpath: Path, script: Path, path: Path, how: str) -> tuple:
    out = subprocess.run([sys.executable, str(script), str(path), how], capture_output=True,
                         text=True, env={'PYTHONPATH': str(pythonpath)}, check=True).stdout
    secs, bars = out.split()
    return float(secs), int(bars)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--bars', type=int, default=50000)
    ap.add_argument('--repeat', type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        csv = tmp / 'bars.csv'
        subprocess.run([sys.executable, str(GEN), str(args.bars), str(csv)], check=True)
        script = tmp / 'workload.py'
        script.write_text(WORKLOAD)
        print('| case | bars | upstream s | ours s | ratio |')
        print('|---|---|---|---|---|')
        for how in ('resample', 'resampledata', 'replaydata'):
            up = min(timed(ORACLE, script, csv, how) for _ in range(args.repeat))
            ours = min(timed(REPO, script, csv, how) for _ in range(args.repeat))
            assert up[1] == ours[1], (how, up, ours)
            print('| %s | %d | %.3f | %.3f | %.1fx |' % (how, args.bars, up[0], ours[0],
                                                       up[0] / ours[0]))
    return 0


if __name__ == '__main__':
    sys.exit(main())
