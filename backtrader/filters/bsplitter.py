"""Daily bar splitter (not available in this version: a placeholder)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['DaySplitter_Close']

DaySplitter_Close = unavailable(
    'DaySplitter_Close', 'splitting daily bars in two ticks',
    'filters', __name__)
