"""Compat: upstream's import path ``backtrader.metabase``; re-exports the names
legacy code imports from it (parameters, owner lookup, legacy metaclass names,
``ItemCollection``). Classes here are built without metaclasses (see
``core/legacymeta.py``)."""
from .core.params import AutoInfoClass, ParamsBase  # noqa: F401
from .core.context import findowner  # noqa: F401
from .core.legacymeta import MetaBase, MetaParams, with_metaclass  # noqa: F401
from .strategy import ItemCollection  # noqa: F401
