"""Ichimoku Kinko Hyo."""
from __future__ import annotations

from .base import Indicator
from .basicops import Highest, Lowest

__all__ = ['Ichimoku']


class Ichimoku(Indicator):
    """Mid-ranges of three horizons (``tenkan``, ``kijun``, ``senkou``), the
    two spans shifted ``senkou_lead`` bars ahead and the close shifted
    ``chikou`` bars back.

    ``chikou_span`` is the close ``chikou`` bars *later*: each bar writes its
    close ``chikou`` bars back, so bar by bar the current value is unknown
    (NaN) and in runonce mode the last ``chikou`` values are. Upstream's
    write positions wrap around the stored values (Python list indexing): the
    first write (bar ``chikou``) lands on the current bar in next mode and on
    the last bar of the arrays in runonce mode; both are reproduced.
    """

    lines = ('tenkan_sen', 'kijun_sen', 'senkou_span_a', 'senkou_span_b', 'chikou_span',)
    params = (('tenkan', 9), ('kijun', 26), ('senkou', 52), ('senkou_lead', 26),
              ('chikou', 26),)
    plotinfo = dict(subplot=False)
    plotlines = dict(senkou_span_a=dict(_fill_gt=('senkou_span_b', 'g'),
                                        _fill_lt=('senkou_span_b', 'r')))

    # bar by bar the chikou values appear later than in runonce arrays
    _bt_next_differs = True

    def _midrange(self, period: int):
        high = Highest(self.data.high, period=period)
        low = Lowest(self.data.low, period=period)
        return (high + low) / 2.0

    def __init__(self) -> None:
        p = self.p
        self.l.tenkan_sen = self._midrange(p.tenkan)
        self.l.kijun_sen = self._midrange(p.kijun)
        # (from the lines, not the operations bound to them: the lines' readers
        # size their rings in a memory-saving run, as upstream's)
        self.l.senkou_span_a = ((self.l.tenkan_sen + self.l.kijun_sen) / 2.0)(-p.senkou_lead)
        self.l.senkou_span_b = self._midrange(p.senkou)(-p.senkou_lead)
        self._close = self.data.close
        self.lines.chikou_span.updateminperiod(max(self._close._minperiod, p.chikou))
        super().__init__()

    # -- chikou: written from bar ``chikou`` on, whatever the indicator's
    # own minimum period (prenext included)
    def _write_chikou(self) -> None:
        shift = self.p.chikou
        line = self.lines.chikou_span
        nbars = len(line)
        if nbars < shift:
            return
        # (a memory-saving run: the values upstream keeps, its ring's size)
        kept = line._wrap or line.maxlen
        stored = min(nbars, kept) if kept else nbars
        pos = stored - 1 - shift
        if pos < 0:
            pos += stored
        line[pos - (stored - 1)] = self._close[0]

    def prenext(self) -> None:
        self._write_chikou()

    def nextstart(self) -> None:
        self._write_chikou()

    def next(self) -> None:
        self._write_chikou()

    def _fill_chikou(self, start: int, end: int) -> None:
        shift = self.p.chikou
        lo = max(start, shift - 1)
        if end <= lo:
            return
        dst = self.lines.chikou_span.storage()
        src = self._close.storage()
        nbars = self._l0.clock.buflen
        first = lo - shift
        if first < 0:
            # the writes before bar ``shift`` wrap to the end of the arrays
            for i in range(lo, min(end, shift)):
                dst[i - shift + nbars] = src[i]
            lo = shift
        if end > lo:
            dst[lo - shift:end - shift] = src[lo:end]

    def preonce(self, start: int, end: int) -> None:
        self._fill_chikou(start, end)

    def oncestart(self, start: int, end: int) -> None:
        self._fill_chikou(start, end)

    def once(self, start: int, end: int) -> None:
        self._fill_chikou(start, end)
