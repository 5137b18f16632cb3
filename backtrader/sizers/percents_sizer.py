"""Sizers investing a percentage of the available cash."""
from __future__ import annotations

from typing import Any

from ..sizer import Sizer

__all__ = ['PercentSizer', 'AllInSizer', 'PercentSizerInt', 'AllInSizerInt']


class PercentSizer(Sizer):
    """``percents`` % of the cash at the current close when flat; when a position
    exists, its size (so the order closes it). Fractional unless ``retint``."""

    params = dict(percents=20, retint=False)

    def _getsizing(self, comminfo: Any, cash: float, data: Any, isbuy: bool) -> Any:
        held = self.strategy.getposition(data)
        size = held.size if held else cash / data.close[0] * (self.p.percents / 100)
        return int(size) if self.p.retint else size


class AllInSizer(PercentSizer):
    """All the cash (``percents=100``)."""
    params = dict(percents=100)


class PercentSizerInt(PercentSizer):
    """``PercentSizer`` returning whole units."""
    params = dict(retint=True)


class AllInSizerInt(PercentSizerInt):
    """All the cash in whole units."""
    params = dict(percents=100)
