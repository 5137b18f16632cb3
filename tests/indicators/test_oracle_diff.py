"""Differential test against upstream: every line of every indicator at every
bar, ``'%f'``-formatted, in all 12 run modes.

The script built by ``indcheck.oracle_script()`` is run once by upstream
(``run_oracle``) and once by this project (``run_ours``), both at the same time;
its output has one row per (mode, indicator, line) with the values of every
strategy bar. The specs (``indcheck.GROUPS``) cover every public class and
alias of ``bt.indicators`` with default parameters, every canonical class with
a non-default parameter set, the basic operations, chains, upstream's runonce
quirks (next-only indicators fed by another indicator), HeikinAshi (which
forces next mode), pivot points on a weekly second data and two-data
indicators. A failure names the indicator, mode, line and first bar that differ.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from indcheck import DEFAULT_NAMES, GROUPS, MODES, oracle_script, parse_script_output

NAMES = [name for _, specs in GROUPS.values() for name, _ in specs]
SCRIPT = oracle_script()
_TIMEOUT = 900          # upstream needs ~2 CPU minutes for the whole script

_OUTPUTS: dict = {}


def _outputs(run_oracle, run_ours):
    # one script run per side for the whole module, both sides at once; a
    # failure or a skip is kept too (a skip is a BaseException, not an
    # Exception), so each later test re-raises it at once
    if not _OUTPUTS:
        try:
            run_oracle('')                # skips here, before any work, without the oracle
            with ThreadPoolExecutor(max_workers=2) as pool:
                oracle = pool.submit(run_oracle, SCRIPT, _TIMEOUT)
                ours = pool.submit(run_ours, SCRIPT, _TIMEOUT)
                _OUTPUTS['result'] = (parse_script_output(oracle.result()),
                                      parse_script_output(ours.result()))
        except (Exception, pytest.skip.Exception) as exc:   # noqa: BLE001 (re-raised below)
            _OUTPUTS['error'] = exc
    if 'error' in _OUTPUTS:
        raise _OUTPUTS['error']
    return _OUTPUTS['result']


def _differences(olines: list, ulines: list, mode: str) -> list:
    if len(ulines) != len(olines):
        return ['%s: %d lines, upstream %d' % (mode, len(ulines), len(olines))]
    problems = []
    for i, (ovals, uvals) in enumerate(zip(olines, ulines)):
        if ovals != uvals:
            bars = [k for k in range(max(len(ovals), len(uvals)))
                    if k >= len(ovals) or k >= len(uvals) or ovals[k] != uvals[k]]
            first = bars[0]
            problems.append('%s line %d: %d bars differ, first bar %d: ours %s upstream %s' % (
                mode, i, len(bars), first, uvals[first] if first < len(uvals) else None,
                ovals[first] if first < len(ovals) else None))
    return problems


@pytest.mark.oracle
@pytest.mark.parametrize('name', NAMES)
def test_matches_upstream_every_bar(name, run_oracle, run_ours):
    oracle, ours = _outputs(run_oracle, run_ours)
    assert name in oracle, 'upstream did not run %s' % name
    assert sorted(ours[name]) == sorted(oracle[name])       # the same 12 modes ran
    problems = []
    for mode, olines in oracle[name].items():
        problems += _differences(olines, ours[name][mode], mode)
    assert not problems, '\n'.join(problems)


@pytest.mark.oracle
def test_every_value_compared(run_oracle, run_ours):
    oracle, ours = _outputs(run_oracle, run_ours)
    errors = sorted(n for n in set(oracle) | set(ours) if n.startswith('ERROR'))
    assert not errors, errors                     # no group failed on either side
    assert set(oracle) == set(ours) == set(NAMES)
    assert len(NAMES) == len(set(NAMES)) > 420
    assert set(DEFAULT_NAMES) <= set(NAMES)
    for name in ours:
        assert len(ours[name]) == len(MODES) == 12
    nvalues = sum(len(vals) for modes in ours.values() for lines in modes.values()
                  for vals in lines)
    assert nvalues > 1_500_000
