"""Statistics of the period returns (``PeriodStats``)."""
from __future__ import annotations

from ..mathsupport import average, standarddev
from ..utils.timeframe import TimeFrame
from .base import Analyzer
from .timereturn import TimeReturn

__all__ = ['PeriodStats']


class PeriodStats(Analyzer):
    """Average, (population) standard deviation, counts of positive / negative /
    unchanged periods, best and worst period return, from a ``TimeReturn`` child.
    With ``zeroispos`` unchanged periods count as positive (``nochange`` is 0)."""

    params = (
        ('timeframe', TimeFrame.Years),
        ('compression', 1),
        ('zeroispos', False),
        ('fund', None),
    )

    def __init__(self) -> None:
        self._tr = TimeReturn(timeframe=self.p.timeframe,
                              compression=self.p.compression, fund=self.p.fund)

    def stop(self) -> None:
        super().stop()
        trets = list(self._tr.get_analysis().values())
        r = self.rets
        r['average'] = avg = average(trets)
        r['stddev'] = standarddev(trets, avgx=avg)
        r['positive'] = sum(x > 0.0 for x in trets)
        r['negative'] = sum(x < 0.0 for x in trets)
        r['nochange'] = sum(x == 0.0 for x in trets)
        if self.p.zeroispos:
            r['positive'] += r['nochange']
            r['nochange'] = 0
        r['best'] = max(trets)
        r['worst'] = min(trets)
