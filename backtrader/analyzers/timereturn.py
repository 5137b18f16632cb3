"""Return of each time period (``TimeReturn``)."""
from __future__ import annotations

from .base import TimeFrameAnalyzerBase

__all__ = ['TimeReturn']


class TimeReturn(TimeFrameAnalyzerBase):
    """Return of the portfolio (or of ``data``) per period of ``timeframe``/``compression``.

    ``get_analysis()``: ``OrderedDict`` period key -> ``value_end / value_start - 1``.
    ``value_start`` is the value at the end of the previous period; for the first
    period it is the value when the run starts, or, when tracking ``data``, the
    data's first open (``firstopen``) or first close. The entry of the running
    period is rewritten on every bar. The value is the broker value (fund value in
    fund mode) or ``data[0]`` when ``data`` is given.
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
        self._value_start = 0.0
        self._lastvalue = None
        self._tracked = self.p.data
        if self._tracked is None:
            self._lastvalue = broker.fundvalue if self._fundmode else broker.getvalue()
        self._value = self._lastvalue

    def notify_fund(self, cash: float, value: float, fundvalue: float, shares: float) -> None:
        if self._tracked is None:
            self._value = fundvalue if self._fundmode else value

    def on_dt_over(self) -> None:
        if self._lastvalue is not None:
            self._value_start = self._lastvalue
        elif self.p.firstopen:
            self._value_start = self._tracked.open[0]
        else:
            self._value_start = self._tracked[0]

    def next(self) -> None:
        if self._tracked is not None:
            self._value = self._tracked[0]
        value = self._value
        # a zero start value raises ZeroDivisionError, as upstream
        self.rets[self.dtkey] = value / self._value_start - 1.0
        self._lastvalue = value
