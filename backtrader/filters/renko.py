"""Renko brick filter (not available in this version: a placeholder)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['Renko']

Renko = unavailable('Renko', 'the Renko brick filter', 'filters', __name__)
