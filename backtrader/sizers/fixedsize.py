"""Sizers returning a fixed stake."""
from __future__ import annotations

from typing import Any

from ..core.registry import get_registry
from ..sizer import Sizer

__all__ = ['FixedSize', 'SizerFix', 'FixedReverser', 'FixedSizeTarget']


class FixedSize(Sizer):
    """Always ``stake`` units; with ``tranches > 1`` the stake is split and each
    call returns ``abs(int(stake / tranches))``.

    As upstream, ``setsizing`` with ``tranches > 1`` splits the *current* stake
    again (its argument is used only when ``tranches <= 1``).
    """

    params = (
        ('stake', 1),
        ('tranches', 1),
    )

    def _getsizing(self, comminfo: Any, cash: float, data: Any, isbuy: bool) -> Any:
        if self.p.tranches > 1:
            return abs(int(self.p.stake / self.p.tranches))
        return self.p.stake

    def setsizing(self, stake: Any) -> None:
        """Change the stake (see the class notes for ``tranches > 1``)."""
        if self.p.tranches > 1:
            self.p.stake = abs(int(self.p.stake / self.p.tranches))
        else:
            self.p.stake = stake


SizerFix = FixedSize  # upstream alias (same class)
get_registry('sizers').register('SizerFix', FixedSize)


class FixedReverser(Sizer):
    """``stake`` when flat, ``2 * stake`` when a position exists (so one order
    closes it and opens the opposite one)."""

    params = (
        ('stake', 1),
    )

    def _getsizing(self, comminfo: Any, cash: float, data: Any, isbuy: bool) -> Any:
        position = self.strategy.getposition(data)
        return self.p.stake * (1 + (position.size != 0))


class FixedSizeTarget(Sizer):
    """Sizes toward a target of ``stake`` units.

    With ``tranches > 1`` each call returns ``min(position + abs(int(stake /
    tranches)), stake)``. As upstream, the position read is ``strategy.position``
    (the strategy's first data) and ``setsizing`` recomputes from the current stake
    (its argument is used only when ``tranches <= 1``).
    """

    params = (
        ('stake', 1),
        ('tranches', 1),
    )

    def _getsizing(self, comminfo: Any, cash: float, data: Any, isbuy: bool) -> Any:
        if self.p.tranches > 1:
            size = abs(int(self.p.stake / self.p.tranches))
            return min(self.strategy.position.size + size, self.p.stake)
        return self.p.stake

    def setsizing(self, stake: Any) -> None:
        """Change the stake (see the class notes for ``tranches > 1``)."""
        if self.p.tranches > 1:
            size = abs(int(self.p.stake / self.p.tranches))
            self.p.stake = min(self.strategy.position.size + size, self.p.stake)
        else:
            self.p.stake = stake
