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
    _skips_unfilled_orders = True

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
        # the period actually used (resolved by the analyzer when the run starts)
        tret = self.tret
        timeframe = getattr(tret, 'timeframe', None) or self.p.timeframe or self.data._timeframe
        compression = getattr(tret, 'compression', None) or self.p.compression
        return [TimeFrame.getname(timeframe, compression), str(compression or 1)]

    def __init__(self) -> None:
        self.tret = self._owner._addanalyzer_slave(TimeReturnAnalyzer, **self.p._getkwargs())

    def next(self) -> None:
        tret = self.tret
        self.lines.timereturn[0] = tret.rets.get(tret.dtkey, NAN)
