"""Value of the position in each data per bar (``PositionsValue``)."""
from __future__ import annotations

from ..utils.timeframe import TimeFrame
from .base import Analyzer

__all__ = ['PositionsValue']


class PositionsValue(Analyzer):
    """Per bar, the list of position values (one per data, plus cash with ``cash``).

    Keys are dates, or datetimes when any data is intraday. With ``headers`` the
    first entry is ``'Datetime'`` -> data names (plus ``'cash'``).
    """

    params = (
        ('headers', False),
        ('cash', False),
    )

    def start(self) -> None:
        super().start()
        if self.p.headers:
            headers = [d._name or 'Data%d' % i for i, d in enumerate(self.datas)]
            self.rets['Datetime'] = headers + ['cash'] * self.p.cash
        self._usedate = all(d._timeframe >= TimeFrame.Days for d in self.datas)

    def next(self) -> None:
        broker = self.strategy.broker
        # a flat position is worth 0.0 even before its data delivered a bar
        pvals = [broker.get_value([d]) if broker.getposition(d).size else 0.0
                 for d in self.datas]
        if self.p.cash:
            pvals.append(broker.get_cash())
        dt = self.strategy.datetime
        key = dt.date() if self._usedate else dt.datetime()
        self.rets[key] = pvals
