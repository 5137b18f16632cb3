"""The layers of ``backtrader/``: the one declaration of the package's layering.

Each group is a subpackage or a top-level module of ``backtrader/``, named
relative to the package ('' is the package's own ``__init__``: the public
namespace). A module may import

* modules of its own group,
* modules of any group in a lower layer,
* the groups of its own layer that ``USES`` lists for its group (siblings it
  builds on, e.g. observers show analyzers' figures).

Checked by test_arch_layers.py (imports), test_arch_compat.py (the compat
layer only re-exports) and test_arch_packages.py (each subpackage's docstring
names its layer). docs/architecture.md describes the layers.
"""
from __future__ import annotations

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
                    ('order', 'orderdata', 'trade', 'position', 'comminfo', 'sizer', 'flt',
                     'store', 'writer', 'timer', 'tradingcal')),
    ('components',  'the pluggable parts of a run: data feeds, indicators, brokers, analyzers, '
                    'observers, sizers, filters, signals, commission schemes, stores',
                    ('feeds', 'indicators', 'brokers', 'analyzers', 'sizers', 'commissions',
                     'filters', 'stores', 'observers', 'signal', 'talib', 'studies')),
    ('strategy',    'the Strategy class, the parts it is built from (strategykit: order '
                    'entry, hooks, trade ledger, run driver, memory modes) and ready-made '
                    'strategies',
                    ('strategy', 'strategykit', 'signalstrategy', 'strategies')),
    ('engine',      'Cerebro and the run loops',
                    ('engine',)),
    ('tools',       'built on whole runs: optimisation, run state, plotting, result exports',
                    ('optimizers', 'state', 'plot', 'results')),
    ('compat',      "modules at upstream's import paths that only re-export "
                    '(docs/architecture.md lists them)',
                    ('analyzer', 'broker', 'cerebro', 'dataseries', 'errors', 'feed', 'fillers',
                     'functions', 'indicator', 'linebuffer', 'lineiterator', 'lineroot',
                     'lineseries', 'metabase', 'observer', 'signals', 'resamplerfilter')),
    ('namespace',   "the public namespace, upstream's ``bt.`` names",
                    ('',)),
    ('entry',       'command-line entry points',
                    ('btrun', '__main__')),
)

# Same-layer groups a group builds on (group -> groups it may import).
USES = {
    'observers': ('analyzers',),            # observers show analyzers' figures per bar
    'filters': ('feeds',),                  # filters wrap and edit data feeds
    'signal': ('indicators',),              # signals are indicators
    'talib': ('indicators',),
    'studies': ('indicators',),
    'strategy': ('strategykit',),           # Strategy is built from its parts
    'signalstrategy': ('strategy',),
    'strategies': ('strategy',),
    'plot': ('results',),                   # charts draw the results' tables
    'broker': ('fillers',),                 # upstream's bt.broker.fillers
    'stores': ('feeds',),                   # a store makes its feeds (DataCls)
    'order': ('orderdata',),                # an order holds its created/executed data
}


def _ranks() -> dict:
    out = {}
    for rank, (layer, _, groups) in enumerate(LAYERS):
        for group in groups:
            assert group not in out, 'group %r declared twice' % group
            out[group] = (rank, layer)
    return out


LAYER_OF = _ranks()     # group -> (rank from the bottom, layer name)


def group_of(module: str) -> str:
    """The group of a dotted module name (``backtrader.lines.buffer`` -> ``lines``)."""
    parts = module.split('.')
    return parts[1] if len(parts) > 1 else ''


def may_import(source: str, target: str) -> bool:
    """Whether module ``source`` may import module ``target``."""
    sgroup, tgroup = group_of(source), group_of(target)
    if sgroup == tgroup:
        return True
    if LAYER_OF[tgroup][0] < LAYER_OF[sgroup][0]:
        return True
    return tgroup in USES.get(sgroup, ())
