#!/usr/bin/env python3
"""What checkpoints cost: the reference workload (SMA crossover with RSI, ATR,
three analyzers and the standard observers) with checkpoints off and written
every N bars, in runonce and next mode, in the same run -- and upstream on
the same data for scale (when ``<repo>/.oracle`` holds it).

    python3 benchmarks/bench_state.py                 # 200k bars
    python3 benchmarks/bench_state.py --quick         # 20k bars
    python3 benchmarks/bench_state.py --markdown out.md

Runs of the variants alternate (off, every N, ..., off, every N, ...) and the
fastest of each counts: a shared machine's drift hits every variant alike.
Every variant must print the reference workload's result line unchanged.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_vs_upstream import ORACLE, REPO, SHARED_BENCH, gen, run  # noqa: E402

WORKLOAD = HERE / 'workloads' / 'smacross_state.py'


def measure(variants: list, repeat: int) -> dict:
    """name -> the fastest of ``repeat`` runs of each (script, args, path)."""
    runs = {name: [] for name, *_ in variants}
    for _ in range(repeat):
        for name, pythonpath, script, args in variants:
            out = run(pythonpath, script, args)
            found = re.search(r'checkpoints=(\d+) size_kb=(\d+)', out['stdout'])
            out['checkpoints'] = int(found.group(1)) if found else 0
            out['size_kb'] = int(found.group(2)) if found else 0
            runs[name].append(out)
    return {name: min(outs, key=lambda r: r['seconds']) for name, outs in runs.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--quick', action='store_true', help='20k bars instead of 200k')
    ap.add_argument('--repeat', type=int, default=3, help='runs per variant (default 3)')
    ap.add_argument('--every', default='1000,10000,50000',
                    help='checkpoint intervals in bars (default 1000,10000,50000)')
    ap.add_argument('--markdown', help='also write the table to this file')
    ap.add_argument('--no-upstream', action='store_true',
                    help='leave upstream out (it takes ~35-65 s a run at 200k bars)')
    a = ap.parse_args()
    nbars = 20000 if a.quick else 200000
    folder = Path(tempfile.gettempdir()) / 'bt-bench-data'
    folder.mkdir(exist_ok=True)
    data = gen(nbars, folder)
    ckpt = Path(tempfile.mkdtemp()) / 'bench.ckpt'
    everies = [int(x) for x in a.every.split(',') if x]
    rows = []
    for mode, runonce in (('runonce', 1), ('next', 0)):
        base = ['--data', str(data), '--runonce', str(runonce)]
        variants = [('off', REPO, WORKLOAD, base)]
        variants += [('every %d' % n, REPO, WORKLOAD,
                      base + ['--checkpoint-every', str(n), '--checkpoint', str(ckpt)])
                     for n in everies]
        have_oracle = (ORACLE / 'backtrader').is_dir() and not a.no_upstream
        if have_oracle:
            variants.append(('upstream', ORACLE, SHARED_BENCH / 'smacross.py', base))
        best = measure(variants, a.repeat)
        off = best['off']
        for name, *_ in variants:
            r = best[name]
            overhead = (r['seconds'] / off['seconds'] - 1) * 100
            per = ((r['seconds'] - off['seconds']) * 1000 / r['checkpoints']
                   if r['checkpoints'] else None)
            same = r['stdout'].splitlines()[0] == off['stdout'].splitlines()[0]
            rows.append((mode, name, r, overhead, per, same))
            print('%-8s %-12s %8.3fs  %+8.1f%%  %4d checkpoints  %s  %6d KB  output %s'
                  % (mode, name, r['seconds'], overhead, r['checkpoints'],
                     '%7.2f ms each' % per if per is not None else '              ',
                     r['size_kb'], 'identical' if same else 'DIFFERENT'), flush=True)
    if a.markdown:
        lines = ['| mode | checkpoints | seconds | vs off | written | per checkpoint | file | '
                 'same output |', '|---|---|---|---|---|---|---|---|']
        for mode, name, r, overhead, per, same in rows:
            lines.append('| %s | %s | %.3f | %s | %s | %s | %s | %s |' % (
                mode, name, r['seconds'], '%+.1f%%' % overhead if name != 'off' else '',
                r['checkpoints'] or '', '%.2f ms' % per if per is not None else '',
                '%.1f MB' % (r['size_kb'] / 1024) if r['size_kb'] else '',
                'yes' if same else 'NO'))
        lines.append('')
        lines.append('%d bars; machine: %s, %s, Python %s, %d cores.' % (
            nbars, platform.machine(), platform.processor() or platform.platform(),
            platform.python_version(), os.cpu_count() or 0))
        Path(a.markdown).write_text('\n'.join(lines) + '\n')
    return 0 if all(r[5] for r in rows) else 1


if __name__ == '__main__':
    sys.exit(main())
