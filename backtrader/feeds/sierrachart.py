"""SierraChart CSV exports (``YYYY/MM/DD`` dates)."""
from __future__ import annotations

from .generic import GenericCSVData

__all__ = ['SierraChartCSVData']


class SierraChartCSVData(GenericCSVData):
    """``GenericCSVData`` with ``dtformat='%Y/%m/%d'``."""

    params = (('dtformat', '%Y/%m/%d'),)
