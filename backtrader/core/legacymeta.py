"""Upstream's metaclass names, for code written against upstream.

Upstream builds its classes through metaclasses (``MetaParams``,
``MetaStrategy``, ...). This project uses none: its classes are plain classes
(``__init_subclass__`` and an owner stack do that work). Legacy code still
imports those names and uses them in two ways, both kept working here:

* a class deriving from ``bt.with_metaclass`` called with ``bt.MetaParams`` and
  ``object``, declaring ``params`` -- the class is built by the given metaclass;
* ``class MetaSingleton(bt.MetaParams): def __call__(cls, *a, **kw): ...``
  -- a user metaclass derived from one of them, applied the same way.

So each name is a real (empty) subclass of ``type`` that *stands for* one of
the plain bases: a class created with it gets that base added when none of its
bases derives from it already (``MetaParams`` -> ``ParamsBase``,
``MetaStrategy`` -> ``Strategy``, ...), and so gets params, lines, an owner...
The hierarchy is upstream's (``MetaIndicator`` derives from
``MetaLineIterator``, and so on). None of this project's classes use them.

Upstream's per-stage hooks of its metaclasses (``donew``, ``dopreinit``, ...)
are not called: construction does not go through a metaclass here.
"""
from __future__ import annotations

import importlib
from typing import Callable

__all__ = ['MetaBase', 'MetaParams', 'MetaLineRoot', 'MetaLineSeries', 'MetaLineIterator',
           'MetaLineActions', 'MetaIndicator', 'MetaMovAvBase', 'MetaObserver',
           'MetaDataTrades', 'MetaStrategy', 'MetaSigStrategy', 'MetaAbstractDataBase',
           'MetaCSVDataBase', 'MetaAnalyzer', 'MetaTimeFrameAnalyzerBase', 'MetaBroker',
           'MetaSingleton', 'MetaFilter', 'with_metaclass']


def _with_base(bases: tuple, plain: type) -> tuple:
    """``bases`` with ``plain`` appended unless one of them derives from it
    already; ``object`` and bases ``plain`` itself derives from make way."""
    if any(isinstance(b, type) and issubclass(b, plain) for b in bases):
        return bases
    kept = tuple(b for b in bases
                 if b is not object and not (isinstance(b, type) and issubclass(plain, b)))
    return kept + (plain,)


class MetaBase(type):
    """Root of upstream's metaclass names (see the module docstring)."""

    #: (module, class name) of the plain base this name stands for
    _bt_stands_for = ('backtrader.core.params', 'ParamsBase')

    def __new__(mcls, name, bases, namespace, **kwargs):
        module, attr = mcls._bt_stands_for
        plain = getattr(importlib.import_module(module), attr)
        return super().__new__(mcls, name, _with_base(tuple(bases), plain), namespace, **kwargs)


# upstream's metaclass names: (name, parent name, module and class it stands for)
_LEGACY = (
    ('MetaParams', 'MetaBase', 'backtrader.core.params', 'ParamsBase'),
    ('MetaLineRoot', 'MetaParams', 'backtrader.lines.root', 'LineRoot'),
    ('MetaLineSeries', 'MetaLineRoot', 'backtrader.lines.series', 'LineSeries'),
    ('MetaLineIterator', 'MetaLineSeries', 'backtrader.lines.iterator', 'LineIterator'),
    ('MetaLineActions', 'MetaLineRoot', 'backtrader.lines.ops', 'LineActions'),
    ('MetaIndicator', 'MetaLineIterator', 'backtrader.indicators.base', 'Indicator'),
    ('MetaMovAvBase', 'MetaIndicator', 'backtrader.indicators.mabase', 'MovingAverageBase'),
    ('MetaObserver', 'MetaLineIterator', 'backtrader.observers.base', 'Observer'),
    ('MetaDataTrades', 'MetaObserver', 'backtrader.observers.trades', 'DataTrades'),
    ('MetaStrategy', 'MetaLineIterator', 'backtrader.strategy', 'Strategy'),
    ('MetaSigStrategy', 'MetaStrategy', 'backtrader.signalstrategy', 'SignalStrategy'),
    ('MetaAbstractDataBase', 'MetaLineSeries', 'backtrader.feeds.base', 'AbstractDataBase'),
    ('MetaCSVDataBase', 'MetaAbstractDataBase', 'backtrader.feeds.csvbase', 'CSVDataBase'),
    ('MetaAnalyzer', 'MetaParams', 'backtrader.analyzers.base', 'Analyzer'),
    ('MetaTimeFrameAnalyzerBase', 'MetaAnalyzer', 'backtrader.analyzers.base',
     'TimeFrameAnalyzerBase'),
    ('MetaBroker', 'MetaParams', 'backtrader.brokers.base', 'BrokerBase'),
    ('MetaSingleton', 'MetaParams', 'backtrader.store', 'Store'),
    ('MetaFilter', 'MetaParams', 'backtrader.flt', 'Filter'),
)


def _make_legacy() -> dict:
    made = {'MetaBase': MetaBase}
    for name, parent, module, attr in _LEGACY:
        made[name] = type(name, (made[parent],), {
            '_bt_stands_for': (module, attr), '__module__': __name__,
            '__doc__': "Upstream's metaclass name, standing for %s.%s." % (module, attr)})
    return made


globals().update(_make_legacy())


def _legacy_base(meta: type, *bases: type) -> type:
    """A base class that makes the class deriving from it an instance of
    ``meta`` with ``bases`` as its bases (upstream's ``with_metaclass``): a
    class ``X`` deriving from it, given ``M`` and ``B``, is ``M('X', (B,), {...})``."""

    class _Resolver(type):
        def __new__(mcls, name, _bases, namespace):
            return meta(name, bases, namespace)

    return type.__new__(_Resolver, 'temporary_class', (), {})


# upstream's public name, bound to our function
_legacy_base.__name__ = _legacy_base.__qualname__ = 'with_metaclass'
with_metaclass: Callable[..., type] = _legacy_base
