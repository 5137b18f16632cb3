"""Feed wrapper filling intraday gaps (not available in this version: a placeholder)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['DataFiller']

DataFiller = unavailable(
    'DataFiller', 'the gap-filling feed wrapper', 'filters', __name__)
