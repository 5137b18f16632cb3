"""Commission calls, compared with upstream (issue "Drop-in first", §2): a
user ``CommInfoBase`` whose ``_getcommission`` prints each call sees the same
calls, with the same arguments and ``pseudoexec`` flags, in the same order
(upstream's submission check runs the commission too, and each fill ends
with ``confirmexec``): checksubmit on/off, shortcash off, a futures-like
scheme, a volume filler (partial fills), a reversal whose opening part is
refused. ``commission_cases.py`` runs once per side.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATAS, run_oracle, run_ours

HERE = Path(__file__).resolve().parent
CASES = ['checksubmit', 'nochecksubmit', 'noshortcash', 'futures', 'filler', 'reverse-refused']


def _sections(text: str) -> dict:
    out, cur = {}, None
    for line in text.splitlines():
        if line.startswith('== '):
            cur = out[line[3:]] = []
        else:
            cur.append(line)
    return out


@pytest.fixture(scope='module')
def outputs():
    script = 'import sys\nsys.argv[1:] = [%r]\n' % str(DATAS / '2006-day-001.txt') + \
        (HERE / 'commission_cases.py').read_text()
    theirs = _sections(run_oracle(script))      # skips without the oracle
    return theirs, _sections(run_ours(script))


@pytest.mark.oracle
@pytest.mark.parametrize('case', CASES)
def test_commission_calls_as_upstream(outputs, case):
    theirs, ours = outputs
    a, b = theirs[case], ours[case]
    calls = [line for line in a if line.startswith('    comm ')]
    # estimates (submission check, fill terms) and confirmations are both there
    assert any(line.endswith('True') for line in calls)
    assert any(line.endswith('False') for line in calls)
    if a != b:
        i = next((j for j, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        pytest.fail('%s differs at line %d:\nupstream: %s\nours:     %s' % (
            case, i, a[i] if i < len(a) else '<end>', b[i] if i < len(b) else '<end>'))


@pytest.mark.oracle
def test_cases_exercise_partial_fills_and_margin(outputs):
    theirs, _ = outputs
    assert any('Partial' in line for line in theirs['filler'])
    assert any('Margin' in line for line in theirs['reverse-refused'])
    assert any('Margin' in line for line in theirs['checksubmit'])
