"""Dickson moving average: mean of the error-correcting EMA and a short Hull
moving average."""
from __future__ import annotations

from .ema import EMA
from .hma import HMA
from .mabase import MovAv, MovingAverageBase
from .zlind import ZeroLagIndicator

__all__ = ['DicksonMovingAverage', 'DMA', 'DicksonMA']


class DicksonMovingAverage(MovingAverageBase):
    """``(ZeroLagIndicator(x, period, gainlimit) + _hma(x, hperiod)) / 2``."""

    alias = ('DMA', 'DicksonMA',)
    lines = ('dma',)
    params = (('gainlimit', 50), ('hperiod', 7), ('_movav', EMA), ('_hma', HMA),)

    def _plotlabel(self) -> list:
        return [self.p.period, self.p.gainlimit, self.p.hperiod]

    def __init__(self) -> None:
        errcorr = ZeroLagIndicator(self.data, period=self.p.period,
                                   gainlimit=self.p.gainlimit)
        hull = self.p._hma(self.data, period=self.p.hperiod)
        # line 0 itself: its minimum period is the line's (upstream's operation
        # on the indicator reads its line), not the indicator's
        self.lines.dma = (errcorr.lines.ec + hull) / 2.0
        super().__init__()
