"""Moving Average Convergence/Divergence (MACD) and its histogram."""
from __future__ import annotations

from .base import Indicator
from .ema import ExponentialMovingAverage

__all__ = ['MACD', 'MACDHisto', 'MACDHistogram']


class MACD(Indicator):
    """``macd = MA(x, period_me1) - MA(x, period_me2)``;
    ``signal = MA(macd, period_signal)`` (``movav`` defaults to EMA)."""

    lines = ('macd', 'signal',)
    params = (('period_me1', 12), ('period_me2', 26), ('period_signal', 9),
              ('movav', ExponentialMovingAverage),)
    plotinfo = dict(plothlines=[0.0])
    plotlines = dict(signal=dict(ls='--'), macd=dict())

    def _plotlabel(self) -> list:
        plabels = [self.p.period_me1, self.p.period_me2, self.p.period_signal]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def __init__(self) -> None:
        super().__init__()
        me1 = self.p.movav(self.data, period=self.p.period_me1)
        me2 = self.p.movav(self.data, period=self.p.period_me2)
        self.lines.macd = me1 - me2
        self.lines.signal = self.p.movav(self.lines.macd, period=self.p.period_signal)


class MACDHisto(MACD):
    """MACD plus ``histo = macd - signal``."""

    alias = ('MACDHistogram',)
    lines = ('histo',)
    plotlines = dict(histo=dict(_method='bar', alpha=0.50, width=1.0))

    def __init__(self) -> None:
        super().__init__()
        self.lines.histo = self.lines.macd - self.lines.signal
