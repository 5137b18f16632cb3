"""The import graph of ``backtrader/`` follows the declared layers, without cycles.

The layers are declared once, in ``layertable.py`` (rules there). Imports inside
functions (lazy) count like the others, and no set of modules may import each
other in a circle, lazy imports and the packages an import initialises
included. Checked statically (``archscan``): nothing is imported.
"""
from __future__ import annotations

import archscan
from layertable import LAYER_OF, group_of, may_import

# Imports breaking the layering that wait for the restructuring of other parts
# of the code (each entry: (importing module, imported module)). Empty it as
# those parts land; an entry no longer needed fails the test (entries naming a
# module that does not exist yet are skipped, so they may precede its arrival).
ALLOWED = {
    # cerebro.plot() is upstream's API on the facade; where the facade sits
    # relative to the tools built on the engine is for the engine split to settle
    ('backtrader.engine.cerebro', 'backtrader.plot.cerebroplot'),
}

# Modules importing each other in a circle, awaiting the same restructuring.
ALLOWED_CYCLES = [
]


def test_every_module_belongs_to_a_layer():
    undeclared = sorted({group_of(m) for m in archscan.modules()} - set(LAYER_OF))
    assert not undeclared, ('backtrader/ groups missing from LAYERS (layertable.py): %s'
                            % undeclared)


def test_imports_go_down_the_layers():
    found = {}
    for imp in archscan.imports():
        if group_of(imp.source) not in LAYER_OF or group_of(imp.target) not in LAYER_OF:
            continue        # reported by test_every_module_belongs_to_a_layer
        if not may_import(imp.source, imp.target):
            found.setdefault((imp.source, imp.target), imp)
    unexpected = [imp for key, imp in sorted(found.items()) if key not in ALLOWED]
    assert not unexpected, 'imports going up or sideways:\n' + '\n'.join(
        '  %s:%d%s imports %s (layer %s -> %s)' % (
            archscan.relpath(i.source), i.line, ' (lazy)' if i.lazy else '', i.target,
            LAYER_OF[group_of(i.source)][1], LAYER_OF[group_of(i.target)][1])
        for i in unexpected)
    present = archscan.modules()
    stale = sorted(key for key in set(ALLOWED) - set(found)
                   if key[0] in present and key[1] in present)
    assert not stale, 'ALLOWED entries no longer needed (remove them): %s' % stale


def test_no_import_cycles():
    graph = archscan.import_graph()
    cycles = archscan.strongly_connected(graph)
    unexpected = [c for c in cycles if c not in ALLOWED_CYCLES]
    assert not unexpected, 'modules importing each other in a circle:\n' + '\n'.join(
        '  %d modules, e.g. %s' % (len(c), ' -> '.join(archscan.one_loop(graph, c)))
        for c in unexpected)
    stale = [c for c in ALLOWED_CYCLES if c not in cycles]
    assert not stale, 'ALLOWED_CYCLES entries no longer needed (remove them): %s' % stale
