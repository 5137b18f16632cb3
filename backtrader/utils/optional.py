"""Optional dependencies imported on first use (pandas costs ~40 MB and a
fraction of a second to import: only code paths that need it pay for it)."""
from __future__ import annotations

__all__ = ['pandas']

_CACHE: dict = {}


def pandas():
    """The pandas module, or None when it is not installed."""
    try:
        return _CACHE['pandas']
    except KeyError:
        try:
            import pandas as module
        except ImportError:
            module = None
        _CACHE['pandas'] = module
        return module
