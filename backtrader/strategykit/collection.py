"""``ItemCollection``: ordered items reachable by position and by name."""
from __future__ import annotations

from typing import Optional

__all__ = ['ItemCollection']


class ItemCollection:
    """Ordered items reachable by position and, when named, as attributes
    (``strategy.analyzers``, ``strategy.stats``)."""

    def __init__(self) -> None:
        self._entries = []          # (name or '', item)

    def append(self, item, name: Optional[str] = None) -> None:
        """Add ``item`` at the end; with a ``name`` it is also an attribute."""
        setattr(self, name, item)
        self._entries.append((name or '', item))

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        return (item for _, item in self._entries)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return [item for _, item in self._entries[key]]
        return self._entries[key][1]

    def getnames(self) -> list:
        """The names of the named items, in order."""
        return [name for name, _ in self._entries if name]

    def getitems(self):
        """``(name, item)`` pairs of the named items, in order."""
        return [(name, item) for name, item in self._entries if name]

    def getbyname(self, name: str):
        """The item called ``name`` (ValueError if there is none)."""
        for entry_name, item in self._entries:
            if entry_name == name:
                return item
        raise ValueError('%r is not in the collection' % (name,))
