"""Metaclass-era names, compared with upstream (issue "Drop-in first", §2):
``legacy_names_cases.py`` builds classes the way legacy code does
(``with_metaclass`` with ``MetaParams``/``MetaIndicator``/``MetaStrategy``/
``MetaAnalyzer``, a user singleton metaclass derived from ``MetaParams``, the
store registration pattern through ``BrokerBase.__class__``/
``DataBase.__class__``, ``metaclass=bt.MetaParams``) and prints what they do;
upstream and this project must print the same. Our own classes use no
metaclass (tests/integration/test_no_metaclass.py).
"""
from __future__ import annotations

import pytest

from conftest import DATAS
from dual import assert_same_lines, run_both


@pytest.mark.oracle
def test_legacy_metaclass_code_as_upstream():
    theirs, ours = run_both('legacy_names_cases.py', [DATAS / '2006-day-001.txt'])
    assert len(theirs['']) >= 20 and theirs[''][0].startswith('X 1 5')
    assert_same_lines(theirs[''], ours[''], 'legacy_names_cases.py')
