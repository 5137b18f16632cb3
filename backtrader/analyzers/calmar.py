"""Calmar ratio over a rolling window of periods (``Calmar``)."""
from __future__ import annotations

import collections
import math

from ..utils.timeframe import TimeFrame
from .base import TimeFrameAnalyzerBase
from .drawdown import TimeDrawDown

__all__ = ['Calmar']


class Calmar(TimeFrameAnalyzerBase):
    """Calmar ratio: annualized log return over the last ``period`` periods divided
    by the maximum drawdown seen so far (from a ``TimeDrawDown`` child).

    ``get_analysis()``: ``OrderedDict`` period key -> ratio; attribute ``calmar``
    holds the latest value.
    """

    params = (
        ('timeframe', TimeFrame.Months),
        ('period', 36),
        ('fund', None),
    )

    def __init__(self) -> None:
        self._maxdd = TimeDrawDown(timeframe=self.p.timeframe,
                                   compression=self.p.compression)

    def start(self) -> None:
        super().start()
        fund = self.p.fund
        self._fundmode = self.strategy.broker.fundmode if fund is None else fund
        self._mdd = float('-inf')
        self._values = collections.deque([float('nan')] * self.p.period,
                                         maxlen=self.p.period)
        self._values.append(self._getvalue())
        self.calmar = float('nan')

    def _getvalue(self) -> float:
        broker = self.strategy.broker
        return broker.fundvalue if self._fundmode else broker.getvalue()

    def stop(self) -> None:
        super().stop()
        self.on_dt_over()

    def on_dt_over(self) -> None:
        self._mdd = max(self._mdd, self._maxdd.maxdd)
        self._values.append(self._getvalue())
        rate = math.log(self._values[-1] / self._values[0]) / len(self._values)
        self.calmar = calmar = rate / (self._mdd or float('inf'))
        self.rets[self.dtkey] = calmar
