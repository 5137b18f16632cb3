"""True Strength Indicator (Blau): double-smoothed momentum over its
double-smoothed absolute value."""
from __future__ import annotations

from .base import Indicator
from .ema import EMA

__all__ = ['TrueStrengthIndicator', 'TSI']


class TrueStrengthIndicator(Indicator):
    """``100 * MA(MA(pc, period1), period2) / MA(MA(abs(pc), period1), period2)``
    with ``pc = x - x(-pchange)``."""

    alias = ('TSI',)
    lines = ('tsi',)
    params = (('period1', 25), ('period2', 13), ('pchange', 1), ('_movav', EMA),)

    def __init__(self) -> None:
        p1, p2, movav = self.p.period1, self.p.period2, self.p._movav
        change = self.data - self.data(-self.p.pchange)
        smoothed = movav(movav(change, period=p1), period=p2)
        smoothed_abs = movav(movav(abs(change), period=p1), period=p2)
        self.lines.tsi = 100.0 * (smoothed / smoothed_abs)
        super().__init__()
