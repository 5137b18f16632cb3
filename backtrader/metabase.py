"""Compat path ``backtrader.metabase``: the names legacy code imports.

There is no metaclass: ``MetaParams``/``MetaBase`` are the plain parameter
bases, and ``findowner`` searches the explicit owner stack.
"""
from .core.params import AutoInfoClass, ParamsBase  # noqa: F401
from .core.context import find_owner as _find_owner
from .strategy import ItemCollection  # noqa: F401

MetaParams = ParamsBase
MetaBase = ParamsBase


def findowner(owned, cls, startlevel=2, skip=None):
    """Nearest object of class ``cls`` being built (other than ``owned`` and ``skip``)."""
    found = _find_owner(cls, skip=skip)
    return None if found is owned else found
