"""Ready-made commission schemes (``bt.commissions``).

Subclasses of ``CommInfoBase`` that only change parameter defaults. Those without
``commtype`` still follow the legacy inference (a truthy ``margin`` makes the
asset futures-like).

Layer: components. May import: core, utils, lines, model (``comminfo``).
"""
from __future__ import annotations

from ..comminfo import CommInfoBase

__all__ = ['CommInfoBase', 'CommInfo', 'CommInfo_Futures', 'CommInfo_Futures_Perc',
           'CommInfo_Futures_Fixed', 'CommInfo_Stocks', 'CommInfo_Stocks_Perc',
           'CommInfo_Stocks_Fixed']


class CommInfo(CommInfoBase):
    """``CommInfoBase`` under another name (commission in percent)."""


class CommInfo_Futures(CommInfoBase):
    """Futures-like asset (``stocklike=False``)."""
    params = dict(stocklike=False)


class CommInfo_Stocks(CommInfoBase):
    """Stock-like asset (``stocklike=True``)."""
    params = dict(stocklike=True)


_PERC, _FIXED = CommInfoBase.COMM_PERC, CommInfoBase.COMM_FIXED


class CommInfo_Futures_Perc(CommInfo_Futures):
    """Futures-like asset, commission a percentage of the traded value."""
    params = dict(commtype=_PERC)


class CommInfo_Stocks_Perc(CommInfo_Stocks):
    """Stock-like asset, commission a percentage of the traded value."""
    params = dict(commtype=_PERC)


class CommInfo_Futures_Fixed(CommInfo_Futures):
    """Futures-like asset, a fixed commission per unit."""
    params = dict(commtype=_FIXED)


class CommInfo_Stocks_Fixed(CommInfo_Stocks):
    """Stock-like asset, a fixed commission per unit."""
    params = dict(commtype=_FIXED)
