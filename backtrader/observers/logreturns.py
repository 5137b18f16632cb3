"""Rolling log return observers (``LogReturns``, ``LogReturns2``)."""
from __future__ import annotations

from ..analyzers.logreturnsrolling import LogReturnsRolling
from ..utils.timeframe import TimeFrame
from .base import Observer

__all__ = ['LogReturns', 'LogReturns2']

NAN = float('nan')


class LogReturns(Observer):
    """Log return of data0 (``logret1``) over ``compression`` periods of
    ``timeframe``, read from a slave ``LogReturnsRolling`` analyzer."""
    _skips_unfilled_orders = True

    _stclock = True
    params = (
        ('timeframe', None),
        ('compression', None),
        ('fund', None),
    )
    lines = ('logret1',)
    plotinfo = dict(plot=True, subplot=True)
    plotlines = dict(logret1=dict())

    def _plotlabel(self) -> list:
        return [TimeFrame.getname(self.p.timeframe, self.p.compression),
                str(self.p.compression or 1)]

    def __init__(self) -> None:
        self._logret1 = self._owner._addanalyzer_slave(LogReturnsRolling, data=self.data0,
                                                      **self.p._getkwargs())

    def next(self) -> None:
        lr = self._logret1
        self.lines.logret1[0] = lr.rets.get(lr.dtkey, NAN)


class LogReturns2(LogReturns):
    """``LogReturns`` plus the log return of data1 (``logret2``)."""
    _skips_unfilled_orders = True

    lines = ('logret2',)
    plotlines = dict(logret2=dict())

    def __init__(self) -> None:
        super().__init__()
        self._logret2 = self._owner._addanalyzer_slave(LogReturnsRolling, data=self.data1,
                                                      **self.p._getkwargs())

    def next(self) -> None:
        super().next()
        lr = self._logret2
        self.lines.logret2[0] = lr.rets.get(lr.dtkey, NAN)
