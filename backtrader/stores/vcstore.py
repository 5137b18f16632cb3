"""``VCStore``: VisualChart live connection (placeholder)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['VCStore']

VCStore = unavailable('VCStore', 'VisualChart live trading (store)', 'live-trading',
                      __name__)
