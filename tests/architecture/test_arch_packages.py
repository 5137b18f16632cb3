"""Each package of ``backtrader/`` says in its docstring which layer it is and
what it may import (a ``Layer: <name>`` line, as layertable.py declares)."""
from __future__ import annotations

import ast
import re

import archscan
from layertable import LAYER_OF, group_of

_LAYER_LINE = re.compile(r'^Layer: (\w+)', re.M)


def test_package_docstrings_name_their_layer():
    problems = []
    for name in archscan.modules():
        if not archscan.is_package(name):
            continue
        doc = ast.get_docstring(archscan.tree(name)) or ''
        match = _LAYER_LINE.search(doc)
        expected = LAYER_OF[group_of(name)][1]
        if match is None or match.group(1) != expected:
            problems.append('%s: needs a "Layer: %s" line' % (archscan.relpath(name), expected))
        elif 'may import' not in doc.lower():
            problems.append('%s: should say what it may import' % archscan.relpath(name))
    assert not problems, '\n'.join(problems)
