"""Variability-Weighted Return (``VWR``, alias ``VariabilityWeightedReturn``)."""
from __future__ import annotations

import math

from ..mathsupport import standarddev
from .base import TimeFrameAnalyzerBase
from .returns import Returns

__all__ = ['VWR', 'VariabilityWeightedReturn']


class VWR(TimeFrameAnalyzerBase):
    """Annualized log return penalised by the variability of the value around
    the ideal exponential path.

    Per period n (1-based) with start value ``pi`` and end value ``pn``:
    ``d_n = pn / (pi * exp(ravg * n)) - 1``; ``vwr = rnorm100 * (1 - (sdev(d) /
    sdev_max) ** tau)`` with the sample standard deviation and ``ravg``/``rnorm100``
    from a ``Returns`` child. (Upstream's defaults: ``tau=0.20``, ``sdev_max=2.0``.)
    """

    params = dict(tann=None, tau=0.20, sdev_max=2.0, fund=None)

    _TANN = Returns._TANN   # periods per year, as the Returns child uses them

    def __init__(self) -> None:
        self._returns = Returns(timeframe=self.p.timeframe,
                                compression=self.p.compression,
                                tann=self.p.tann)

    def start(self) -> None:
        super().start()
        fund = self.p.fund
        broker = self.strategy.broker
        self._fundmode = broker.fundmode if fund is None else fund
        value = broker.fundvalue if self._fundmode else broker.getvalue()
        self._pis = [value]     # value at the start of each period
        self._pns = [value]     # value at the end of each period
        self._newperiod = False

    def notify_fund(self, cash: float, value: float, fundvalue: float, shares: float) -> None:
        # Upstream's observable timing: a period that starts on bar k is opened by
        # the notification of bar k + 1, so the value of bar k still ends the
        # previous period.
        value = fundvalue if self._fundmode else value
        if self._newperiod:
            self._newperiod = False
            self._pis.append(self._pns[-1])
            self._pns.append(value)
        else:
            self._pns[-1] = value

    def on_dt_over(self) -> None:
        self._newperiod = True

    def stop(self) -> None:
        super().stop()
        ravg = self._returns.get_analysis()['ravg']
        dts = []
        for n, (pi, pn) in enumerate(zip(self._pis, self._pns), 1):
            dts.append(pn / (pi * math.exp(ravg * n)) - 1.0)
        # like upstream, a single period (no sample deviation) raises ZeroDivisionError
        sdev_p = standarddev(dts, bessel=True)
        rnorm100 = self._returns.get_analysis()['rnorm100']
        self.rets['vwr'] = rnorm100 * (1.0 - pow(sdev_p / self.p.sdev_max, self.p.tau))


VariabilityWeightedReturn = VWR
