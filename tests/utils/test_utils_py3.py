"""py2/3 shim names (backtrader.utils.py3).

Names and values: upstream run as a black box,
    PYTHONPATH=.oracle python3 -c \
        'import backtrader.utils.py3 as p; print(sorted(n for n in dir(p) if not n.startswith("__")))'
(minus the __future__ feature flags).
"""
import io
import queue
import sys
import urllib.parse
import urllib.request

import pytest

import backtrader.utils.py3 as py3

UPSTREAM_NAMES = [
    'MAXFLOAT', 'MAXINT', 'MINFLOAT', 'MININT', 'PY2', 'ProxyHandler', 'StringIO', 'bstr',
    'build_opener', 'bytes', 'cmp', 'filter', 'install_opener', 'integer_types', 'items',
    'iteritems', 'iterkeys', 'itertools', 'itervalues', 'keys', 'long', 'map', 'queue',
    'range', 'string_types', 'sys', 'urlopen', 'urlquote', 'values', 'winreg', 'with_metaclass',
    'zip',
]


def test_names_present():
    missing = [n for n in UPSTREAM_NAMES if not hasattr(py3, n)]
    assert missing == []
    # legacy code builds its own classes with it (tests/compat/test_names_oracle.py)
    base = py3.with_metaclass(py3.with_metaclass.__globals__['MetaParams'], object)

    class X(base):
        params = (('a', 1),)

    assert X(a=2).p.a == 2


def test_constants_and_aliases():
    assert py3.PY2 is False
    assert py3.MAXINT == sys.maxsize == 9223372036854775807
    assert py3.MININT == -9223372036854775808
    assert py3.MAXFLOAT == 1.7976931348623157e+308
    assert py3.MINFLOAT == 2.2250738585072014e-308
    assert py3.string_types == (str,) and py3.integer_types == (int,) and py3.long is int
    assert (py3.range, py3.zip, py3.map, py3.filter) == (range, zip, map, filter)
    assert py3.StringIO is io.StringIO and py3.queue is queue
    assert py3.urlopen is urllib.request.urlopen
    assert py3.build_opener is urllib.request.build_opener
    assert py3.install_opener is urllib.request.install_opener
    assert py3.ProxyHandler is urllib.request.ProxyHandler
    assert py3.urlquote is urllib.parse.quote
    if sys.platform != 'win32':
        assert py3.winreg is None


def test_functions():
    d = {'a': 1, 'b': 2}
    assert py3.items(d) == [('a', 1), ('b', 2)]
    assert py3.keys(d) == ['a', 'b'] and py3.values(d) == [1, 2]
    assert list(py3.iteritems(d)) == [('a', 1), ('b', 2)]
    assert list(py3.iterkeys(d)) == ['a', 'b'] and list(py3.itervalues(d)) == [1, 2]
    assert not isinstance(py3.iteritems(d), list)
    assert (py3.cmp(1, 2), py3.cmp(2, 1), py3.cmp(1, 1), py3.cmp('a', 'b')) == (-1, 1, 0, -1)
    assert py3.cmp(float('nan'), 1) == 0
    with pytest.raises(TypeError):
        py3.cmp(None, 1)
    assert py3.bstr(5) == '5' and py3.bytes('abc') == b'abc'
    with pytest.raises(AttributeError):
        py3.bytes(b'x')  # as upstream: only str is encoded
