"""Sharpe ratio of the period returns (``SharpeRatio``, ``SharpeRatio_A``)."""
from __future__ import annotations

import math

from ..mathsupport import average, standarddev
from ..utils.timeframe import TimeFrame
from .annualreturn import AnnualReturn
from .base import Analyzer
from .timereturn import TimeReturn

__all__ = ['SharpeRatio', 'SharpeRatio_A']


class SharpeRatio(Analyzer):
    """Sharpe ratio of the returns per ``timeframe``/``compression`` period against
    ``riskfreerate`` (an annual rate).

    With a known number of periods per year (``factor``: ``daysfactor`` for Days,
    else the ``factor`` param, else Days 252 / Weeks 52 / Months 12 / Years 1) the
    risk-free rate is converted to the period (``convertrate``) or the returns are
    annualized instead. ``annualize`` multiplies the ratio by ``sqrt(factor)``.
    ``get_analysis()['sharperatio']`` is ``None`` when it cannot be computed (no
    returns, zero deviation). ``legacyannual`` uses yearly returns (``AnnualReturn``).
    """

    params = dict(
        timeframe=TimeFrame.Years, compression=1, riskfreerate=0.01, factor=None,
        convertrate=True, annualize=False, stddev_sample=False, daysfactor=None,
        legacyannual=False, fund=None,
    )

    # periods per year for the timeframes that have a fixed count
    RATEFACTORS = {TimeFrame.Days: 252, TimeFrame.Weeks: 52,
                   TimeFrame.Months: 12, TimeFrame.Years: 1}

    def __init__(self) -> None:
        if self.p.legacyannual:
            self.anret = AnnualReturn()
        else:
            self.timereturn = TimeReturn(timeframe=self.p.timeframe,
                                         compression=self.p.compression,
                                         fund=self.p.fund)

    def stop(self) -> None:
        super().stop()
        p = self.p
        if p.legacyannual:
            # like upstream, errors (e.g. a single year: zero deviation) propagate
            rate = p.riskfreerate
            retavg = average([r - rate for r in self.anret.rets])
            retdev = standarddev(self.anret.rets)
            ratio = retavg / retdev
        else:
            ratio = self._ratio(list(self.timereturn.get_analysis().values()))
        self.ratio = ratio
        self.rets['sharperatio'] = ratio

    def _ratio(self, returns: list):
        p = self.p
        rate = p.riskfreerate
        factor = None
        if p.timeframe == TimeFrame.Days and p.daysfactor is not None:
            factor = p.daysfactor
        elif p.factor is not None:
            factor = p.factor
        elif p.timeframe in self.RATEFACTORS:
            factor = self.RATEFACTORS[p.timeframe]
        if factor is not None:
            if p.convertrate:
                rate = pow(1.0 + rate, 1.0 / factor) - 1.0
            else:
                returns = [pow(1.0 + x, factor) - 1.0 for x in returns]
        if not len(returns) - p.stddev_sample:
            return None
        ret_free = [r - rate for r in returns]
        try:
            ret_free_avg = average(ret_free)
            retdev = standarddev(ret_free, avgx=ret_free_avg, bessel=p.stddev_sample)
            ratio = ret_free_avg / retdev
            if factor is not None and p.convertrate and p.annualize:
                ratio = math.sqrt(factor) * ratio
        except (ValueError, TypeError, ZeroDivisionError):
            ratio = None
        return ratio


class SharpeRatio_A(SharpeRatio):
    """``SharpeRatio`` with ``annualize=True``."""

    params = (('annualize', True),)
