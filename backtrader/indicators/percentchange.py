"""Percent change over ``period`` bars."""
from __future__ import annotations

from .base import Indicator

__all__ = ['PercentChange', 'PctChange']


class PercentChange(Indicator):
    """``x / x(-period) - 1``."""

    alias = ('PctChange',)
    lines = ('pctchange',)
    params = (('period', 30),)
    plotlines = dict(pctchange=dict(_name='%change'))

    def __init__(self) -> None:
        self.lines.pctchange = self.data / self.data(-self.p.period) - 1.0
        super().__init__()
