"""``TrackedValueAnalyzer``: the value a period analyzer follows (the
broker's value, its fund value, or a data's)."""
from __future__ import annotations

from .base import TimeFrameAnalyzerBase

__all__ = ['TrackedValueAnalyzer']


class TrackedValueAnalyzer(TimeFrameAnalyzerBase):
    """Base of the analyzers of a value per period (``TimeReturn``,
    ``LogReturnsRolling``).

    The value is the broker value (the fund value in fund mode; ``fund``
    overrides the broker's mode) or ``data[0]`` when ``data`` is given.
    ``_track()`` gives the current bar's value; ``_lastvalue`` is the one the
    last bar left (None before the first bar of a tracked data), set by the
    subclass's ``next``. ``_period_start()`` is the value a new period starts
    from: the last bar's, else the tracked data's open (``firstopen``) or
    close of its first bar.
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
        self._tracked = self.p.data
        self._lastvalue = None
        if self._tracked is None:
            self._lastvalue = broker.fundvalue if self._fundmode else broker.getvalue()
        self._value = self._lastvalue

    def notify_fund(self, cash: float, value: float, fundvalue: float, shares: float) -> None:
        if self._tracked is None:
            self._value = fundvalue if self._fundmode else value

    def _period_start(self) -> float:
        if self._lastvalue is not None:
            return self._lastvalue
        return self._first_value()

    def _first_value(self) -> float:
        # the tracked data's first bar: its open (``firstopen``) or close
        if self.p.firstopen:
            return self._tracked.open[0]
        return self._tracked[0]

    def _track(self) -> float:
        if self._tracked is not None:
            self._value = self._tracked[0]
        return self._value
