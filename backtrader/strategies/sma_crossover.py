"""``MA_CrossOver`` (alias ``SMA_CrossOver``): the classic moving-average
crossover sample strategy."""
from __future__ import annotations

from ..indicators.crossover import CrossOver
from ..indicators.sma import SMA
from ..strategy import Strategy

__all__ = ['MA_CrossOver', 'SMA_CrossOver']


class MA_CrossOver(Strategy):
    """Goes long when the fast moving average crosses above the slow one.

    While flat, an upward cross of ``_movav(period=fast)`` over
    ``_movav(period=slow)`` (both on data0) buys. Once a position exists, each
    downward cross sells; nothing else is bought while the position is open
    (so after a sell larger than the position it stays short and keeps selling
    on each downward cross). Order sizes come from the strategy's sizer.
    """

    alias = ('SMA_CrossOver',)
    params = dict(fast=10, slow=30, _movav=SMA)

    def __init__(self) -> None:
        movav = self.p._movav
        self.crossover = CrossOver(movav(period=self.p.fast), movav(period=self.p.slow))

    def next(self) -> None:
        cross = self.crossover[0]
        if self.position.size:
            if cross < 0.0:
                self.sell()
        elif cross > 0.0:
            self.buy()


class SMA_CrossOver(MA_CrossOver):
    """``MA_CrossOver`` under its alias name."""

    alias = ()
