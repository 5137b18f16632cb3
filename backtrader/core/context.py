"""Owner attachment through an explicit context stack.

While an object's ``__init__`` runs, the object sits on this stack; anything
created meanwhile (an SMA inside a strategy, a line operation inside an
indicator) finds its owner by looking down the stack for the nearest object of
the wanted class. No call-stack inspection is involved.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

__all__ = ['owner_stack', 'find_owner', 'findowner', 'building']

owner_stack: list = []


def find_owner(cls: type, skip: Any = None, startlevel: int = 0) -> Any:
    """Nearest object on the stack that is an instance of ``cls`` (and is not
    ``skip``), or None."""
    stack = owner_stack
    for i in range(len(stack) - 1 - startlevel, -1, -1):
        obj = stack[i]
        if obj is not skip and isinstance(obj, cls):
            return obj
    return None


def findowner(owned: Any, cls: type, startlevel: int = 2, skip: Any = None) -> Any:
    """Upstream's ``metabase.findowner``: the nearest object of class ``cls``
    being built, other than ``owned`` and ``skip`` (``startlevel`` counted
    stack frames upstream; the owner stack needs no such offset)."""
    found = find_owner(cls, skip=skip)
    return None if found is owned else found


@contextmanager
def building(obj: Any) -> Iterator[Any]:
    """Push ``obj`` while the body runs (used around ``__init__`` and hooks in
    which users create sub-objects)."""
    owner_stack.append(obj)
    try:
        yield obj
    finally:
        owner_stack.pop()
