"""Commission calls, compared with upstream (issue "Drop-in first", §2): a
user ``CommInfoBase`` whose ``_getcommission`` prints each call sees the same
calls, with the same arguments and ``pseudoexec`` flags, in the same order
(upstream's submission check runs the commission too, and each fill ends
with ``confirmexec``): checksubmit on/off, shortcash off, a futures-like
scheme, a volume filler (partial fills), a reversal whose opening part is
refused. ``commission_cases.py`` runs once per side.
"""
from __future__ import annotations

import pytest

from conftest import DATAS
from dual import assert_same_lines, run_both

CASES = ['checksubmit', 'nochecksubmit', 'noshortcash', 'futures', 'filler', 'reverse-refused']


@pytest.fixture(scope='module')
def outputs():
    return run_both('commission_cases.py', [DATAS / '2006-day-001.txt'])


@pytest.mark.oracle
@pytest.mark.parametrize('case', CASES)
def test_commission_calls_as_upstream(outputs, case):
    theirs, ours = outputs
    a, b = theirs[case], ours[case]
    calls = [line for line in a if line.startswith('    comm ')]
    # estimates (submission check, fill terms) and confirmations are both there
    assert any(line.endswith('True') for line in calls)
    assert any(line.endswith('False') for line in calls)
    assert_same_lines(a, b, case)


@pytest.mark.oracle
def test_cases_exercise_partial_fills_and_margin(outputs):
    theirs, _ = outputs
    assert any('Partial' in line for line in theirs['filler'])
    assert any('Margin' in line for line in theirs['reverse-refused'])
    assert any('Margin' in line for line in theirs['checksubmit'])
