"""Differential fuzz test of whole legacy scripts against upstream, in every
engine mode (issue 17's first must-show, beyond the fixed workloads).

Hypothesis draws scripts (``scriptgen.py``: a shared data file or a window of
it -- CSV, Yahoo, pandas, 5-minute bars --, sometimes a second data, the first
resampled or replayed, a Heikin-Ashi filter, runonce x preload x exactbars
0/1/2/-1/-2, cheat-on-open, two strategies on one broker,
indicators of the classic catalogue on the data, a line, a line expression or
another indicator, line operations, entry and exit rules with the order calls
legacy scripts make -- odd keywords included, the tutorial's pending-order
guard --, sizers, commissions, analyzers with their usual keywords,
observers; sometimes the script is an ``optstrategy`` over copies of itself,
in this process or on two workers). ``script_replay.py`` runs all of them in
ONE process per side: upstream (``PYTHONPATH=.oracle``, black box) and this
project, in parallel. The traces are compared line by line: the text exactly,
numbers to 1e-9 relative (vectorised indicator passes may differ from
upstream's bar-by-bar loop in the last bits), NaN equal to NaN.

Examples: 100 by default (fixed, derandomized); ``BT_SCRIPT_FUZZ_EXAMPLES=600`` for a
long run, ``BT_SCRIPT_FUZZ_SEED=<int>`` for another draw. Standalone:
``python3 tests/integration/test_script_fuzz_oracle.py [N] [SEED]``.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from conftest import DATAS  # noqa: E402
from fuzzkit import (ORACLE, describe_mismatches, replay_both, same_number,  # noqa: E402
                     size_from_env, standalone)
from scriptgen import generate  # noqa: E402

NUMBER = re.compile(r'(-?(?:\d+\.\d*(?:e[-+]?\d+)?|\d+e[-+]?\d+|nan|inf))')


def same_line(a: str, b: str) -> bool:
    """Equal text, numbers equal to 1e-9 relative (NaN equal to NaN)."""
    if a == b:
        return True
    ta, tb = NUMBER.split(a), NUMBER.split(b)
    if len(ta) != len(tb):
        return False
    for i, (x, y) in enumerate(zip(ta, tb)):
        if i % 2 == 0:
            if x != y:
                return False
            continue
        if not same_number(float(x), float(y)):
            return False
    return True


def run_fuzz(n: int, seed: int | None = None, keep: Path | None = None) -> dict:
    """Generate ``n`` scripts, run them on both sides (in parallel) and return
    ``{'n':..., 'mismatches': [(scenario, upstream lines, our lines)...],
    'oracle_errors': count}``."""
    scenarios = generate(n, seed)
    theirs, ours = replay_both(HERE / 'script_replay.py', scenarios, (DATAS,), keep)
    mismatches, oracle_errors = [], 0
    for sc in scenarios:
        key = str(sc['id'])
        a = [x for x in theirs[key] if not x.startswith('#')]
        b = [x for x in ours[key] if not x.startswith('#')]
        crash = next((i for i, x in enumerate(a) if x.startswith('EXC')), None)
        if crash is not None:
            # upstream itself failed (its own bugs: a resampled data in next mode
            # without preload...): the traces agree up to there, and where both
            # fail they fail alike; this project may run on (never refuse)
            oracle_errors += 1
            # (a division by zero gives inf/nan here, MIGRATION.md: this project
            # runs on, and may stop later on something else)
            if not (len(b) > crash and b[crash].startswith('EXC')) or \
                    a[crash] == 'EXC ZeroDivisionError':
                a, b = a[:crash], b[:crash]
            elif _result_unsendable(theirs[key], ours[key]):
                # an optimisation worker's result that does not pickle (a
                # lambda parameter, a generated coupler class): upstream's
                # pool raises MaybeEncodingError (an Exception), this
                # project's a TrialError (a RuntimeError) saying so
                b[crash] = a[crash]
        i = next((j for j, (x, y) in enumerate(zip(a, b)) if not same_line(x, y)),
                 None if len(a) == len(b) else min(len(a), len(b)))
        if i is not None:
            mismatches.append((sc, a[max(0, i - 2):i + 2], b[max(0, i - 2):i + 2] +
                               [x for x in ours[key] if x.startswith('#')]))
    return dict(n=len(scenarios), mismatches=mismatches, oracle_errors=oracle_errors)


def _result_unsendable(theirs: list, ours: list) -> bool:
    """Both sides failed to send an optimisation worker's result back."""
    return any(x.startswith('# MaybeEncodingError') for x in theirs) and \
        any(x.startswith('# TrialError') and 'could not be sent back' in x for x in ours)


def describe(result: dict, limit: int = 3) -> str:
    return describe_mismatches(result, 'scripts', limit, clip=400)


@pytest.mark.oracle
def test_legacy_scripts_match_upstream_in_every_mode():
    if not (ORACLE / 'backtrader').is_dir():
        pytest.skip('upstream oracle not installed in %s' % ORACLE)
    n, seed = size_from_env('BT_SCRIPT_FUZZ_EXAMPLES', 'BT_SCRIPT_FUZZ_SEED', 100)
    result = run_fuzz(n, seed)
    assert result['n'] == n
    # the generator keeps mostly to scripts upstream runs (where upstream fails on
    # its own -- resampled datas in next mode, one-bar rings read back... --
    # the traces are compared up to there)
    assert result['oracle_errors'] <= n // 8, result['oracle_errors']
    assert not result['mismatches'], describe(result)


def test_number_comparison_tells_real_differences():
    assert same_line('bar 3 1.0000000001 nan', 'bar 3 1.0000000002 nan')
    assert not same_line('bar 3 1.0001 nan', 'bar 3 1.0002 nan')
    assert not same_line('bar 3 nan', 'bar 3 1.0')
    assert not same_line('order 1 Completed', 'order 1 Canceled')
    assert not same_line('pos 10 1.5', 'pos 10 1.5 extra')


if __name__ == '__main__':
    standalone(run_fuzz, describe, 100)
