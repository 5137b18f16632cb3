"""Heikin Ashi candles."""
from __future__ import annotations

import numpy as np

from .base import Indicator
from ..lines.kernels import exp_smooth

__all__ = ['HeikinAshi']


class HeikinAshi(Indicator):
    """``ha_close = (o + h + l + c) / 4``; ``ha_open`` = mean of the previous
    ha_open and ha_close (first bar: ``(o + c) / 2``); ``ha_high`` /
    ``ha_low`` = max / min of the bar's high / low, ha_open and ha_close.

    ``_nextforce``: like upstream, its presence switches the run to next mode.
    """

    lines = ('ha_open', 'ha_high', 'ha_low', 'ha_close',)
    linealias = (('ha_open', 'open'), ('ha_high', 'high'), ('ha_low', 'low'),
                 ('ha_close', 'close'),)
    plotinfo = dict(subplot=False)
    _nextforce = True

    def __init__(self) -> None:
        self.addminperiod(2)
        super().__init__()
        # ha_close needs no previous bar: its line keeps the data's minimum
        # period (what a line operation or indicator on it starts from, as
        # upstream's); the other lines and the indicator need one bar more
        self.lines.ha_close._minperiod -= 1

    def _write(self, ha_open: float, extremes: bool = True) -> None:
        d = self.data
        high, low = d.high[0], d.low[0]
        ha_close = (d.open[0] + high + low + d.close[0]) / 4.0
        lines = self.lines
        lines.ha_open[0] = ha_open
        lines.ha_close[0] = ha_close
        if extremes:
            lines.ha_high[0] = max(high, ha_open, ha_close)
            lines.ha_low[0] = min(low, ha_open, ha_close)

    def prenext(self) -> None:
        if len(self) == 1:
            # the seed bar has open/close only (high/low stay NaN, as upstream)
            self._write((self.data.open[0] + self.data.close[0]) / 2.0, extremes=False)
        else:
            self.next()

    def next(self) -> None:
        lines = self.lines
        self._write((lines.ha_open[-1] + lines.ha_close[-1]) / 2.0)

    def preonce(self, start: int, end: int) -> None:
        self._fill(start, end)

    def once(self, start: int, end: int) -> None:
        self._fill(start, end)

    def _fill(self, start: int, end: int) -> None:
        if end <= start:
            return
        d = self.data
        o, h, lo, c = (line.storage()[start:end] for line in (d.open, d.high, d.low, d.close))
        ha_close = (o + h + lo + c) / 4.0
        lines = self.lines
        if start == 0:
            first = (o[0] + c[0]) / 2.0
            prev_open, prev_close = None, None
        else:
            prev_open = lines.ha_open.storage()[start - 1]
            prev_close = lines.ha_close.storage()[start - 1]
            first = (prev_open + prev_close) / 2.0
        # ha_open[i] = ha_open[i-1] / 2 + ha_close[i-1] / 2: halving is exact,
        # so this linear recursion equals (open + close) / 2 bit for bit
        halves = np.empty(end - start)
        halves[0] = first
        halves[1:] = ha_close[:-1] * 0.5
        ha_open = np.empty(end - start)
        ha_open[0] = first
        if end - start > 1:
            ha_open[1:] = exp_smooth(halves, 1, first, 1.0, 0.5)
        lines.ha_open.storage()[start:end] = ha_open
        lines.ha_close.storage()[start:end] = ha_close
        lines.ha_high.storage()[start:end] = _pymax3(h, ha_open, ha_close)
        lines.ha_low.storage()[start:end] = _pymin3(lo, ha_open, ha_close)
        if start == 0:
            lines.ha_high.storage()[0] = lines.ha_low.storage()[0] = np.nan


def _pymax3(a, b, c):
    # Python's max(a, b, c): keeps the first of equal values, skips NaN after the first
    out = np.where(b > a, b, a)
    return np.where(c > out, c, out)


def _pymin3(a, b, c):
    out = np.where(b < a, b, a)
    return np.where(c < out, c, out)
