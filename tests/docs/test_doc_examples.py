"""Every ```python block of these documentation pages is a complete script:
each one runs here, in a fresh process, in an empty working folder."""
from __future__ import annotations

import re

import pytest

from conftest import REPO, run_ours

PAGES = ['docs/timers.md', 'docs/feeds.md', 'docs/parallelcsv.md']
_BLOCK = re.compile(r'^```python\n(.*?)^```', re.S | re.M)


def _blocks():
    for page in PAGES:
        text = (REPO / page).read_text()
        for k, match in enumerate(_BLOCK.finditer(text)):
            yield pytest.param(match.group(1), id='%s#%d' % (page, k + 1))


@pytest.mark.parametrize('code', list(_blocks()))
def test_doc_example_runs(code):
    run_ours(code, timeout=120)


def test_pages_have_examples():
    assert all(_BLOCK.search((REPO / page).read_text()) for page in PAGES)
