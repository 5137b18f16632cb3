"""Ready-made commission schemes (``bt.commissions``).

Subclasses of ``CommInfoBase`` that only change parameter defaults. Those without
``commtype`` still follow the legacy inference (a truthy ``margin`` makes the
asset futures-like).
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

    params = (
        ('stocklike', False),
    )


class CommInfo_Futures_Perc(CommInfo_Futures):
    """Futures-like asset with percentage commission."""

    params = (
        ('commtype', CommInfoBase.COMM_PERC),
    )


class CommInfo_Futures_Fixed(CommInfo_Futures):
    """Futures-like asset with a fixed commission per unit."""

    params = (
        ('commtype', CommInfoBase.COMM_FIXED),
    )


class CommInfo_Stocks(CommInfoBase):
    """Stock-like asset (``stocklike=True``)."""

    params = (
        ('stocklike', True),
    )


class CommInfo_Stocks_Perc(CommInfo_Stocks):
    """Stock-like asset with percentage commission."""

    params = (
        ('commtype', CommInfoBase.COMM_PERC),
    )


class CommInfo_Stocks_Fixed(CommInfo_Stocks):
    """Stock-like asset with a fixed commission per unit."""

    params = (
        ('commtype', CommInfoBase.COMM_FIXED),
    )
