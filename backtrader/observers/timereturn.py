"""Period return observer (``TimeReturn``)."""
from __future__ import annotations

from ..analyzers.timereturn import TimeReturn as TimeReturnAnalyzer
from ..utils.timeframe import TimeFrame
from .base import Observer

__all__ = ['TimeReturn']

NAN = float('nan')


class TimeReturn(Observer):
    """Return of the running period (``timeframe``/``compression``, default
    data0's), read from a slave ``TimeReturn`` analyzer on every bar."""

    _stclock = True
    params = (
        ('timeframe', None),
        ('compression', None),
        ('fund', None),
    )
    lines = ('timereturn',)
    plotinfo = dict(plot=True, subplot=True)
    plotlines = dict(timereturn=dict(_name='Return'))

    def _plotlabel(self) -> list:
        return [TimeFrame.getname(self.p.timeframe, self.p.compression),
                str(self.p.compression or 1)]

    def __init__(self) -> None:
        if self.p.timeframe is None:
            self.p.timeframe = self.data._timeframe
        self.tret = self._owner._addanalyzer_slave(TimeReturnAnalyzer, **self.p._getkwargs())

    def next(self) -> None:
        tret = self.tret
        self.lines.timereturn[0] = tret.rets.get(tret.dtkey, NAN)
