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
        dt_line = self.data.lines.datetime
        value_line = None
        self.rets, self.ret = [], OrderedDict()
        year, start, end = -1, 0.0, 0.0
        for ago in range(len(self.data) - 1, -1, -1):
            # the date first, then the observer: what fails (a data kept as a
            # one-bar ring, no Broker observer) fails as upstream's does
            bar_year = dt_line.date(-ago).year
            if value_line is None:
                value_line = self.strategy.stats.broker.lines.value
            value = value_line[-ago]
            if bar_year > year:
                if year < 0:
                    start = value   # the first year starts at its first bar
                else:
                    self._add_year(year, start, end)
                    start = end     # later years start where the previous one ended
                year = bar_year
            end = value
        if year not in self.ret:
            self._add_year(year, start, end)

    def _add_year(self, year: int, value_start: float, value_end: float) -> None:
        annualret = (value_end / value_start) - 1.0
        self.rets.append(annualret)
        self.ret[year] = annualret

    def get_analysis(self):
        return self.ret
