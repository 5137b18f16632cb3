"""Heikin-Ashi bar filter (not available in this version: a placeholder)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['HeikinAshi']

HeikinAshi = unavailable(
    'HeikinAshi', 'the Heikin-Ashi bar filter', 'filters', __name__)
