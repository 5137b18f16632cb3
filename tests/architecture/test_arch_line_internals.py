"""Line storage internals stay inside ``backtrader/lines/``.

A line's array (``_a``), its memoryview (``_mv``) and its clock (``_c``) are
private to ``lines/``; code elsewhere uses the supported API (``storage()``,
``scalars()``, ``clock``, ``window()``, ``current_value()``...: docs/lines-api.md).
Checked on the syntax tree: any attribute of that name, or ``getattr``/``setattr``
with it, outside ``lines/`` fails unless its file is allowlisted below.
"""
from __future__ import annotations

import ast

import archscan

INTERNAL = frozenset(('_a', '_mv', '_c'))

# Files still reading line internals, awaiting their own restructuring (they
# move to the supported API when it lands). Entries are paths relative to the
# repository; one ending in '/' covers a folder. An entry no longer needed
# fails the test: remove it.
ALLOWED = (
)


def _uses(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in INTERNAL:
            yield node.lineno, node.attr
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ('getattr', 'setattr', 'hasattr') and len(node.args) >= 2
              and isinstance(node.args[1], ast.Constant) and node.args[1].value in INTERNAL):
            yield node.lineno, node.args[1].value


def _allowlisted(path: str):
    for entry in ALLOWED:
        if path == entry or (entry.endswith('/') and path.startswith(entry)):
            return entry
    return None


def test_no_line_internals_outside_lines():
    found, used_entries = [], set()
    for name in archscan.modules():
        if name == 'backtrader.lines' or name.startswith('backtrader.lines.'):
            continue
        path = archscan.relpath(name)
        uses = list(_uses(archscan.tree(name)))
        if not uses:
            continue
        entry = _allowlisted(path)
        if entry is not None:
            used_entries.add(entry)
            continue
        found += ['  %s:%d .%s' % (path, line, attr) for line, attr in uses]
    assert not found, ('line internals used outside backtrader/lines/ (use the API of '
                       'docs/lines-api.md):\n' + '\n'.join(found))
    stale = sorted(set(ALLOWED) - used_entries)
    assert not stale, 'ALLOWED entries no longer needed (remove them): %s' % stale


def test_the_check_sees_internal_uses():
    code = 'def f(line):\n    return line._mv[line._c.idx] + getattr(line, "_a")[0]\n'
    assert sorted(attr for _, attr in _uses(ast.parse(code))) == ['_a', '_c', '_mv']
