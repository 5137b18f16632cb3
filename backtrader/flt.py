"""``Filter``: base of data filters written in ``next`` style (``bt.Filter``).

A filter is created as ``F(data, **params)`` by ``data.addfilter(F, ...)`` and
then called once per bar with the data. This base turns the calls into
``nextstart(data)`` on the first bar and ``next(data)`` on every bar. It never
removes a bar (the call returns None); subclasses edit the data in place.
"""
from __future__ import annotations

from typing import Any

from .core.legacymeta import MetaFilter, MetaParams, with_metaclass  # noqa: F401
from .core.params import ParamsBase

__all__ = ['Filter', 'MetaFilter']


class Filter(ParamsBase):
    """Base class of next-style data filters (no parameters of its own)."""

    _firsttime: bool = True

    def __init__(self, data: Any) -> None:
        pass

    def __call__(self, data: Any) -> None:
        if self._firsttime:
            self._firsttime = False
            self.nextstart(data)
        self.next(data)

    def nextstart(self, data: Any) -> None:
        """Called before ``next`` on the first bar only."""

    def next(self, data: Any) -> None:
        """Called on every bar; the return value is ignored."""


