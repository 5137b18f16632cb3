"""Price oscillators: difference of a fast and a slow moving average, in
price units (APO) or in percent of one of them (PPO)."""
from __future__ import annotations

from .base import Indicator
from .ema import ExponentialMovingAverage

__all__ = ['PriceOscillator', 'PriceOsc', 'AbsolutePriceOscillator', 'APO', 'AbsPriceOsc',
           'PercentagePriceOscillator', 'PPO', 'PercPriceOsc',
           'PercentagePriceOscillatorShort', 'PPOShort', 'PercPriceOscShort']


class _PriceOscBase(Indicator):
    """Builds the two averages and their difference."""

    params = (('period1', 12), ('period2', 26), ('_movav', ExponentialMovingAverage),)
    plotinfo = dict(plothlines=[0.0])

    def __init__(self) -> None:
        self.ma1 = self.p._movav(self.data, period=self.p.period1)
        self.ma2 = self.p._movav(self.data, period=self.p.period2)
        self.lineosc = self.ma1 - self.ma2
        super().__init__()


class PriceOscillator(_PriceOscBase):
    """``MA(x, period1) - MA(x, period2)``."""

    alias = ('PriceOsc', 'AbsolutePriceOscillator', 'APO', 'AbsPriceOsc',)
    lines = ('po',)

    def __init__(self) -> None:
        super().__init__()
        self.lines.po = self.lineosc


class PercentagePriceOscillator(_PriceOscBase):
    """``ppo = 100 * (MA1 - MA2) / MA2``; ``signal = MA(ppo, period_signal)``;
    ``histo = ppo - signal``."""

    _long = True
    alias = ('PPO', 'PercPriceOsc',)
    lines = ('ppo', 'signal', 'histo',)
    params = (('period_signal', 9),)
    plotlines = dict(histo=dict(_method='bar', alpha=0.50, width=1.0))

    def __init__(self) -> None:
        super().__init__()
        base = self.ma2 if self._long else self.ma1
        self.lines.ppo = 100.0 * self.lineosc / base
        self.lines.signal = self.p._movav(self.lines.ppo, period=self.p.period_signal)
        self.lines.histo = self.lines.ppo - self.lines.signal


class PercentagePriceOscillatorShort(PercentagePriceOscillator):
    """PPO in percent of the fast average (``MA1``)."""

    _long = False
    alias = ('PPOShort', 'PercPriceOscShort',)
