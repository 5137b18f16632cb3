"""The bar a resampler is building (``_Bar`` upstream).

Values follow upstream's accumulation exactly: open is the first input's
open, high/low the running ``max``/``min`` (Python's, so a NaN input never
replaces a number), close and open interest the last input's, volume the
running float sum, datetime the last input's. A bar whose open is NaN is
*closed* (nothing accumulated); ``datetime`` survives the close so the next
bar can be compared with the one just delivered.
"""
from __future__ import annotations

__all__ = ['BarAccumulator']

_NAN = float('nan')
_INF = float('inf')


class BarAccumulator:
    """Open/high/low/close/volume/openinterest/datetime of a bar in progress."""

    __slots__ = ('close', 'low', 'high', 'open', 'volume', 'openinterest', 'datetime')

    def __init__(self) -> None:
        self.datetime = None
        self.reset()

    def reset(self) -> None:
        """Nothing accumulated (the datetime of the last bar is kept)."""
        self.close = _NAN
        self.low = _INF
        self.high = -_INF
        self.open = _NAN
        self.volume = 0.0
        self.openinterest = 0.0

    def isopen(self) -> bool:
        o = self.open
        return o == o

    def add(self, dt: float, o: float, h: float, lo: float, c: float, v: float,
            oi: float) -> None:
        """Merge one input bar."""
        self.datetime = dt
        self.high = max(self.high, h)
        self.low = min(self.low, lo)
        self.close = c
        self.volume += v
        self.openinterest = oi
        if self.open != self.open:
            self.open = o

    def start(self, dt: float, o: float, h: float, lo: float, c: float, v: float,
              oi: float) -> None:
        """Begin a new bar with one input bar."""
        self.reset()
        self.add(dt, o, h, lo, c, v, oi)

    def values(self, dt: float = None) -> list:
        """The bar in the line order of a data feed (close, low, high, open,
        volume, openinterest, datetime); ``dt`` replaces the datetime."""
        return [self.close, self.low, self.high, self.open, self.volume, self.openinterest,
                self.datetime if dt is None else dt]
