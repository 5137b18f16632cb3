"""Hull moving average: weighted averages combined to follow the price
closely while staying smooth."""
from __future__ import annotations

import math

from .mabase import MovAv, MovingAverageBase
from .wma import WMA

__all__ = ['HullMovingAverage', 'HMA', 'HullMA']


class HullMovingAverage(MovingAverageBase):
    """``MA(2 * MA(x, period // 2) - MA(x, period), int(sqrt(period)))``
    with ``_movav`` (WMA by default)."""

    alias = ('HMA', 'HullMA',)
    lines = ('hma',)
    params = (('_movav', WMA),)

    def __init__(self) -> None:
        period, movav = self.p.period, self.p._movav
        fast = movav(self.data, period=period // 2)
        slow = movav(self.data, period=period)
        raw = 2.0 * fast - slow
        self.lines.hma = movav(raw, period=int(math.sqrt(period)))
        super().__init__()
