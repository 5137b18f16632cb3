"""``Chainer``: one feed out of several, one after the other (e.g. the
consecutive files of a long history)."""
from __future__ import annotations

from .composite import CompositeFeed

__all__ = ['Chainer']


class Chainer(CompositeFeed):
    """Deliver the bars of the first data, then those of the next one, and
    so on; a bar not later than the last one delivered is skipped (overlaps
    between the datas are dropped). Created by ``cerebro.chaindata(*datas)``."""

    def start(self) -> None:
        super().start()
        self._current = 0

    def _load(self) -> bool:
        datas = self._datas
        while self._current < len(datas):
            data = datas[self._current]
            if not data.next():
                self._current += 1
                continue
            dtime = data.datetime.datetime(0)
            if dtime <= self._lastdt:
                continue
            self._copy_bar(data, dtime)
            return True
        return False
