"""``Fractal`` study: bearish/bullish fractal marks (placeholder until the studies issue)."""
from __future__ import annotations

from ...unavailable import unavailable

__all__ = ['Fractal']

Fractal = unavailable('Fractal', 'the fractal study', 'studies', __name__)
