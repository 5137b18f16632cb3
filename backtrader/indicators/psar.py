"""Parabolic SAR (Wilder): a trailing stop that accelerates with the trend."""
from __future__ import annotations

from .base import Indicator
from .basicops import PeriodN

__all__ = ['ParabolicSAR', 'PSAR']


def sar_step(state: tuple, high: float, low: float, prev_high: float, prev_low: float,
             af0: float, afmax: float):
    """One bar of the SAR recursion.

    ``state`` = (uptrend, sar, ep, af) left by the previous bar. Returns the
    bar's SAR and the state for the next bar."""
    up, sar, ep, af = state
    if (up and sar >= low) or (not up and sar <= high):
        # penetration: the trend reverses at the previous extreme point
        up = not up
        sar = ep
        ep = high if up else low
        af = af0
    value = sar
    if up:
        if high > ep:
            ep = high
            af = min(af + af0, afmax)
    elif low < ep:
        ep = low
        af = min(af + af0, afmax)
    nsar = sar + af * (ep - sar)
    if up:
        floor = min(low, prev_low)
        if nsar > floor:
            nsar = floor
    else:
        ceiling = max(high, prev_high)
        if nsar < ceiling:
            nsar = ceiling
    return value, (up, nsar, ep, af)


def sar_seed(high: float, low: float, close: float, prev_high: float, prev_low: float,
             prev_close: float, af0: float) -> tuple:
    """State "before" the first evaluated bar. The trend is deliberately the
    opposite of the close's move: the first evaluation reverses it."""
    sar = (high + low) / 2.0
    if close >= prev_close:
        return (False, sar, prev_low, af0)
    return (True, sar, prev_high, af0)


class ParabolicSAR(PeriodN):
    """SAR with acceleration factor ``af`` (step and start) capped at
    ``afmax``; ``period`` (2) bars are needed to start."""

    alias = ('PSAR',)
    lines = ('psar',)
    params = (('period', 2), ('af', 0.02), ('afmax', 0.20),)
    plotinfo = dict(subplot=False)
    plotlines = dict(psar=dict(marker='.', markersize=4.0, color='black', fillstyle='full',
                               ls=''))

    # The recursion starts on the second bar whatever ``period`` is (as
    # upstream): a longer period only hides the first values.
    def prenext(self) -> None:
        if len(self) >= 2:
            self._step()

    def nextstart(self) -> None:
        if len(self) >= 2:
            self._l0[0] = self._step()

    def next(self) -> None:
        self._l0[0] = self._step()

    # A bar may be stepped again (a replayed bar updated in place, a cycle where
    # only another data moved): each step starts from the state the previous
    # bar left (``_before``, for the bar of length ``_steplen``), as upstream's.
    _steplen = 0
    _before = None

    def _step(self) -> float:
        d = self.data
        n = len(self)
        if n != self._steplen:
            if n == 2:      # the seed: from the bar's first update
                self._state = sar_seed(d.high[0], d.low[0], d.close[0], d.high[-1],
                                       d.low[-1], d.close[-1], self.p.af)
            self._steplen, self._before = n, self._state
        state = self._before
        value, self._state = sar_step(state, d.high[0], d.low[0], d.high[-1],
                                      d.low[-1], self.p.af, self.p.afmax)
        return value

    def oncestart(self, start: int, end: int) -> None:
        if start < 1:
            return
        d = self.data
        h, lo, c = d.high.storage(), d.low.storage(), d.close.storage()
        self._state = sar_seed(h[1], lo[1], c[1], h[0], lo[0], c[0], self.p.af)
        # run the hidden bars [1, start) and then the first visible one
        self._run(1, start, write=False)
        self._run(start, end)

    def once(self, start: int, end: int) -> None:
        self._run(start, end)

    def _run(self, start: int, end: int, write: bool = True) -> None:
        if end <= start:
            return
        d = self.data
        highs = d.high.storage()[start - 1:end].tolist()
        lows = d.low.storage()[start - 1:end].tolist()
        af0, afmax = self.p.af, self.p.afmax
        state = self._state
        out = []
        append = out.append
        for k in range(1, len(highs)):
            before = state
            value, state = sar_step(state, highs[k], lows[k], highs[k - 1], lows[k - 1],
                                    af0, afmax)
            append(value)
        self._state = state
        self._steplen, self._before = end, before     # (see _step)
        if write:
            self._l0.storage()[start:end] = out
