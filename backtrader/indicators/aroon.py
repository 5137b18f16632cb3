"""Aroon (Chande): how recently the highest high / lowest low of the last
``period + 1`` bars occurred, scaled to 0..100."""
from __future__ import annotations

from .base import Indicator
from .basicops import FindFirstIndexHighest, FindFirstIndexLowest

__all__ = ['AroonUp', 'AroonDown', 'AroonUpDown', 'AroonIndicator', 'AroonOscillator',
           'AroonOsc', 'AroonUpDownOscillator', 'AroonUpDownOsc']


class _AroonBase(Indicator):
    """Builds ``self.up`` / ``self.dn`` for the classes asking for them
    (``_up`` / ``_dn``): ``100 / period * (period - bars since the extreme)``
    over a window of ``period + 1`` bars (most recent extreme)."""

    _up = False
    _dn = False
    params = (('period', 14), ('upperband', 70), ('lowerband', 30),)
    plotinfo = dict(plotymargin=0.05, plotyhlines=[0, 100])

    def _plotlabel(self) -> list:
        return [self.p.period]

    def _plotinit(self) -> None:
        # a fresh list: upstream extends the class-level default in place, so
        # its lines pile up from one instance to the next
        self.plotinfo.plotyhlines = list(self.plotinfo.plotyhlines) + [self.p.lowerband,
                                                                        self.p.upperband]

    def __init__(self) -> None:
        period = self.p.period
        scale = 100.0 / period
        window = period + 1
        if self._up:
            since = FindFirstIndexHighest(self.data.high, period=window)
            self.up = scale * (period - since)
        if self._dn:
            since = FindFirstIndexLowest(self.data.low, period=window)
            self.dn = scale * (period - since)
        super().__init__()


class AroonUp(_AroonBase):
    """``aroonup``: recency of the highest high."""

    _up = True
    lines = ('aroonup',)

    def __init__(self) -> None:
        super().__init__()
        self.lines.aroonup = self.up


class AroonDown(_AroonBase):
    """``aroondown``: recency of the lowest low."""

    _dn = True
    lines = ('aroondown',)

    def __init__(self) -> None:
        super().__init__()
        self.lines.aroondown = self.dn


class AroonUpDown(AroonUp, AroonDown):
    """Both Aroon lines."""

    alias = ('AroonIndicator',)


class AroonOscillator(_AroonBase):
    """``aroonosc = aroonup - aroondown``."""

    _up = _dn = True
    alias = ('AroonOsc',)
    lines = ('aroonosc',)

    def _plotinit(self) -> None:
        super()._plotinit()
        hlines = self.plotinfo.plotyhlines
        self.plotinfo.plotyhlines = hlines + [-level for level in hlines]

    def __init__(self) -> None:
        super().__init__()
        self.lines.aroonosc = self.up - self.dn


class AroonUpDownOscillator(AroonUpDown, AroonOscillator):
    """Aroon up, down and oscillator."""

    alias = ('AroonUpDownOsc',)
