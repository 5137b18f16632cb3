"""Python 2/3 compatibility names kept for code written against the original API.

Everything here is the plain Python 3 object. ``with_metaclass`` is kept for
legacy code building its own classes with a metaclass (core/legacymeta.py).
"""
from __future__ import annotations

import builtins as _builtins
import itertools
import queue
import sys
from io import StringIO
from typing import Any, Iterator
from urllib.parse import quote as urlquote

from ..core.legacymeta import with_metaclass

try:  # only exists on Windows
    import winreg
except ImportError:
    winreg = None

__all__ = [
    'PY2', 'MAXINT', 'MININT', 'MAXFLOAT', 'MINFLOAT', 'string_types',
    'integer_types', 'long', 'range', 'zip', 'map', 'filter', 'StringIO', 'queue',
    'winreg', 'urlopen', 'urlquote', 'ProxyHandler', 'build_opener',
    'install_opener', 'cmp', 'bstr', 'bytes', 'iteritems', 'itervalues', 'iterkeys',
    'items', 'values', 'keys', 'with_metaclass',
]

PY2 = False

MAXINT = sys.maxsize
MININT = -sys.maxsize - 1
MAXFLOAT = sys.float_info.max
MINFLOAT = sys.float_info.min

string_types = (str,)
integer_types = (int,)
long = int

range = _builtins.range
zip = _builtins.zip
map = _builtins.map
filter = _builtins.filter


def cmp(a: Any, b: Any) -> int:
    """Three-way comparison: -1, 0 or 1 (0 when unordered, e.g. NaN)."""
    return (a > b) - (a < b)


def bstr(x: Any) -> str:
    """Text form of ``x``."""
    return str(x)


def bytes(x: str) -> _builtins.bytes:  # noqa: A001 - name kept for compatibility
    """UTF-8 encoding of the string ``x``."""
    return x.encode()


def iteritems(d: Any) -> Iterator:
    """Iterator over the items of mapping ``d``."""
    return iter(d.items())


def itervalues(d: Any) -> Iterator:
    """Iterator over the values of mapping ``d``."""
    return iter(d.values())


def iterkeys(d: Any) -> Iterator:
    """Iterator over the keys of mapping ``d``."""
    return iter(d.keys())


def items(d: Any) -> list:
    """The items of mapping ``d`` as a list."""
    return list(d.items())


def values(d: Any) -> list:
    """The values of mapping ``d`` as a list."""
    return list(d.values())


# The urllib.request names load on first use: importing backtrader must not pull in
# the network and mail stack (http, ssl, email, socket) for scripts that never fetch.
_URLLIB_REQUEST_NAMES = ('urlopen', 'ProxyHandler', 'build_opener', 'install_opener')


def __getattr__(name: str) -> Any:
    if name in _URLLIB_REQUEST_NAMES:
        import urllib.request
        value = getattr(urllib.request, name)
        globals()[name] = value
        return value
    raise AttributeError('module %r has no attribute %r' % (__name__, name))


def keys(d: Any) -> list:
    """The keys of mapping ``d`` as a list."""
    return list(d.keys())
