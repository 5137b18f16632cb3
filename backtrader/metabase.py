"""Compat path ``backtrader.metabase``: the names legacy code imports.

Classes are built without metaclasses; ``MetaParams``/``MetaBase`` and
``with_metaclass`` serve legacy code that builds its own classes with them
(core/legacymeta.py), and ``findowner`` searches the explicit owner stack.
"""
from .core.params import AutoInfoClass, ParamsBase  # noqa: F401
from .core.context import find_owner as _find_owner
from .core.legacymeta import MetaBase, MetaParams, with_metaclass  # noqa: F401
from .strategy import ItemCollection  # noqa: F401


def findowner(owned, cls, startlevel=2, skip=None):
    """Nearest object of class ``cls`` being built (other than ``owned`` and ``skip``)."""
    found = _find_owner(cls, skip=skip)
    return None if found is owned else found
