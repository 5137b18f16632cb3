"""The ``btrun`` command (``backtrader/btrun/btrun.py``), at upstream's paths:
``backtrader.btrun.btrun`` is the module, ``backtrader.btrun`` the package
whose ``btrun`` is the command's function (the console script's target).

Layer: entry (command-line entry points). May import: any module of the package.
"""
from .btrun import *  # noqa: F401,F403
from .btrun import btrun, main, parse_kwargs  # noqa: F401
