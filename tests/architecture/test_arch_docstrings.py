"""Docstring coverage of the user-facing API (at least 90%).

User-facing API: the public names (no leading underscore) of ``backtrader``
and of its public subpackages — upstream's ``bt.<name>`` subpackages, and the
new subsystems (optimizers, state, plot, results) once present — that are
classes or functions of this project; for each class, its public methods and
properties, wherever along its bases (this project's) they are defined. Each
function or property object counts once.

Documented: it has a docstring of its own, or a method of a base class with
the same name has one (what ``help()`` and ``inspect.getdoc`` show: an
override of a documented hook such as ``next`` or ``notify_order``).
"""
from __future__ import annotations

import importlib
import importlib.util
import inspect

THRESHOLD = 0.90
PUBLIC = ('backtrader', 'backtrader.analyzers', 'backtrader.brokers', 'backtrader.commissions',
          'backtrader.feeds', 'backtrader.filters', 'backtrader.indicators',
          'backtrader.observers', 'backtrader.signals', 'backtrader.sizers',
          'backtrader.stores', 'backtrader.strategies', 'backtrader.studies',
          'backtrader.utils', 'backtrader.talib')
NEW_PUBLIC = ('backtrader.optimizers', 'backtrader.state', 'backtrader.plot',
              'backtrader.results')


def _ours(obj) -> bool:
    module = getattr(obj, '__module__', None) or ''
    return module == 'backtrader' or module.startswith('backtrader.')


def _member(value):
    """The function a class attribute stands for (None: not a method/property)."""
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    if isinstance(value, property):
        return value if value.fget is not None and _ours(value.fget) else None
    return value if inspect.isfunction(value) and _ours(value) else None


def _doc(obj) -> str:
    return (getattr(obj, '__doc__', None) or '').strip()


def api_items() -> dict:
    """id -> (qualified name, object, documented)."""
    names = list(PUBLIC) + [m for m in NEW_PUBLIC if importlib.util.find_spec(m)]
    items = {}
    for modname in names:
        module = importlib.import_module(modname)
        for name in dir(module):
            if name.startswith('_'):
                continue
            obj = getattr(module, name)
            if inspect.isfunction(obj) and _ours(obj):
                items.setdefault(id(obj), ('%s.%s' % (modname, name), obj, bool(_doc(obj))))
            elif inspect.isclass(obj) and _ours(obj):
                items.setdefault(id(obj), ('%s.%s' % (modname, name), obj, bool(_doc(obj))))
                _add_methods(obj, items)
    return items


def _add_methods(cls: type, items: dict) -> None:
    mro = [k for k in cls.__mro__ if k is not object and _ours(k)]
    for pos, klass in enumerate(mro):
        for attr, value in vars(klass).items():
            member = _member(value)
            if attr.startswith('_') or member is None or id(member) in items:
                continue
            documented = bool(_doc(member)) or any(
                bool(_doc(_member(vars(base)[attr])))
                for base in mro[pos + 1:] if attr in vars(base) and _member(vars(base)[attr]))
            items[id(member)] = ('%s.%s' % (klass.__qualname__, attr), member, documented)


def test_user_facing_api_is_documented():
    items = api_items().values()
    missing = sorted(name for name, _, documented in items if not documented)
    ratio = 1 - len(missing) / len(items)
    assert ratio >= THRESHOLD, ('%.1f%% of %d public functions/methods/classes documented '
                                '(need %d%%); missing:\n  %s'
                                % (100 * ratio, len(items), 100 * THRESHOLD,
                                   '\n  '.join(missing)))


def test_the_count_sees_methods_and_inherited_docs():
    class Base:
        def hook(self):
            """Documented once, here."""

    class Child(Base):
        def hook(self):
            pass

        def bare(self):
            pass

    Base.__module__ = Child.__module__ = 'backtrader.example'
    for f in (Base.hook, Child.hook, Child.bare):
        f.__module__ = 'backtrader.example'
    items = {}
    _add_methods(Child, items)
    found = {name.rsplit('.', 1)[1] + ':' + name.split('.')[-2]: doc
             for name, _, doc in items.values()}
    assert found == {'hook:Child': True, 'bare:Child': False, 'hook:Base': True}
