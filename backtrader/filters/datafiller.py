"""``DataFiller``: a data feed giving the bars of another intraday data with
the missing steps filled."""
from __future__ import annotations

from ._wrapper import WrappingData
from .session import INTRADAY_STEPS

__all__ = ['DataFiller']

_NAN = float('nan')


class DataFiller(WrappingData):
    """``DataFiller(dataname=data)``: the bars of ``data`` plus one bar for
    every missing step (``timeframe`` x ``compression``) between two of them
    whose time of day lies within the session, also across session ends.
    Filling bars: open = high = low = close = ``fill_price`` (None: the last
    close), volume ``fill_vol``, open interest ``fill_oi``."""

    params = (
        ('fill_price', None),
        ('fill_vol', _NAN),
        ('fill_oi', _NAN),
    )

    _tdeltas = INTRADAY_STEPS

    def start(self) -> None:
        super().start()
        delta = self._tdeltas.get(self.data._timeframe)
        self._step = delta * self.data._compression if delta is not None else None
        self._pending = []        # filling times still to deliver
        self._held = False        # a source bar waits behind them
        self._lastdt = None
        self._lastclose = _NAN

    def _load(self) -> bool:
        if self._pending:
            self._fill(self._pending.pop(0))
            return True
        if self._held:
            self._held = False
            self._deliver_source()
            return True
        if not self._next_source():
            return False
        dtime = self.data.datetime.datetime(0)
        if self._step is not None and self._lastdt is not None:
            t = self._lastdt + self._step
            start, end = self.data.sessionstart, self.data.sessionend
            while t < dtime:
                if start <= t.time() <= end:
                    self._pending.append(t)
                t += self._step
        if self._pending:
            self._held = True
            self._fill(self._pending.pop(0))
            return True
        self._deliver_source()
        return True

    def _deliver_source(self) -> None:
        self._copy_source()
        self._lastdt = self.data.datetime.datetime(0)
        self._lastclose = self.data.close[0]

    def _fill(self, dtime) -> None:
        p = self.p
        price = p.fill_price if p.fill_price is not None else self._lastclose
        lines = self.lines
        lines.open[0] = lines.high[0] = lines.low[0] = lines.close[0] = price
        lines.volume[0] = p.fill_vol
        lines.openinterest[0] = p.fill_oi
        lines.datetime[0] = self.date2num(dtime)
