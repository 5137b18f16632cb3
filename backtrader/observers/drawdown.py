"""Drawdown observers."""
from __future__ import annotations

from ..analyzers.drawdown import DrawDown as DrawDownAnalyzer
from .base import Observer

__all__ = ['DrawDown', 'DrawDownLength', 'DrawDown_Old']


class DrawDown(Observer):
    """Current and maximum drawdown (percent) from a slave ``DrawDown`` analyzer."""
    _skips_unfilled_orders = True

    _stclock = True
    params = (('fund', None),)
    lines = ('drawdown', 'maxdrawdown',)
    plotinfo = dict(plot=True, subplot=True)
    plotlines = dict(maxdrawdown=dict(_plotskip=True), drawdown=dict())

    def __init__(self) -> None:
        kwargs = self.p._getkwargs()
        self._dd = self._owner._addanalyzer_slave(DrawDownAnalyzer, **kwargs)

    def next(self) -> None:
        dd = self._dd
        self.lines.drawdown[0] = dd._dd
        self.lines.maxdrawdown[0] = dd._maxdd


class DrawDownLength(Observer):
    """Current and longest drawdown length (bars) from a slave ``DrawDown`` analyzer."""
    _skips_unfilled_orders = True

    _stclock = True
    lines = ('len', 'maxlen',)
    plotinfo = dict(plot=True, subplot=True)
    # upstream declares a 'maxlength' entry (no such line)
    plotlines = dict(maxlength=dict(_plotskip=True), len=dict(), maxlen=dict())

    def __init__(self) -> None:
        self._dd = self._owner._addanalyzer_slave(DrawDownAnalyzer)

    def next(self) -> None:
        dd = self._dd
        self.lines.len[0] = dd._len
        self.lines.maxlen[0] = dd._maxlen


class DrawDown_Old(Observer):
    """Legacy drawdown: percent below the highest portfolio value seen, and its maximum."""
    _skips_unfilled_orders = True

    _stclock = True
    lines = ('drawdown', 'maxdrawdown',)
    plotinfo = dict(plot=True, subplot=True)
    plotlines = dict(maxdrawdown=dict(_plotskip='True'), drawdown=dict())

    def __init__(self) -> None:
        self.maxdd = 0.0
        self.peak = float('-inf')

    def next(self) -> None:
        value = self._owner.broker.getvalue()
        if value > self.peak:
            self.peak = value
        self.lines.drawdown[0] = dd = 100.0 * (self.peak - value) / self.peak
        self.maxdd = max(self.maxdd, dd)
        self.lines.maxdrawdown[0] = self.maxdd
