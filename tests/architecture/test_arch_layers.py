"""The import graph of ``backtrader/`` follows the declared layers, without cycles.

``LAYERS`` is the one declaration of the package's layering (docs/architecture.md
describes it). Each group is a subpackage or a top-level module of
``backtrader/``, named relative to the package ('' is the package's own
``__init__``, the public namespace). A module may import

* modules of its own group,
* modules of any group in a lower layer,
* the groups of its own layer that ``USES`` lists for its group (siblings it
  builds on, e.g. observers reuse analyzers' computations).

Imports inside functions (lazy) count like the others, and no set of modules
may import each other in a circle, lazy imports and the packages an import
initialises included. Checked statically (``archscan``): nothing is imported.
"""
from __future__ import annotations

import ast

import pytest

import archscan

# Bottom up. A module may import downward only.
LAYERS = (
    ('core',        'params, owner context, registries, errors, strict mode, legacy metaclass '
                    'names',
                    ('core',)),
    ('utils',       'dates, dict helpers, timeframes, statistics helpers, placeholders',
                    ('utils', 'version', 'unavailable', 'mathsupport', 'sampledata')),
    ('lines',       'line buffers on shared clocks, line series, the iterating lifecycle, '
                    'operations and vectorised kernels',
                    ('lines',)),
    ('model',       'what strategies and brokers exchange: orders, trades, positions, '
                    'commission terms, sizer/filter/store/writer bases',
                    ('order', 'trade', 'position', 'comminfo', 'sizer', 'flt', 'store', 'writer',
                     'timer', 'tradingcal', 'resamplerfilter')),
    ('components',  'the pluggable parts of a run: data feeds, indicators, brokers, analyzers, '
                    'observers, sizers, filters, signals, commission schemes, stores',
                    ('feeds', 'indicators', 'brokers', 'analyzers', 'sizers', 'commissions',
                     'filters', 'stores', 'observers', 'signal', 'talib', 'studies')),
    ('strategy',    'the Strategy class and ready-made strategies',
                    ('strategy', 'signalstrategy', 'strategies')),
    ('engine',      'Cerebro and the run loops',
                    ('engine',)),
    ('tools',       'built on whole runs: optimisation, run state, plotting, result exports',
                    ('optimizers', 'state', 'plot', 'results')),
    ('compat',      "modules at upstream's import paths that only re-export "
                    '(see test_arch_compat)',
                    ('analyzer', 'broker', 'cerebro', 'dataseries', 'feed', 'fillers',
                     'functions', 'indicator', 'linebuffer', 'lineiterator', 'lineroot',
                     'lineseries', 'metabase', 'observer', 'signals')),
    ('namespace',   "the public namespace, upstream's ``bt.`` names",
                    ('',)),
    ('entry',       'command-line entry points',
                    ('btrun', '__main__')),
)

# Same-layer groups a group builds on (group -> groups it may import).
USES = {
    'commissions': ('comminfo',),           # (model; listed for clarity, it is lower)
    'observers': ('analyzers',),            # observers show analyzers' figures per bar
    'filters': ('feeds',),                  # filters wrap and edit data feeds
    'signal': ('indicators',),              # signals are indicators
    'talib': ('indicators',),
    'studies': ('indicators',),
    'signalstrategy': ('strategy',),
    'strategies': ('strategy',),
    'broker': ('fillers',),                 # upstream's bt.broker.fillers
}

# Imports breaking the layering that wait for the restructuring of other parts
# of the code (each entry: (importing module, imported module)). Empty it as
# those parts land; an entry no longer needed fails the test.
ALLOWED = {
}

# Modules importing each other in a circle, awaiting the same restructuring.
ALLOWED_CYCLES = [
]


def _layer_of() -> dict:
    out = {}
    for rank, (layer, _, groups) in enumerate(LAYERS):
        for group in groups:
            assert group not in out, 'group %r declared twice' % group
            out[group] = (rank, layer)
    return out


LAYER_OF = _layer_of()


def group_of(module: str) -> str:
    parts = module.split('.')
    return parts[1] if len(parts) > 1 else ''


def _allowed(source: str, target: str) -> bool:
    sgroup, tgroup = group_of(source), group_of(target)
    if sgroup == tgroup:
        return True
    srank, tgt = LAYER_OF[sgroup][0], LAYER_OF[tgroup][0]
    return tgt < srank or tgroup in USES.get(sgroup, ())


def test_every_module_belongs_to_a_layer():
    undeclared = sorted({group_of(m) for m in archscan.modules()} - set(LAYER_OF))
    assert not undeclared, ('backtrader/ groups missing from LAYERS in %s: %s'
                            % (__file__, undeclared))


def test_imports_go_down_the_layers():
    found = {}
    for imp in archscan.imports():
        if group_of(imp.source) not in LAYER_OF or group_of(imp.target) not in LAYER_OF:
            continue        # reported by test_every_module_belongs_to_a_layer
        if not _allowed(imp.source, imp.target):
            found.setdefault((imp.source, imp.target), imp)
    unexpected = [imp for key, imp in sorted(found.items()) if key not in ALLOWED]
    assert not unexpected, 'imports going up or sideways:\n' + '\n'.join(
        '  %s:%d%s imports %s (layer %s -> %s)' % (
            archscan.relpath(i.source), i.line, ' (lazy)' if i.lazy else '', i.target,
            LAYER_OF[group_of(i.source)][1], LAYER_OF[group_of(i.target)][1])
        for i in unexpected)
    stale = sorted(set(ALLOWED) - set(found))
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
