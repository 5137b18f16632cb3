"""Broker cash/value observers."""
from __future__ import annotations

from .base import Observer

__all__ = ['Cash', 'Value', 'Broker', 'CashValue', 'FundValue', 'FundShares']


class Cash(Observer):
    """Broker cash on each bar."""

    _stclock = True
    lines = ('cash',)
    plotinfo = dict(plot=True, subplot=True)

    def next(self) -> None:
        self._l0[0] = self._owner.broker.getcash()


class Value(Observer):
    """Portfolio value (fund value in fund mode) on each bar."""

    _stclock = True
    params = (('fund', None),)
    lines = ('value',)
    plotinfo = dict(plot=True, subplot=True)

    def start(self) -> None:
        fund = self.p.fund
        self._fundmode = self._owner.broker.fundmode if fund is None else fund

    def next(self) -> None:
        broker = self._owner.broker
        self._l0[0] = broker.fundvalue if self._fundmode else broker.getvalue()


class Broker(Observer):
    """Cash and value of the broker on each bar."""

    _stclock = True
    alias = ('CashValue',)
    params = (('fund', None),)
    lines = ('cash', 'value')
    plotinfo = dict(plot=True, subplot=True)

    def start(self) -> None:
        fund = self.p.fund
        self._fundmode = self._owner.broker.fundmode if fund is None else fund
        if self._fundmode:
            self.plotlines.cash._plotskip = True
            self.plotlines.value._name = 'FundValue'
        self._broker = self._owner.broker
        self._cashline = self.lines.cash
        self._valueline = self.lines.value

    def next(self) -> None:
        broker = self._broker
        if self._fundmode:
            self._cashline[0] = broker.getcash()
            self._valueline[0] = broker.fundvalue
        else:
            self._cashline[0] = broker.getcash()
            self._valueline[0] = broker.getvalue()


class FundValue(Observer):
    """Fund (share) value on each bar."""

    _stclock = True
    alias = ('FundShareValue', 'FundVal')
    lines = ('fundval',)
    plotinfo = dict(plot=True, subplot=True)

    def next(self) -> None:
        self._l0[0] = self._owner.broker.fundvalue


class FundShares(Observer):
    """Fund shares on each bar."""

    _stclock = True
    lines = ('fundshares',)
    plotinfo = dict(plot=True, subplot=True)

    def next(self) -> None:
        self._l0[0] = self._owner.broker.fundshares
