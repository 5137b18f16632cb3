"""Filling missing calendar days (not available in this version: a placeholder)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['CalendarDays']

CalendarDays = unavailable(
    'CalendarDays', 'filling missing calendar days', 'filters', __name__)
