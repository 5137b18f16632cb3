"""Volume fillers (``bt.fillers``): how much of an order may execute on a bar.

A filler is installed with ``cerebro.broker.set_filler(filler)`` (or the broker's
``filler`` parameter). When an order can execute, the broker calls
``filler(order, price, ago)`` and executes at most the returned (unsigned) size,
reading the bar ``ago`` of ``order.data``; the rest stays pending. Each filler
returns the smaller of its volume-based size and the order's remaining size
(``abs(order.executed.remsize)``), the volume-based one on a tie.
"""
from __future__ import annotations

import sys
from typing import Any

from ..core.params import ParamsBase

__all__ = ['FixedSize', 'FixedBarPerc', 'BarPointPerc']

MAXINT = sys.maxsize


class _Filler(ParamsBase):
    """Fillers take their parameters as keywords only."""

    def __init__(self) -> None:
        pass


class FixedSize(_Filler):
    """Fill up to the bar volume, capped by ``size`` (None/0: no cap)."""

    params = (('size', None),)

    def __call__(self, order: Any, price: float, ago: int) -> Any:
        cap = self.p.size or MAXINT
        return min(order.data.volume[ago], abs(order.executed.remsize), cap)


class FixedBarPerc(_Filler):
    """Fill up to ``perc`` percent of the bar volume (rounded down)."""

    params = (('perc', 100.0),)

    def __call__(self, order: Any, price: float, ago: int) -> Any:
        allowed = (order.data.volume[ago] * self.p.perc) // 100
        return min(allowed, abs(order.executed.remsize))


class BarPointPerc(_Filler):
    """Spread the bar volume evenly over the price points of the bar's range
    (steps of ``minmov``; one point when ``minmov`` is None/0) and fill up to
    ``perc`` percent of one point's share (rounded down)."""

    params = dict(minmov=None, perc=100.0)

    def __call__(self, order: Any, price: float, ago: int) -> Any:
        data, step = order.data, self.p.minmov
        points = 1
        if step:
            # number of minmov steps in high..low, both ends included
            points = (data.high[ago] - data.low[ago] + step) // step
        allowed = ((data.volume[ago] / points) * self.p.perc) // 100
        return min(allowed, abs(order.executed.remsize))
