"""``made_by_class_statement``: a class statement's class, or a type made in C
(built-in, or a C module's -- from Python 3.12 on files and others are heap
types, which the heap-type flag alone took for class statements' classes: a
checkpoint then copied an open file's attributes instead of refusing it)."""
from __future__ import annotations

import collections
import io
import threading

import pytest

from backtrader.core.classkind import made_by_class_statement


class Plain:
    pass


class MyStringIO(io.StringIO):
    pass


@pytest.mark.parametrize('cls', [Plain, MyStringIO, type('Made', (), {}),
                                 type('MadeDict', (dict,), {})])
def test_class_statements(cls):
    assert made_by_class_statement(cls)


@pytest.mark.parametrize('cls', [int, dict, object, type, io.TextIOWrapper, io.StringIO,
                                 io.BufferedReader, collections.OrderedDict,
                                 collections.deque, type(threading.Lock())])
def test_types_made_in_c(cls):
    assert not made_by_class_statement(cls)
