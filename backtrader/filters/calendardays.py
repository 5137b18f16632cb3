"""Filling missing calendar days (placeholder until the filters issue)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['CalendarDays']

CalendarDays = unavailable(
    'CalendarDays', 'filling missing calendar days', 'filters', __name__)
