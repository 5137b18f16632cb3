"""Messages a user reads speak of the user's work, not of ours.

Scans the package: the text of every exception raised or built (``raise X(...)``,
``X(...)`` for an ``...Error``/``...Exception``/``...Warning`` class,
``warnings.warn``), the message and docstring of every placeholder class, and
the advice table of ``backtrader.unavailable``. None may speak of issues, work
still to come, sessions of work, helpers or TODOs. Docstrings are scanned for
the phrases that announced future work ("arrives with the ... issue").
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import backtrader as bt
from backtrader.unavailable import ALTERNATIVES, Unavailable

PACKAGE = Path(bt.__file__).resolve().parent

FORBIDDEN = re.compile(
    r'\bissues?\b|\barrives?\b|\bhelpers?\b|\bTODO\b|\bFIXME\b|\bXXX\b|\bplaceholders?\b'
    r'|\b(this|next|later|coding|work|another) session\b'
    r'|\bnot (available|implemented|supported) yet\b|\bnot yet (available|implemented)\b',
    re.IGNORECASE)
FORBIDDEN_IN_DOCS = re.compile(r'\barrives? with\b|\bthe [\w/-]+ issue\b|\buntil the \w+ issue\b',
                               re.IGNORECASE)


def _strings(node: ast.AST) -> list:
    return [n.value for n in ast.walk(node)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ''


def message_texts(source: str) -> list:
    """(line, text) of every string that goes into an exception or warning."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and node.exc is not None:
            out += [(node.lineno, s) for s in _strings(node.exc)]
        elif isinstance(node, ast.Call):
            name = _callee(node)
            if name.endswith(('Error', 'Exception', 'Warning')) or name == 'warn':
                out += [(node.lineno, s) for a in node.args for s in _strings(a)]
    return sorted(set(out))          # a raise of a call is seen twice


def docstrings(source: str) -> list:
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                out.append((getattr(node, 'lineno', 1), doc))
    return out


def _sources():
    return sorted(PACKAGE.rglob('*.py'))


def test_scanner_finds_a_bad_message():
    bad = ("def f():\n    raise NotImplementedError('resampling arrives with the resample "
           "issue')\n\ndef g():\n    return ValueError('see the %s issue' % 3)\n")
    texts = message_texts(bad)
    assert [line for line, text in texts if FORBIDDEN.search(text)] == [2, 5]
    assert not FORBIDDEN.search('order size must be a number, got abc')


def test_no_exception_text_mentions_internal_work():
    found = ['%s:%d: %r' % (path.relative_to(PACKAGE.parent), line, text)
             for path in _sources()
             for line, text in message_texts(path.read_text(encoding='utf-8'))
             if FORBIDDEN.search(text)]
    assert not found, '\n'.join(found)


def test_no_docstring_announces_internal_work():
    found = ['%s:%d' % (path.relative_to(PACKAGE.parent), line)
             for path in _sources()
             for line, text in docstrings(path.read_text(encoding='utf-8'))
             if FORBIDDEN_IN_DOCS.search(text)]
    assert not found, '\n'.join(found)


def test_alternatives_are_user_advice():
    for area, advice in ALTERNATIVES.items():
        assert not FORBIDDEN.search(advice), area
        assert advice[0].islower() and not advice.endswith('.')   # completes "Instead, ..."


def _placeholders() -> list:
    found = {}
    for info in pkgutil.walk_packages(bt.__path__, 'backtrader.'):
        try:
            module = importlib.import_module(info.name)
        except ImportError:            # optional dependencies (talib...)
            continue
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Unavailable) and obj is not Unavailable:
                found[id(obj)] = obj
    for obj in vars(bt.feeds).values():
        if isinstance(obj, type) and issubclass(obj, Unavailable):
            found[id(obj)] = obj
    return sorted(found.values(), key=lambda k: (k.__module__, k.__name__))


PLACEHOLDERS = _placeholders()


@pytest.mark.parametrize('cls', PLACEHOLDERS, ids=lambda k: '%s.%s' % (k.__module__, k.__name__))
def test_placeholder_says_what_to_use_instead(cls):
    with pytest.raises(NotImplementedError) as exc:
        cls()
    message = str(exc.value)
    assert not FORBIDDEN.search(message), message
    assert not FORBIDDEN.search(cls.__doc__ or ''), cls.__doc__
    assert cls.__name__ in message and 'Instead, ' in message
    assert cls._bt_area in ALTERNATIVES, cls._bt_area       # a real piece of advice
