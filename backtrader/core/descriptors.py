"""Declared attribute names resolved per instance.

Classes on the hot path (strategies, indicators, lines, orders) must not define
``__getattr__``: CPython 3.11 then stops specialising every attribute access on
them. Names that depend on the instance (``line0``, ``data1_close``, an order's
parameters) are declared on the class instead, as non-data descriptors of this
kind: an instance's own attribute of the same name still wins.
"""
from __future__ import annotations

from typing import Any, Hashable


class InstanceLookup:
    """Non-data descriptor computing its value from the instance and ``key``;
    subclasses implement ``lookup`` (raise ``AttributeError`` when absent)."""

    __slots__ = ('key',)

    def __init__(self, key: Hashable) -> None:
        self.key = key

    def __get__(self, obj: Any, cls: type | None = None) -> Any:
        if obj is None:
            return self
        return self.lookup(obj)

    def lookup(self, obj: Any) -> Any:
        raise NotImplementedError


def declare(cls: type, name: str, descriptor: InstanceLookup) -> bool:
    """Put ``descriptor`` on ``cls`` as ``name`` unless some class of its
    hierarchy already defines that name; True when it was added."""
    if hasattr(cls, name):
        return False
    setattr(cls, name, descriptor)
    return True


class MadeOnFirstRead:
    """Non-data descriptor for a per-instance attribute most instances never
    read: ``factory()`` is called on the first read and its result stored in
    the instance's ``__dict__`` under the descriptor's name (later reads find
    it there). Instances kept by the thousand (orders) skip the object until
    someone asks for it; an assignment simply stores a value, and deleting the
    stored value makes the next read call the factory again. With
    ``of_instance``, the factory is given the instance (a value derived from
    it, made when first needed)."""

    __slots__ = ('factory', 'name', 'of_instance')

    def __init__(self, factory, of_instance: bool = False) -> None:
        self.factory = factory
        self.name = None
        self.of_instance = of_instance

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, cls: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = \
            self.factory(obj) if self.of_instance else self.factory()
        return value
