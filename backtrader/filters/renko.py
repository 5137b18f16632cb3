"""Renko brick filter (placeholder until the filters issue)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['Renko']

Renko = unavailable('Renko', 'the Renko brick filter', 'filters', __name__)
