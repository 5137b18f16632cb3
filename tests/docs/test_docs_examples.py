"""Every ```python block of the documentation is a complete script: each one
is run here in a fresh process against this project and must exit cleanly.
(Fragments are fenced ```py and are not run; ``docs/dev`` holds working notes
for developers, not documentation, and is left out.)"""
from __future__ import annotations

import re

import pytest

from conftest import REPO, run_ours

_FENCE = re.compile(r'^```python[ \t]*\n(.*?)^```[ \t]*$', re.S | re.M)


def _blocks() -> list:
    out = []
    for page in sorted((REPO / 'docs').rglob('*.md')):
        if 'dev' in page.relative_to(REPO / 'docs').parts[:-1]:
            continue
        for i, match in enumerate(_FENCE.finditer(page.read_text()), 1):
            out.append(pytest.param(match.group(1),
                                    id='%s#%d' % (page.relative_to(REPO / 'docs'), i)))
    return out


BLOCKS = _blocks()


def test_the_docs_have_runnable_examples():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize('code', BLOCKS)
def test_example_runs(code):
    run_ours(code, timeout=120)      # raises with the script's stderr on failure
