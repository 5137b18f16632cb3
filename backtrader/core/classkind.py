"""Whether a class was made by a class statement or in C.

Copies that rebuild an object from ``__dict__`` (spilled histories,
checkpoints) must know: an instance of a type made in C (a file, a lock, a
socket's core) keeps its state outside its attributes. The flag telling
them apart changed meaning in Python 3.12, when C modules began making their
types at run time (heap types, as a class statement's): those are marked
immutable, and a class statement's class never is.
"""
from __future__ import annotations

__all__ = ['made_by_class_statement']

_HEAPTYPE = 1 << 9          # Py_TPFLAGS_HEAPTYPE: made at run time
_IMMUTABLETYPE = 1 << 8     # Py_TPFLAGS_IMMUTABLETYPE: every type made in C (3.10 on)


def made_by_class_statement(cls: type) -> bool:
    """True for a class made by a class statement (or ``type(...)``), False
    for a type made in C, built-in or of a C module."""
    flags = cls.__flags__
    return bool(flags & _HEAPTYPE) and not flags & _IMMUTABLETYPE
