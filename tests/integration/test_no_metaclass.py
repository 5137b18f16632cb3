"""Must-show: no metaclass anywhere in backtrader/ (the design uses
__init_subclass__, descriptors and registries)."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import backtrader as bt

PKG = Path(bt.__file__).resolve().parent


def _py_files():
    return sorted(p for p in PKG.rglob('*.py'))


def test_no_metaclass_keyword_in_source():
    offenders = []
    for path in _py_files():
        tree = ast.parse(path.read_text(encoding='utf-8'), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                if any(kw.arg == 'metaclass' for kw in node.keywords):
                    offenders.append('%s:%d class %s' % (path.name, node.lineno, node.name))
            if isinstance(node, ast.Call) and getattr(node.func, 'id', '') == 'with_metaclass':
                offenders.append('%s:%d with_metaclass()' % (path.name, node.lineno))
    assert not offenders, offenders


def test_every_class_in_the_package_has_type_as_metaclass():
    import importlib
    import pkgutil
    seen = 0
    for mod in pkgutil.walk_packages([str(PKG)], prefix='backtrader.'):
        if mod.name.endswith('__main__'):
            continue
        try:
            module = importlib.import_module(mod.name)
        except ImportError:
            continue
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__.startswith('backtrader'):
                seen += 1
                assert type(obj) is type, '%s has metaclass %s' % (obj, type(obj))
                # upstream's metaclass names exist for legacy user code only
                assert not issubclass(obj, type) or \
                    obj.__module__ == 'backtrader.core.legacymeta', obj
    assert seen > 100
