"""Rolling log returns over ``compression`` periods (``LogReturnsRolling``)."""
from __future__ import annotations

import collections
import math

from .trackedvalue import TrackedValueAnalyzer

__all__ = ['LogReturnsRolling']


class LogReturnsRolling(TrackedValueAnalyzer):
    """``ln(value / value compression periods ago)`` per period key, rewritten on
    every bar of the running period.

    The value is the broker value (fund value in fund mode) or ``data[0]`` when
    ``data`` is given (a period then starts at the data's first bar -- its open
    with ``firstopen``, else its close -- while the data holds at most one bar).
    """

    def start(self) -> None:
        super().start()
        self._values = collections.deque([float('nan')] * self.compression,
                                         maxlen=self.compression)

    def on_dt_over(self) -> None:
        data = self._tracked
        if data is not None and len(data) <= 1:
            # upstream's: a tracked data's periods start from its first bar
            # while it holds at most one (also while the strategy's clock
            # moves on before that data's second bar), then from the last value
            self._values.append(self._first_value())
        else:
            self._values.append(self._period_start())

    def next(self) -> None:
        value = self._track()
        self.rets[self.dtkey] = math.log(value / self._values[0])
        self._lastvalue = value
