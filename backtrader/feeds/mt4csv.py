"""MetaTrader 4 CSV exports: ``YYYY.MM.DD,HH:MM,open,high,low,close,volume``."""
from __future__ import annotations

from .generic import GenericCSVData

__all__ = ['MT4CSVData']


class MT4CSVData(GenericCSVData):
    """``GenericCSVData`` with MT4's separate date and time columns and no
    open interest column."""

    params = dict(
        dtformat='%Y.%m.%d', tmformat='%H:%M',
        datetime=0, time=1, open=2, high=3, low=4, close=5, volume=6, openinterest=-1,
    )
