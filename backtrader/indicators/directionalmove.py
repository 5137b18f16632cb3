"""Directional movement (Wilder): +DI/-DI, ADX, ADXR and their combinations."""
from __future__ import annotations

from ..core.params import make_info_class
from ..lines.logic import And, If
from .atr import ATR
from .base import Indicator
from .mabase import MovAv

__all__ = ['UpMove', 'DownMove', 'PlusDirectionalIndicator', 'PlusDI',
           'MinusDirectionalIndicator', 'MinusDI', 'DirectionalIndicator', 'DI',
           'AverageDirectionalMovementIndex', 'ADX', 'AverageDirectionalMovementIndexRating',
           'ADXR', 'DirectionalMovementIndex', 'DMI', 'DirectionalMovement', 'DM']


class UpMove(Indicator):
    """``x - x(-1)``."""

    lines = ('upmove',)

    def __init__(self) -> None:
        self.lines.upmove = self.data - self.data(-1)
        super().__init__()


class DownMove(Indicator):
    """``x(-1) - x``."""

    lines = ('downmove',)

    def __init__(self) -> None:
        self.lines.downmove = self.data(-1) - self.data
        super().__init__()


class _DirectionalIndicator(Indicator):
    """Computes ``self.DIplus``/``self.DIminus`` (the ones the class asks for
    through ``_plus``/``_minus``): ``100 * MA(DM, period) / ATR(period)``."""

    _plus = False
    _minus = False
    params = (('period', 14), ('movav', MovAv.Smoothed),)

    def _plotlabel(self) -> list:
        plabels = [self.p.period]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels

    def __init__(self) -> None:
        period, movav = self.p.period, self.p.movav
        atr = ATR(self.data, period=period, movav=movav)
        upmove = UpMove(self.data.high)
        downmove = DownMove(self.data.low)
        if self._plus:
            plusdm = If(And(upmove > downmove, upmove > 0.0), upmove, 0.0)
            self.DIplus = 100.0 * movav(plusdm, period=period) / atr
        if self._minus:
            minusdm = If(And(downmove > upmove, downmove > 0.0), downmove, 0.0)
            self.DIminus = 100.0 * movav(minusdm, period=period) / atr
        super().__init__()


class DirectionalIndicator(_DirectionalIndicator):
    """Both directional indicators: ``plusDI`` and ``minusDI``."""

    _plus = _minus = True
    alias = ('DI',)
    lines = ('plusDI', 'minusDI',)
    plotlines = dict(plusDI=dict(), minusDI=dict())

    def __init__(self) -> None:
        super().__init__()
        self.lines.plusDI = self.DIplus
        self.lines.minusDI = self.DIminus


class PlusDirectionalIndicator(_DirectionalIndicator):
    """``+DI = 100 * MA(+DM) / ATR``."""

    _plus = True
    alias = (('PlusDI', '+DI'),)
    lines = ('plusDI',)
    plotinfo = dict(plotname='+DirectionalIndicator')
    plotlines = dict(plusDI=dict(), minusDI=dict(_name='-DI'))

    def __init__(self) -> None:
        super().__init__()
        self.lines.plusDI = self.DIplus


class MinusDirectionalIndicator(_DirectionalIndicator):
    """``-DI = 100 * MA(-DM) / ATR``."""

    _minus = True
    alias = (('MinusDI', '-DI'),)
    lines = ('minusDI',)
    plotinfo = dict(plotname='-DirectionalIndicator')
    plotlines = dict(plusDI=dict(_name='+DI'), minusDI=dict())

    def __init__(self) -> None:
        super().__init__()
        self.lines.minusDI = self.DIminus


class AverageDirectionalMovementIndex(_DirectionalIndicator):
    """``adx = 100 * MA(abs(+DI - -DI) / (+DI + -DI), period)``."""

    _plus = _minus = True
    alias = ('ADX',)
    lines = ('adx',)
    plotlines = dict(plusDI=dict(_name='+DI'), minusDI=dict(_name='-DI'),
                     adx=dict(_name='ADX'))

    def __init__(self) -> None:
        super().__init__()
        spread = abs(self.DIplus - self.DIminus) / (self.DIplus + self.DIminus)
        self.lines.adx = 100.0 * self.p.movav(spread, period=self.p.period)


class AverageDirectionalMovementIndexRating(AverageDirectionalMovementIndex):
    """ADX plus ``adxr = (adx + adx(-period)) / 2``."""

    alias = ('ADXR',)
    lines = ('adxr',)
    plotlines = dict(adxr=dict(_name='ADXR'))

    def __init__(self) -> None:
        super().__init__()
        self.lines.adxr = (self.l.adx + self.l.adx(-self.p.period)) / 2.0


class DirectionalMovementIndex(AverageDirectionalMovementIndex, DirectionalIndicator):
    """ADX with both directional indicators."""

    alias = ('DMI',)


class DirectionalMovement(AverageDirectionalMovementIndexRating, DirectionalIndicator):
    """ADX, ADXR and both directional indicators."""

    alias = ('DM',)


def _own_plotlines(cls: type, entries: dict) -> None:
    # these two combine bases whose entries for the DI lines differ; upstream
    # keeps the later base's (empty) entries, which a merge cannot express
    cls.plotlines = make_info_class('plotlines_%s' % cls.__name__, [], entries, recurse=True,
                                    owner=cls, attr='plotlines')
    for sub in cls.__subclasses__():
        if sub.__dict__.get('aliased') == cls.__name__:
            sub.plotlines = make_info_class('plotlines_%s' % sub.__name__, [cls.plotlines], {},
                                            recurse=True, owner=sub, attr='plotlines')


_own_plotlines(DirectionalMovementIndex,
               dict(plusDI=dict(), minusDI=dict(), adx=dict(_name='ADX')))
_own_plotlines(DirectionalMovement,
               dict(plusDI=dict(), minusDI=dict(), adx=dict(_name='ADX'),
                    adxr=dict(_name='ADXR')))
