"""Run one case script under upstream and under this project (shared by the
differential tests of this folder)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_oracle, run_ours

HERE = Path(__file__).resolve().parent


def sections(text: str) -> dict:
    """``{name: [lines]}`` of a case script's output (sections start ``== name``;
    lines before the first one are under ``''``)."""
    cur = []
    out = {'': cur}
    for line in text.splitlines():
        if line.startswith('== '):
            cur = out[line[3:]] = []
        else:
            cur.append(line)
    return out


def run_both(script: str, argv: list) -> tuple:
    """(upstream's, ours) sections of ``script`` (a file of this folder) run with
    ``argv``; skips the test when the oracle is not installed."""
    text = 'import sys\nsys.argv[1:] = %r\n' % ([str(a) for a in argv],) + \
        (HERE / script).read_text()
    theirs = sections(run_oracle(text))
    return theirs, sections(run_ours(text))


def assert_same_lines(theirs: list, ours: list, label: str) -> None:
    """Fail naming the first line where ``ours`` departs from upstream's."""
    if theirs != ours:
        i = next((j for j, (x, y) in enumerate(zip(theirs, ours)) if x != y),
                 min(len(theirs), len(ours)))
        pytest.fail('%s differs at line %d:\nupstream: %s\nours:     %s' % (
            label, i, theirs[i] if i < len(theirs) else '<end>',
            ours[i] if i < len(ours) else '<end>'))
