"""Gross leverage of the portfolio per bar (``GrossLeverage``)."""
from __future__ import annotations

from .base import Analyzer

__all__ = ['GrossLeverage']


class GrossLeverage(Analyzer):
    """``(value - cash) / value`` on each bar, keyed by data0's datetime (value is
    the fund value in fund mode)."""

    params = (('fund', None),)

    def start(self) -> None:
        super().start()
        fund = self.p.fund
        self._fundmode = self.strategy.broker.fundmode if fund is None else fund
        self._value = 0.0
        self._cash = 0.0

    def notify_fund(self, cash: float, value: float, fundvalue: float, shares: float) -> None:
        self._cash = cash
        self._value = fundvalue if self._fundmode else value

    def next(self) -> None:
        value = self._value
        self.rets[self.data0.datetime.datetime()] = (value - self._cash) / value
