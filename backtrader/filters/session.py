"""Session filters and filler (not available in this version: placeholders)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['SessionFilter', 'SessionFilterSimple', 'SessionFiller']

SessionFilter = unavailable(
    'SessionFilter', 'the session filter', 'filters', __name__)
SessionFilterSimple = unavailable(
    'SessionFilterSimple', 'the simple session filter', 'filters', __name__)
SessionFiller = unavailable(
    'SessionFiller', 'filling missing intraday bars', 'filters', __name__)
