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

from pathlib import Path

import pytest

from conftest import DATAS, run_oracle, run_ours

HERE = Path(__file__).resolve().parent


@pytest.mark.oracle
def test_legacy_metaclass_code_as_upstream():
    script = 'import sys\nsys.argv[1:] = [%r]\n' % str(DATAS / '2006-day-001.txt') + \
        (HERE / 'legacy_names_cases.py').read_text()
    theirs = run_oracle(script).splitlines()
    ours = run_ours(script).splitlines()
    assert len(theirs) >= 20 and theirs[0].startswith('X 1 5')
    assert ours == theirs
