"""Reads back through every indicator of the catalogue on the strategy's first
bars (``ind[-k]``, k = 0..79, up to the first IndexError) equal upstream's, in
the run modes where upstream holds different series: a runonce run over
preloaded data (the whole series: reads before the first bar wrap around its
end), next mode, no preload and the memory-saving modes -1/-2 (the bars so
far: they wrap around those, then IndexError). ``reads_back_probe.py`` runs
under both (upstream as a black box from ``.oracle``) on 2006-day-001.txt."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATAS
from fuzzkit import ORACLE, replay_both, same_number

PROBE = Path(__file__).resolve().parent / 'reads_back_probe.py'

MODES = [(0, 1, 1), (0, 0, 1), (0, 1, 0), (0, 0, 0), (-1, 1, 1), (-2, 0, 1)]


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return same_number(a, b)
    return a == b


def _same_row(theirs: list, ours: list) -> bool:
    """Equal values up to upstream's IndexError; past it this project may read
    on (a known difference: upstream raises beyond twice a memory-saving ring,
    this project wraps around it)."""
    if theirs and theirs[-1] == 'IE':
        theirs = theirs[:-1]
        ours = ours[:len(theirs)]
    return len(theirs) == len(ours) and all(_same(a, b) for a, b in zip(theirs, ours))


@pytest.mark.oracle
@pytest.mark.parametrize('mode', MODES, ids=lambda m: 'exactbars=%d runonce=%d preload=%d' % m)
def test_reads_back_on_the_first_bars_equal_upstreams(mode):
    if not (ORACLE / 'backtrader').is_dir():
        pytest.skip('upstream oracle not installed')
    exactbars, runonce, preload = mode
    scenario = dict(id=0, exactbars=exactbars, runonce=bool(runonce), preload=bool(preload))
    theirs, ours = (traces['0'] for traces in replay_both(
        PROBE, [scenario], (DATAS / '2006-day-001.txt',)))
    compared, differ = 0, []
    for name, rows in theirs.items():
        if isinstance(rows, str):
            continue                    # upstream could not build it with defaults
        compared += 1
        mine = ours.get(name)
        if not (isinstance(mine, list) and len(mine) == len(rows) and all(
                _same_row(x, y) for x, y in zip(rows, mine))):
            differ.append((name, rows, mine))
    assert compared > 250
    assert not differ, '%d of %d differ; first: %r' % (len(differ), compared, differ[0])
