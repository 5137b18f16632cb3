"""Compat modules (upstream's import paths) only re-export, and say so.

A compat module's docstring starts with ``Compat:``; its body is imports and
plain aliases (``name = other``), a few lines. The top-level ones form the
``compat`` layer of layertable.py; subpackages may hold some too (e.g.
``feeds/csvgeneric.py``). docs/architecture.md lists them.
"""
from __future__ import annotations

import ast

import archscan
from layertable import LAYER_OF, group_of

MAX_STATEMENTS = 8


def _docstring(name: str) -> str:
    return ast.get_docstring(archscan.tree(name)) or ''


def _is_compat(name: str) -> bool:
    return _docstring(name).startswith('Compat:')


def _top_level_compat() -> set:
    return {m for m in archscan.modules()
            if m.count('.') == 1 and LAYER_OF.get(group_of(m), (0, ''))[1] == 'compat'}


def _not_reexport(name: str) -> list:
    """Statements of the module other than its docstring, imports and aliases."""
    bad = []
    for node in archscan.tree(name).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Name, ast.Attribute)):
            continue
        if isinstance(node, ast.Assign) and [getattr(t, 'id', None) for t in node.targets] \
                == ['__all__']:
            continue
        bad.append('%s:%d' % (archscan.relpath(name), node.lineno))
    return bad


def test_compat_layer_modules_say_so():
    missing = sorted(archscan.relpath(m) for m in _top_level_compat() if not _is_compat(m))
    assert not missing, 'compat modules whose docstring does not start with "Compat:": %s' \
        % missing


def test_compat_modules_only_reexport():
    bad, long = [], []
    for name in archscan.modules():
        if not _is_compat(name):
            continue
        bad += _not_reexport(name)
        if len(archscan.tree(name).body) - 1 > MAX_STATEMENTS:
            long.append(archscan.relpath(name))
    assert not bad, 'compat modules doing more than re-exporting: %s' % bad
    assert not long, 'compat modules longer than %d statements: %s' % (MAX_STATEMENTS, long)


def test_top_level_compat_modules_are_declared():
    stray = sorted(archscan.relpath(m) for m in archscan.modules()
                   if m.count('.') == 1 and _is_compat(m) and m not in _top_level_compat())
    assert not stray, 'top-level "Compat:" modules missing from the compat layer: %s' % stray
