#!/usr/bin/env python3
"""The reference workload ported to the ``backtesting`` package (backtesting.py),
timed against this project in the same run.

The port: SMA(10)/SMA(30) crossover buying 10 units when flat and closing on the
opposite cross, RSI(14) and ATR(14) computed alongside (as the reference strategy
builds them), cash 100,000, no commission, market orders filled at the next
bar's open (both libraries' default). backtesting.py computes its statistics
(drawdown, SQN, trade table) in ``run()``, as the analyzers do here. Times are
in-process: loading the CSV plus the run, interpreter start excluded. Both sides
run in fresh processes, alternating; medians count.

    pip install backtesting          # or: pip install -e .[bench]
    nice python3 benchmarks/peer_backtesting.py                   # 200k bars, 3 runs a side
    nice python3 benchmarks/peer_backtesting.py --bars 50000 --repeat 5
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_vs_upstream import REPO, SHARED_BENCH, gen  # noqa: E402


def run_peer(path: str) -> None:
    """One backtesting.py run of the port; result on stdout, seconds on stderr."""
    import numpy as np
    import pandas as pd
    from backtesting import Backtest, Strategy
    from backtesting.lib import crossover

    def sma(values, n):
        return pd.Series(values).rolling(n).mean().to_numpy()

    def rsi(values, n):     # Wilder's smoothing, as backtrader's RSI
        delta = np.diff(np.asarray(values, dtype=float), prepend=np.nan)
        up = pd.Series(np.where(delta > 0, delta, 0.0)).ewm(alpha=1.0 / n, adjust=False).mean()
        down = pd.Series(np.where(delta < 0, -delta, 0.0)).ewm(alpha=1.0 / n,
                                                               adjust=False).mean()
        return (100.0 - 100.0 / (1.0 + up / down)).to_numpy()

    def atr(high, low, close, n):
        prev = pd.Series(close).shift(1)
        tr = pd.concat([pd.Series(high) - pd.Series(low), (pd.Series(high) - prev).abs(),
                        (pd.Series(low) - prev).abs()], axis=1).max(axis=1)
        return tr.ewm(alpha=1.0 / n, adjust=False).mean().to_numpy()

    class SmaCross(Strategy):
        fast, slow = 10, 30

        def init(self):
            self.f = self.I(sma, self.data.Close, self.fast)
            self.s = self.I(sma, self.data.Close, self.slow)
            self.rsi = self.I(rsi, self.data.Close, 14)
            self.atr = self.I(atr, self.data.High, self.data.Low, self.data.Close, 14)

        def next(self):
            if not self.position:
                if crossover(self.f, self.s):
                    self.buy(size=10)
            elif crossover(self.s, self.f):
                self.position.close()

    import warnings
    warnings.filterwarnings('ignore')
    t = time.perf_counter()
    df = pd.read_csv(path, index_col=0, parse_dates=True)
    stats = Backtest(df, SmaCross, cash=100000).run()
    dt = time.perf_counter() - t
    print('value=%.4f trades=%d maxdd=%.4f' % (stats['Equity Final [$]'], stats['# Trades'],
                                               -stats['Max. Drawdown [%]']))
    print('seconds=%.3f' % dt, file=sys.stderr)


def timed(cmd: list, env: dict) -> tuple:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit('failed: %s\n%s' % (' '.join(cmd), proc.stderr))
    return float(re.search(r'seconds=([0-9.]+)', proc.stderr).group(1)), proc.stdout.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--bars', type=int, default=200000)
    ap.add_argument('--repeat', type=int, default=3, help='runs per side (median counts)')
    ap.add_argument('--peer-run', help=argparse.SUPPRESS)     # internal: one peer run
    a = ap.parse_args()
    if a.peer_run:
        run_peer(a.peer_run)
        return 0
    folder = Path(tempfile.gettempdir()) / 'bt-bench-data'
    folder.mkdir(exist_ok=True)
    data = str(gen(a.bars, folder))
    ours_env = dict(os.environ, PYTHONPATH=str(REPO))
    peer, ours = [], []
    for _ in range(a.repeat):
        peer.append(timed([sys.executable, __file__, '--peer-run', data], dict(os.environ)))
        ours.append(timed([sys.executable, str(SHARED_BENCH / 'smacross.py'), '--data', data],
                          ours_env))
    t_peer = statistics.median(t for t, _ in peer)
    t_ours = statistics.median(t for t, _ in ours)
    print('bars %d, median of %d runs a side' % (a.bars, a.repeat))
    print('backtesting.py %8.3f s   %s' % (t_peer, peer[0][1]))
    print('this project   %8.3f s   %s' % (t_ours, ours[0][1]))
    print('ratio (backtesting.py / ours): %.2fx' % (t_peer / t_ours))
    return 0


if __name__ == '__main__':
    sys.exit(main())
