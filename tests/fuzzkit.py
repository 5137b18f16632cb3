"""What the differential fuzz tests share (``brokers/test_broker_fuzz_oracle.py``,
``integration/test_script_fuzz_oracle.py``): drawing scenarios with hypothesis,
replaying them on both sides at once, and the command line of a standalone run.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Optional

from hypothesis import HealthCheck, Phase, given, settings, seed as hseed

REPO = Path(__file__).resolve().parent.parent
ORACLE = REPO / '.oracle'


def same_number(x: float, y: float) -> bool:
    """Equal to 1e-9 relative (or absolute), NaN equal to NaN: how the
    differential tests compare a number of upstream's with ours (a vectorised
    pass may differ from upstream's bar-by-bar loop in the last bits)."""
    if x != x or y != y:
        return x != x and y != y
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


def draw_scenarios(strategy, n: int, seed: Optional[int] = None) -> list:
    """``n`` examples of the hypothesis ``strategy`` (reproducible for a given
    ``seed``; derandomized without one), numbered by an ``id`` key."""
    out: list = []

    @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=seed is None)
    @given(strategy)
    def collect(sc):
        out.append(sc)

    if seed is not None:
        collect = hseed(seed)(collect)
    collect()
    for i, sc in enumerate(out):
        sc['id'] = i
    return out[:n]


def replay_both(script: Path, scenarios: list, lead_args: tuple = (),
                keep: Optional[Path] = None, timeout: Optional[float] = None) -> tuple:
    """Run ``script [lead_args] SCENARIOS.json TRACES.json`` under upstream
    (``PYTHONPATH=.oracle``) and under this project in parallel, one process a
    side; returns (upstream traces, our traces) as loaded from the JSON they
    write. ``keep``: a folder to leave the files in. ``timeout`` (default: 3 s
    a scenario, at least 10 minutes): both killed and AssertionError past it."""
    if timeout is None:
        timeout = max(600.0, 3.0 * len(scenarios))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(keep) if keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        scen = folder / 'scenarios.json'
        scen.write_text(json.dumps(scenarios))
        procs = []
        for side, path in (('oracle', ORACLE), ('ours', REPO)):
            env = dict(os.environ, PYTHONPATH=str(path), PYTHONHASHSEED='0')
            procs.append(subprocess.Popen(
                [sys.executable, str(script), *map(str, lead_args), str(scen),
                 str(folder / ('%s.json' % side))],
                env=env, cwd=str(folder), stderr=subprocess.PIPE, text=True))
        try:
            errs = [p.communicate(timeout=timeout)[1] for p in procs]
        except subprocess.TimeoutExpired:
            # (upstream's multiprocessing pool can hang for good on a result
            # it cannot unpickle): a stuck side fails the test, never the CI
            for p in procs:
                p.kill()
            raise AssertionError('replay still running after %d s' % timeout) from None
        for p, err in zip(procs, errs):
            if p.returncode:
                raise AssertionError('replay failed:\n' + err)
        return tuple(json.loads((folder / ('%s.json' % side)).read_text())
                     for side in ('oracle', 'ours'))


def size_from_env(count_var: str, seed_var: str, default: int) -> tuple:
    """(examples, seed) of a test run: the environment's or the default."""
    seed = os.environ.get(seed_var)
    return int(os.environ.get(count_var, str(default))), int(seed) if seed else None


def describe_mismatches(result: dict, noun: str, limit: int = 3, shown: Callable = dict,
                        clip: Optional[int] = None, notes: Callable = lambda *rest: []) -> str:
    """The report of a differential run: how many of ``result['n']``
    ``noun`` (e.g. 'scripts') differ, then for the first ``limit`` mismatches
    ``(scenario, upstream trace, our trace, *rest)`` the scenario (``shown``
    of it, as JSON), both traces (lines clipped to ``clip`` characters) and
    ``notes(*rest)``."""
    lines = ['%d of %d %s differ' % (len(result['mismatches']), result['n'], noun)]
    for sc, theirs, ours, *rest in result['mismatches'][:limit]:
        lines.append('--- %s %d: %s' % (noun[:-1], sc['id'], json.dumps(shown(sc))[:1500]))
        for label, trace in (('upstream: ', theirs), ('ours:     ', ours)):
            lines.append(label + '\n          '.join(x[:clip] for x in trace))
        lines.extend(notes(*rest))
    return '\n'.join(lines)


def standalone(run_fuzz: Callable, describe: Callable, default: int,
               extra: Callable = lambda res: None) -> None:
    """``python3 test_x.py [N] [SEED] [KEEP_DIR]``: run and print the differences
    (``BT_FUZZ_SHOW`` of them, 3 by default)."""
    argv = sys.argv[1:]
    n = int(argv[0]) if argv else default
    seed = int(argv[1]) if len(argv) > 1 and argv[1] else None
    keep = Path(argv[2]) if len(argv) > 2 else None
    res = run_fuzz(n, seed, keep)
    print(describe(res, limit=int(os.environ.get('BT_FUZZ_SHOW', '3'))))
    print('oracle errors:', res['oracle_errors'])
    extra(res)
