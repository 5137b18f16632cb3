#!/usr/bin/env python3
"""The speed targets of the issues in one run: each case against upstream (or
backtesting.py), the sides alternating in fresh processes, medians, output
checked identical, printed as the Markdown table docs/performance.md keeps.

Cases (targets: issues 12 and 17):

* ``runonce``: ``../shared/bench/smacross.py`` on 200k bars (50x upstream);
* ``multi10x50k``: ten feeds of 50k bars, an SMA cross trading each
  (``workloads/multidata.py``, 30x upstream);
* ``opt-2cpu``: ``smacross.py --opt 1 --maxcpus 2`` on 50k bars (50x upstream);
* ``peer``: the reference workload against its backtesting.py port
  (``peer_backtesting.py``, 5x backtesting.py).

    python3 benchmarks/bench_targets.py                       # all, 2 upstream / 6 ours
    python3 benchmarks/bench_targets.py --only runonce,peer --ours 10

Upstream runs take 15-35 s each: the full set takes about 5 minutes. Run it on
a quiet machine (medians hide a stray slow run, not a busy core).
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_modes import MULTIDATA, multi_files  # noqa: E402
from bench_vs_upstream import (ORACLE, REPO, SHARED_BENCH, TARGETS, gen,  # noqa: E402
                               interleaved_runs)
from peer_backtesting import timed  # noqa: E402

SMACROSS = SHARED_BENCH / 'smacross.py'
PEER = HERE / 'peer_backtesting.py'


def against_upstream(script: Path, args: list, n_up: int, n_ours: int) -> tuple:
    """(upstream seconds, our seconds, same output), the sides alternating
    (``interleaved_runs``), every run in a fresh process."""
    ups, ours = interleaved_runs(script, args, False, n_up, n_ours)
    same = all(r['stdout'] == ups[0]['stdout'] for r in ups + ours)
    return [r['seconds'] for r in ups], [r['seconds'] for r in ours], same


def against_peer(data: str, n: int) -> tuple:
    """(backtesting.py seconds, our seconds), ``n`` runs a side, alternating.
    The two libraries' outputs differ by design (see peer_backtesting.py)."""
    peer_env = dict(os.environ)
    ours_env = dict(os.environ, PYTHONPATH=str(REPO))
    peers, ours = [], []
    for _ in range(n):
        peers.append(timed([sys.executable, str(PEER), '--peer-run', data], peer_env)[0])
        ours.append(timed([sys.executable, str(SMACROSS), '--data', data], ours_env)[0])
    return peers, ours, None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--only', help='comma list of cases: ' + ','.join(TARGETS))
    ap.add_argument('--upstream', type=int, default=2, help='upstream runs per case')
    ap.add_argument('--ours', type=int, default=6, help='our runs per case')
    ap.add_argument('--peer', type=int, default=5, help='runs a side against backtesting.py')
    a = ap.parse_args()
    cases = a.only.split(',') if a.only else list(TARGETS)
    unknown = [c for c in cases if c not in TARGETS]
    if unknown:
        raise SystemExit('unknown case(s) %s; the cases are %s' % (unknown, ', '.join(TARGETS)))
    if any(c != 'peer' for c in cases) and not (ORACLE / 'backtrader').is_dir():
        raise SystemExit('upstream oracle missing: pip install --target .oracle '
                         'backtrader==1.9.78.123')
    folder = Path(tempfile.gettempdir()) / 'bt-bench-data'
    folder.mkdir(exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    rows = []
    for case in cases:
        if case == 'runonce':
            sides = against_upstream(SMACROSS, ['--data', str(gen(200000, folder))],
                                     a.upstream, a.ours)
        elif case == 'opt-2cpu':
            sides = against_upstream(SMACROSS, ['--data', str(gen(50000, folder)), '--opt',
                                                '1', '--maxcpus', '2'], a.upstream, a.ours)
        elif case == 'multi10x50k':
            args = []
            for path in multi_files(folder):
                args += ['--data', str(path)]
            sides = against_upstream(MULTIDATA, args, a.upstream, a.ours)
        else:
            sides = against_peer(str(gen(200000, folder)), a.peer)
        theirs, ours, same = sides
        ratio = statistics.median(theirs) / statistics.median(ours)
        rows.append((case, theirs, ours, ratio, same))
        print('%-12s %s %7.3f s  ours %6.3f s  %5.1fx  (target %gx)%s' % (
            case, 'backtesting.py' if case == 'peer' else 'upstream',
            statistics.median(theirs), statistics.median(ours), ratio, TARGETS[case],
            '' if same is None else ('  output identical' if same else '  OUTPUT DIFFERS')),
            flush=True)
    print()
    print('%s, %s, Python %s, %d cores, load average %.1f' % (
        started.strftime('%Y-%m-%d %H:%M UTC'), platform.machine(),
        platform.python_version(), os.cpu_count() or 0, os.getloadavg()[0]))
    print()
    print('| case | theirs s (median) | ours s (median) | ratio | target | runs |')
    print('|---|---:|---:|---:|---:|---|')
    for case, theirs, ours, ratio, same in rows:
        print('| %s | %.3f | %.3f | %.1fx | %gx | %d / %d |' % (
            case, statistics.median(theirs), statistics.median(ours), ratio, TARGETS[case],
            len(theirs), len(ours)))
    return 0 if all(same is not False for *_, same in rows) else 1


if __name__ == '__main__':
    sys.exit(main())
