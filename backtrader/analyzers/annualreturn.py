"""Yearly returns computed from the ``Broker`` observer's value line (``AnnualReturn``)."""
from __future__ import annotations

from collections import OrderedDict

from .base import Analyzer

__all__ = ['AnnualReturn']


class AnnualReturn(Analyzer):
    """Return of each calendar year: last value of the year over the last value of
    the previous year (the first year starts at the value of the first bar), minus 1.

    Needs the strategy's ``Broker`` observer (``stdstats``). ``get_analysis()`` is an
    ``OrderedDict`` year -> return; the attribute ``rets`` is the list of returns.
    """

    def create_analysis(self) -> None:
        super().create_analysis()
        self.ret = OrderedDict()

    def stop(self) -> None:
        super().stop()
        value_line = self.strategy.stats.broker.lines.value
        dt_line = self.data.lines.datetime
        self.rets = []
        self.ret = OrderedDict()
        cur_year = -1
        value_start = 0.0
        value_cur = 0.0
        value_end = 0.0
        for ago in range(len(self.data) - 1, -1, -1):
            dt = dt_line.date(-ago)
            value_cur = value_line[-ago]
            if dt.year > cur_year:
                if cur_year >= 0:
                    self._add_year(cur_year, value_start, value_end)
                    value_start = value_end
                else:
                    value_start = value_cur
                cur_year = dt.year
            value_end = value_cur
        if cur_year not in self.ret:
            self._add_year(cur_year, value_start, value_end)

    def _add_year(self, year: int, value_start: float, value_end: float) -> None:
        annualret = (value_end / value_start) - 1.0
        self.rets.append(annualret)
        self.ret[year] = annualret

    def get_analysis(self):
        return self.ret
