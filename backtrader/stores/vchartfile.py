"""``VChartFile`` store: VisualChart binary data files (placeholder)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['VChartFile']

VChartFile = unavailable('VChartFile', 'reading VisualChart binary files (store)',
                         'visualchart-files', __name__)
