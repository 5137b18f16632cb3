"""Rolling log returns over ``compression`` periods (``LogReturnsRolling``)."""
from __future__ import annotations

import collections
import math

from .base import TimeFrameAnalyzerBase

__all__ = ['LogReturnsRolling']


class LogReturnsRolling(TimeFrameAnalyzerBase):
    """``ln(value / value compression periods ago)`` per period key, rewritten on
    every bar of the running period.

    The value is the broker value (fund value in fund mode) or ``data[0]`` when
    ``data`` is given (its first period then starts at the data's open with
    ``firstopen``, else at its close).
    """

    params = (
        ('data', None),
        ('firstopen', True),
        ('fund', None),
    )

    def start(self) -> None:
        super().start()
        fund = self.p.fund
        broker = self.strategy.broker
        self._fundmode = broker.fundmode if fund is None else fund
        self._values = collections.deque([float('nan')] * self.compression,
                                         maxlen=self.compression)
        self._tracked = self.p.data
        self._lastvalue = None
        if self._tracked is None:
            self._lastvalue = broker.fundvalue if self._fundmode else broker.getvalue()
        self._value = self._lastvalue

    def notify_fund(self, cash: float, value: float, fundvalue: float, shares: float) -> None:
        if self._tracked is None:
            self._value = fundvalue if self._fundmode else value

    def on_dt_over(self) -> None:
        if self._lastvalue is not None:
            self._values.append(self._lastvalue)
        elif self.p.firstopen:
            self._values.append(self._tracked.open[0])
        else:
            self._values.append(self._tracked[0])

    def next(self) -> None:
        if self._tracked is not None:
            self._value = self._tracked[0]
        self.rets[self.dtkey] = math.log(self._value / self._values[0])
        self._lastvalue = self._value
