"""Vortex indicator (Botes & Siepman)."""
from __future__ import annotations

from ...lines.logic import Max
from ..base import Indicator
from ..basicops import SumN

__all__ = ['Vortex']


class Vortex(Indicator):
    """``vi_plus = SumN(abs(h - l(-1))) / SumN(TR)``,
    ``vi_minus = SumN(abs(l - h(-1))) / SumN(TR)`` over ``period`` bars, with
    ``TR = max(h - l, abs(h - c(-1)), abs(l - c(-1)))``."""

    lines = ('vi_plus', 'vi_minus',)
    params = (('period', 14),)
    plotlines = dict(vi_plus=dict(_name='+VI'), vi_minus=dict(_name='-VI'))

    def __init__(self) -> None:
        high, low, close = self.data.high, self.data.low, self.data.close
        period = self.p.period
        plus_move = SumN(abs(high - low(-1)), period=period)
        minus_move = SumN(abs(low - high(-1)), period=period)
        prev_close = close(-1)
        truerange = Max(high - low, abs(high - prev_close), abs(low - prev_close))
        range_sum = SumN(truerange, period=period)
        self.l.vi_plus = plus_move / range_sum
        self.l.vi_minus = minus_move / range_sum
        super().__init__()
