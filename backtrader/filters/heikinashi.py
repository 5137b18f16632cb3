"""Heikin-Ashi bar filter (placeholder until the filters issue)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['HeikinAshi']

HeikinAshi = unavailable(
    'HeikinAshi', 'the Heikin-Ashi bar filter', 'filters', __name__)
