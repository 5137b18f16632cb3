"""Names of upstream capabilities this re-implementation does not provide yet.

Legacy code often imports such names (``bt.Resampler``, ``bt.Timer``,
``bt.feeds.RollOver`` ...) without using them. Each one is a real class, so
imports, ``isinstance`` checks and subclassing work, but creating an instance
raises ``NotImplementedError`` naming the missing capability and the issue it
arrives with. The issue that implements a capability replaces the placeholder
with the real class at the same import path.
"""
from __future__ import annotations

from types import ModuleType
from typing import Any, Mapping

__all__ = ['Unavailable', 'unavailable', 'fill_missing', 'PENDING_FEEDS']


class Unavailable:
    """Base of placeholder classes; instantiating a subclass raises
    ``NotImplementedError``."""

    _bt_capability: str = 'this capability'
    _bt_issue: str = 'corresponding'

    def __new__(cls, *args: Any, **kwargs: Any):
        # name the placeholder itself, also when a user subclass is instantiated
        root = next(k for k in cls.__mro__ if '_bt_capability' in k.__dict__)
        who = root.__name__ if root is cls else '%s (subclass of %s)' % (cls.__name__,
                                                                         root.__name__)
        raise NotImplementedError('%s is not available yet: %s; it arrives with the %s issue'
                                  % (who, cls._bt_capability, cls._bt_issue))

    @classmethod
    def unavailable_reason(cls) -> str:
        """The capability this name stands for and the issue bringing it."""
        return '%s (%s issue)' % (cls._bt_capability, cls._bt_issue)


def unavailable(name: str, capability: str, issue: str, module: str,
                base: type = Unavailable) -> type:
    """A placeholder class called ``name`` (defined in ``module``) for
    ``capability``, which arrives with ``issue``."""
    doc = ('Placeholder: %s is not available yet (it arrives with the %s issue). '
           'Instantiating it raises NotImplementedError.' % (capability, issue))
    ns = {'__module__': module, '__doc__': doc, '__qualname__': name,
          '_bt_capability': capability, '_bt_issue': issue}
    return type(name, (base,), ns)


def fill_missing(module: ModuleType, placeholders: Mapping[str, tuple]) -> None:
    """Define each placeholder in ``module`` unless the module already has that
    name (a real implementation always wins over its placeholder).

    ``placeholders`` maps a name to ``(capability, issue)`` or to
    ``('=', other_name)`` for an alias of another placeholder of the mapping.
    """
    for name, spec in placeholders.items():
        if spec[0] == '=' or hasattr(module, name):
            continue
        setattr(module, name, unavailable(name, spec[0], spec[1], module.__name__))
    for name, spec in placeholders.items():
        if spec[0] == '=' and not hasattr(module, name):
            setattr(module, name, getattr(module, spec[1]))


_VCLIVE = 'VisualChart live trading'

# Feed names of upstream's ``bt.feeds`` that the data-feeds work has not delivered;
# installed into ``backtrader.feeds`` by the package ``__init__`` when absent.
PENDING_FEEDS: dict = {
    'VCData': (_VCLIVE + ' (data feed)', 'live-trading'),
    'MetaVCData': ('=', 'VCData'),
}
