"""``DataClone``: a data feed mirroring another one (``data.clone()``).

The clone delivers the original's bars again, on its own clock and with its
own filters: ``cerebro.resampledata(data)`` on a data already added resamples
a clone, so the original and its resampled view run side by side.

Preloaded, the clone copies the original's whole (preloaded) series at once.
Bar by bar, it delivers the original's current bar each time the original is
longer than the bars mirrored so far, so within an engine cycle it follows
the original (datas with a longer period, such as a resampled clone, are
processed after the shorter ones).
"""
from __future__ import annotations

from .base import AbstractDataBase

__all__ = ['DataClone']


class DataClone(AbstractDataBase):
    """Mirror of the data given as ``dataname`` (``.data`` is the original)."""

    _clone = True

    def __init__(self) -> None:
        data = self.p.dataname
        self.data = data
        self._dataname = data._dataname
        p = self.p
        # the original's period and session, whatever was asked for
        p.fromdate, p.todate = data.p.fromdate, data.p.todate
        p.sessionstart, p.sessionend = data.sessionstart, data.sessionend
        p.timeframe, p.compression = data._timeframe, data._compression
        self._bt_setup()
        self._timeframe, self._compression = data._timeframe, data._compression
        self._name = p.name
        self._dlen = 0

    def _gettz(self):
        return self.data._tz

    def _gettzinput(self):
        return None

    def _start_finish(self) -> None:
        super()._start_finish()
        # the original already applied its date range
        data = self.data
        self.fromdate, self.todate = data.fromdate, data.todate

    def start(self) -> None:
        super().start()
        self._dlen = 0

    def islive(self) -> bool:
        return self.data.islive()

    def advance(self, size: int = 1, datamaster=None, ticks: bool = True) -> None:
        """Move over stored bars; each counts as one of the original's."""
        self._dlen += size
        self.lines._clock.advance(size)

    def _load_arrays(self):
        clock = self.data.lines._clock
        lines = self.data.lines
        if clock.lencount or not clock.buflen or lines.lines[0]._cap:
            return None             # not a preloaded original
        n = clock.buflen
        return {name: line.storage()[:n].copy()
                for name, line in zip(lines._names, lines.lines)
                if name in self.lines._names}

    def _load(self) -> bool:
        clock = self.data.lines._clock
        dlen = self._dlen
        if clock.lencount:
            # bar by bar: the original's current bar, when the original is
            # longer than the bars counted so far (moving over a bar of its
            # own given back also counts one: see ``advance``)
            if clock.lencount <= dlen:
                return False
            ago = 0
        else:
            # a preloaded original resting at its start: its stored bars
            if dlen >= clock.buflen:
                return False
            ago = dlen + 1
        src = self.data.lines.lines
        for i, line in enumerate(self.lines.lines):
            line[0] = src[i][ago]
        self._dlen = dlen + 1
        return True


AbstractDataBase._clone_class = DataClone
