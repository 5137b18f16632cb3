"""Return of each time period (``TimeReturn``)."""
from __future__ import annotations

from .trackedvalue import TrackedValueAnalyzer

__all__ = ['TimeReturn']


class TimeReturn(TrackedValueAnalyzer):
    """Return of the portfolio (or of ``data``) per period of ``timeframe``/``compression``.

    ``get_analysis()``: ``OrderedDict`` period key -> ``value_end / value_start - 1``.
    ``value_start`` is the value at the end of the previous period; for the first
    period it is the value when the run starts, or, when tracking ``data``, the
    data's first open (``firstopen``) or first close. The entry of the running
    period is rewritten on every bar. The value is the broker value (fund value in
    fund mode) or ``data[0]`` when ``data`` is given.
    """

    def start(self) -> None:
        super().start()
        self._value_start = 0.0

    def on_dt_over(self) -> None:
        self._value_start = self._period_start()

    def next(self) -> None:
        value = self._track()
        # a zero start value raises ZeroDivisionError, as upstream
        self.rets[self.dtkey] = value / self._value_start - 1.0
        self._lastvalue = value
