"""Feed wrapper keeping bars accepted by a function (not available in this version:
a placeholder)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['DataFilter']

DataFilter = unavailable(
    'DataFilter', 'the filtering feed wrapper', 'filters', __name__)
