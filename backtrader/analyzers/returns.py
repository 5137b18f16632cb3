"""Total, average and annualized log returns (``Returns``)."""
from __future__ import annotations

import math

from ..utils.timeframe import TimeFrame
from .base import TimeFrameAnalyzerBase

__all__ = ['Returns']

_NEG_INF = float('-inf')


class Returns(TimeFrameAnalyzerBase):
    """Log returns of the whole run.

    ``get_analysis()`` keys: ``rtot`` = ln(end value / start value) (``-inf`` when
    not positive), ``ravg`` = ``rtot`` / number of periods seen, ``rnorm`` =
    ``exp(ravg * tann) - 1`` (computed with ``expm1``, as upstream's digits show) and
    ``rnorm100`` = 100 * ``rnorm`` (both ``-inf`` when ``rtot`` is). ``tann`` is the
    param or the number of periods in a year for the timeframe (Days 252, Weeks 52,
    Months 12, Years 1; otherwise 1).
    """

    params = (
        ('tann', None),
        ('fund', None),
    )

    _TANN = {
        TimeFrame.Days: 252.0,
        TimeFrame.Weeks: 52.0,
        TimeFrame.Months: 12.0,
        TimeFrame.Years: 1.0,
    }

    def start(self) -> None:
        super().start()
        fund = self.p.fund
        broker = self.strategy.broker
        self._fundmode = broker.fundmode if fund is None else fund
        self._value_start = broker.fundvalue if self._fundmode else broker.getvalue()
        self._tcount = 0

    def on_dt_over(self) -> None:
        self._tcount += 1

    def stop(self) -> None:
        super().stop()
        broker = self.strategy.broker
        self._value_end = broker.fundvalue if self._fundmode else broker.getvalue()
        try:
            nlrtot = self._value_end / self._value_start
        except ZeroDivisionError:
            rtot = _NEG_INF
        else:
            rtot = _NEG_INF if nlrtot <= 0.0 else math.log(nlrtot)
        rets = self.rets
        rets['rtot'] = rtot
        ravg = rtot / self._tcount     # no bar at all: ZeroDivisionError, as upstream
        rets['ravg'] = ravg
        tann = self.p.tann or self._TANN.get(self.timeframe, 1.0)
        # (an account ending below zero: -inf throughout, as upstream's -- expm1
        # would give -1)
        rnorm = rtot if rtot == _NEG_INF else math.expm1(ravg * tann)
        rets['rnorm'] = rnorm
        rets['rnorm100'] = rnorm * 100.0
