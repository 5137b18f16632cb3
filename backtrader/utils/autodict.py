"""Self-extending dictionaries used for analysis results and bookkeeping.

Analyzers fill nested results with ``rets.trades.total += 1`` style code: reading a
missing key creates an empty child node, and an augmented operation on such a node
behaves as if the node held zero. The printed forms are those of ``dict`` and
``OrderedDict`` because analyzers print these objects and users compare the output.
"""
from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable
from typing import Any

__all__ = [
    'AutoDict', 'AutoOrderedDict', 'AutoDictList', 'DotDict',
    'OrderedDefaultdict', 'Tree', 'py3lvalues',
]


def _is_dunder(name: str) -> bool:
    """True for special names (``__x__``) which must keep Python's protocols working."""
    return name.startswith('__') and name.endswith('__')


def _close_children(mapping: dict) -> None:
    """Close every self-extending dictionary stored directly in ``mapping``."""
    for value in mapping.values():
        if isinstance(value, (AutoDict, AutoOrderedDict)):
            value._close()


class AutoDict(dict):
    """A ``dict`` that creates a nested ``AutoDict`` for every missing key.

    Every attribute name is a key: ``d.a.b = 1`` builds ``{'a': {'b': 1}}``. Only a
    special ``__x__`` name that is not a key raises ``AttributeError`` instead of
    creating one (so ``copy.deepcopy`` and pickling work).

    Compatibility note: ``_close()``/``_open()`` store a ``'_closed'`` *key* (attribute
    writes are key writes), while the freeze flag that ``__missing__`` consults is the
    class attribute, which stays ``False``. An ``AutoDict`` therefore never freezes and
    shows ``'_closed'`` entries once closed, exactly as the original implementation
    does. ``AutoOrderedDict`` is the variant whose freezing works.
    """

    _closed = False

    def _close(self) -> None:
        """Mark this node and its nested nodes closed (see the class note)."""
        self._closed = True
        _close_children(self)

    def _open(self) -> None:
        """Mark this node open again (not recursive)."""
        self._closed = False

    def __missing__(self, key: Any) -> Any:
        if self._closed:
            raise KeyError(key)
        value = self[key] = AutoDict()
        return value

    def __getattr__(self, key: str) -> Any:
        # a missing special name must stay missing so copy/pickle protocols work
        if _is_dunder(key) and key not in self:
            raise AttributeError(
                f'{type(self).__name__!r} object has no attribute {key!r}')
        return self[key]

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


class AutoOrderedDict(OrderedDict):
    """An ``OrderedDict`` that creates a nested ``AutoOrderedDict`` for missing keys.

    * Attribute names map to keys, except names starting with ``_`` which are
      ordinary attributes (a missing one raises ``AttributeError``).
    * ``_close()`` freezes the node and, recursively, its nested nodes: reading a
      missing key then raises ``KeyError``. ``_open()`` unfreezes this node only.
    * ``+=``, ``-=``, ``*=`` and ``/=`` on a node treat the node as the zero of the
      other operand's type, so ``d.a.b += 1`` on a fresh dict stores ``1``.
    """

    _closed = False

    def _close(self) -> None:
        """Freeze this node and every nested auto dictionary."""
        self._closed = True
        _close_children(self)

    def _open(self) -> None:
        """Unfreeze this node (nested nodes keep their state)."""
        self._closed = False

    def __missing__(self, key: Any) -> Any:
        if self._closed:
            raise KeyError()        # (without the key, as upstream's)
        value = self[key] = AutoOrderedDict()
        return value

    def __getattr__(self, key: str) -> Any:
        if key.startswith('_'):
            raise AttributeError(
                f'{type(self).__name__!r} object has no attribute {key!r}')
        return self[key]

    def __setattr__(self, key: str, value: Any) -> None:
        if key.startswith('_'):
            object.__setattr__(self, key, value)
        else:
            self[key] = value

    # The node stands for "nothing counted yet": operate on the zero of other's type.
    def __iadd__(self, other: Any) -> Any:
        return type(other)() + other

    def __isub__(self, other: Any) -> Any:
        return type(other)() - other

    def __imul__(self, other: Any) -> Any:
        return type(other)() * other

    def __itruediv__(self, other: Any) -> Any:
        return type(other)() / other

    def lvalues(self) -> list:
        """The values as a list."""
        return list(self.values())


class AutoDictList(dict):
    """A ``dict`` whose missing keys start as an empty list."""

    def __missing__(self, key: Any) -> list:
        value = self[key] = []
        return value


class DotDict(dict):
    """A ``dict`` whose keys can also be read as attributes (missing → ``KeyError``)."""

    def __getattr__(self, key: str) -> Any:
        if key.startswith('__'):
            raise AttributeError(
                f'{type(self).__name__!r} object has no attribute {key!r}')
        return self[key]


class OrderedDefaultdict(OrderedDict):
    """An ``OrderedDict`` with ``defaultdict`` semantics.

    ``OrderedDefaultdict(factory, *args, **kwargs)``: ``factory`` (callable or None)
    builds the value of a missing key; the remaining arguments fill the dict.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        factory: Callable[[], Any] | None = None
        if args:
            factory, args = args[0], args[1:]
            if factory is not None and not callable(factory):
                raise TypeError('first argument must be callable or None')
        self.default_factory = factory
        super().__init__(*args, **kwargs)

    def __missing__(self, key: Any) -> Any:
        if self.default_factory is None:
            raise KeyError(key)
        value = self[key] = self.default_factory()
        return value

    def __reduce__(self):
        args = (self.default_factory,) if self.default_factory else ()
        return type(self), args, None, None, iter(self.items())


def Tree() -> defaultdict:
    """A recursive ``defaultdict``: any depth of keys springs into existence."""
    return defaultdict(Tree)


def py3lvalues(mapping: Any) -> list:
    """The values of ``mapping`` as a list."""
    return list(mapping.values())
