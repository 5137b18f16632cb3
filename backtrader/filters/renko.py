"""``Renko``: the price path turned into Renko bricks."""
from __future__ import annotations

from ..flt import Filter

__all__ = ['Renko']


class Renko(Filter):
    """Keeps a brick ``[bottom, top]`` of ``size`` (``size``, or the first
    open aligned to ``align`` -- rounded when ``roundstart`` -- divided by
    ``autosize``; with ``dynamic`` each new brick takes the price at that
    moment divided by ``autosize``). It starts one size around the first
    open. A bar whose close (``hilo``: high for rising, low for falling)
    reaches the top moves the brick one size up, one reaching the bottom one
    size down, and is replaced by the new brick (rising: open = low = bottom,
    high = close = top; falling: open = low = top, high = close = bottom;
    volume and open interest 0). Other bars are dropped (upstream only drops
    them correctly when the data is preloaded)."""

    params = dict(hilo=False, size=None, autosize=20.0, dynamic=False, align=1.0,
                  roundstart=True)

    def __call__(self, data) -> bool:
        if self._firsttime:
            self._firsttime = False
            self.nextstart(data)
        return self.next(data)

    def nextstart(self, data) -> None:
        p = self.p
        align = p.align
        start = round(data.open[0] / align) * align
        if p.roundstart:
            start = round(start)
        self._size = size = p.size or float(start // p.autosize)
        # the first brick needs a whole size either way
        self._bottom = start - size
        self._top = start + size

    def next(self, data) -> bool:
        p = self.p
        lines = data.lines
        up = lines.high[0] if p.hilo else lines.close[0]
        down = lines.low[0] if p.hilo else lines.close[0]
        if up >= self._top:
            if p.dynamic:
                self._size = float(up // p.autosize)
            self._bottom = self._top
            self._top = self._bottom + self._size
            o, h, lo, c = self._bottom, self._top, self._bottom, self._top
        elif down <= self._bottom:
            if p.dynamic:
                self._size = float(down // p.autosize)
            self._top = self._bottom
            self._bottom = self._top - self._size
            o, h, lo, c = self._top, self._bottom, self._top, self._bottom
        else:
            data.backwards()
            return True
        lines.open[0], lines.high[0], lines.low[0], lines.close[0] = o, h, lo, c
        lines.volume[0] = 0.0
        lines.openinterest[0] = 0.0
        return False
