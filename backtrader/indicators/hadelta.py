"""haDelta (Dan Valcu): Heikin Ashi close minus open, and its average."""
from __future__ import annotations

from .base import Indicator
from .heikinashi import HeikinAshi
from .sma import SMA

__all__ = ['haDelta', 'haD']


class haDelta(Indicator):
    """``haDelta = ha_close - ha_open`` (of ``HeikinAshi(data)`` when
    ``autoheikin``, else of the data itself); ``smoothed = MA(haDelta, period)``."""

    alias = ('haD',)
    lines = ('haDelta', 'smoothed',)
    params = (('period', 3), ('movav', SMA), ('autoheikin', True),)
    plotlines = dict(haDelta=dict(color='red'),
                     smoothed=dict(color='grey', _fill_gt=(0, 'green'), _fill_lt=(0, 'red')))

    def __init__(self) -> None:
        source = HeikinAshi(self.data) if self.p.autoheikin else self.data
        self.lines.haDelta = delta = source.close - source.open
        self.lines.smoothed = self.p.movav(delta, period=self.p.period)
        super().__init__()
