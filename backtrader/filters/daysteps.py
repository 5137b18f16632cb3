"""Open-then-full-bar replay filter (not available in this version: a placeholder)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['BarReplayer_Open', 'DayStepsFilter']

BarReplayer_Open = unavailable(
    'BarReplayer_Open', 'replaying a bar as open tick then full bar',
    'filters', __name__)
DayStepsFilter = BarReplayer_Open
