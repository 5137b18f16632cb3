"""Relative Strength Index and its building blocks (UpDay/DownDay)."""
from __future__ import annotations

from ..lines.logic import Max, DivZeroByZero
from .base import Indicator
from .ema import ExponentialMovingAverage
from .smma import SmoothedMovingAverage
from .sma import MovingAverageSimple

__all__ = ['UpDay', 'DownDay', 'UpDayBool', 'DownDayBool', 'RelativeStrengthIndex', 'RSI',
           'RSI_SMMA', 'RSI_Wilder', 'RSI_Safe', 'RSI_SMA', 'RSI_Cutler', 'RSI_EMA']


class UpDay(Indicator):
    """Gain versus ``period`` bars ago, floored at 0."""

    lines = ('upday',)
    params = (('period', 1),)
    plotlines = dict(upday=dict())

    def __init__(self) -> None:
        self.lines.upday = Max(self.data - self.data(-self.p.period), 0.0)


class DownDay(Indicator):
    """Loss versus ``period`` bars ago, floored at 0."""

    lines = ('downday',)
    params = (('period', 1),)
    plotlines = dict(downday=dict())

    def __init__(self) -> None:
        self.lines.downday = Max(self.data(-self.p.period) - self.data, 0.0)


class UpDayBool(Indicator):
    """1.0 when the value is above the one ``period`` bars ago."""

    lines = ('upday',)
    params = (('period', 1),)
    plotlines = dict(upday=dict())

    def __init__(self) -> None:
        self.lines.upday = self.data > self.data(-self.p.period)


class DownDayBool(Indicator):
    """1.0 when the value is below the one ``period`` bars ago."""

    lines = ('downday',)
    params = (('period', 1),)
    plotlines = dict(downday=dict())

    def __init__(self) -> None:
        self.lines.downday = self.data(-self.p.period) > self.data


def _rs_guard(value: float) -> float:
    # RSI value v corresponds to RS = 100 / (100 - v) - 1 (100 -> inf)
    if value >= 100.0:
        return float('inf')
    return 100.0 / (100.0 - value) - 1.0


class RelativeStrengthIndex(Indicator):
    """``100 - 100 / (1 + MA(up) / MA(down))`` with Wilder smoothing by default;
    ``safediv`` replaces divisions by zero with ``safehigh``/``safelow``."""

    alias = ('RSI', 'RSI_SMMA', 'RSI_Wilder',)
    lines = ('rsi',)
    plotlines = dict(rsi=dict())
    params = (('period', 14), ('movav', SmoothedMovingAverage), ('upperband', 70.0),
              ('lowerband', 30.0), ('safediv', False), ('safehigh', 100.0),
              ('safelow', 50.0), ('lookback', 1),)

    def _plotlabel(self) -> list:
        plabels = [self.p.period]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def _plotinit(self) -> None:
        self.plotinfo.plotyhlines = [self.p.upperband, self.p.lowerband]

    def __init__(self) -> None:
        p = self.p
        gains, losses = (p.movav(kind(self.data, period=p.lookback), period=p.period)
                         for kind in (UpDay, DownDay))
        if p.safediv:
            rs = DivZeroByZero(gains, losses, _rs_guard(p.safehigh), _rs_guard(p.safelow))
        else:
            rs = gains / losses
        self.lines.rsi = 100.0 - 100.0 / (1.0 + rs)


# ``RSI`` is the alias class created (in this module) for RelativeStrengthIndex;
# upstream derives the variants from it.
_RSI = globals()['RSI']


class RSI_Safe(_RSI):
    """RSI with ``safediv=True``."""
    alias = ()
    params = (('safediv', True),)


class RSI_SMA(_RSI):
    """RSI smoothed with a simple moving average (Cutler's RSI)."""
    alias = ('RSI_Cutler',)
    params = (('movav', MovingAverageSimple),)


class RSI_EMA(_RSI):
    """RSI smoothed with an exponential moving average."""
    alias = ()
    params = (('movav', ExponentialMovingAverage),)
