"""Name -> class registries, one per family (indicators, feeds, analyzers,
observers, sizers, filters...).

Classes register themselves from ``__init_subclass__``; aliases listed in a
class' ``alias`` attribute become real subclasses carrying the alias as their
``__name__`` (legacy code checks ``type(x).__name__``) and are placed in the
defining module's namespace.
"""
from __future__ import annotations

import sys
from typing import Iterator

__all__ = ['Registry', 'get_registry', 'make_alias_classes']


class Registry:
    """Ordered mapping of names (canonical and aliases) to classes of a family."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._byname: dict = {}

    def register(self, name: str, cls: type) -> None:
        self._byname[name] = cls

    def get(self, name: str, default=None):
        return self._byname.get(name, default)

    def __getitem__(self, name: str) -> type:
        try:
            return self._byname[name]
        except KeyError:
            raise KeyError('no %s named %r' % (self.family, name)) from None

    def __contains__(self, name: str) -> bool:
        return name in self._byname

    def __iter__(self) -> Iterator[str]:
        return iter(self._byname)

    def names(self) -> list:
        return list(self._byname)

    def classes(self) -> list:
        seen, out = set(), []
        for cls in self._byname.values():
            if id(cls) not in seen:
                seen.add(id(cls))
                out.append(cls)
        return out


_REGISTRIES: dict = {}


def get_registry(family: str) -> Registry:
    try:
        return _REGISTRIES[family]
    except KeyError:
        reg = _REGISTRIES[family] = Registry(family)
        return reg


def make_alias_classes(cls: type) -> list:
    """Create one subclass per entry of ``cls.alias`` (a name or a
    ``(name, plotname)`` pair), named after the alias, in ``cls``'s module."""
    aliases = cls.__dict__.get('alias', ())
    if isinstance(aliases, str):
        aliases = (aliases,)
    made = []
    modns = getattr(sys.modules.get(cls.__module__), '__dict__', None)
    for entry in aliases or ():
        ns = {'__module__': cls.__module__, 'alias': (), 'aliased': cls.__name__,
              '__doc__': cls.__doc__}
        if isinstance(entry, (tuple, list)):
            name, plotname = entry[0], entry[1]
            ns['plotinfo'] = dict(plotname=plotname)
        else:
            name = entry
        sub = type(cls)(name, (cls,), ns)
        sub.__qualname__ = name
        if modns is not None:
            modns[name] = sub
        made.append(sub)
    return made
