"""``Chainer``: one feed out of several, one after the other (e.g. the
consecutive files of a long history)."""
from __future__ import annotations

from .composite import CompositeFeed

__all__ = ['Chainer']


class Chainer(CompositeFeed):
    """Deliver the bars of the first data, then those of the next one, and
    so on; a bar not later than the last one delivered is skipped (overlaps
    between the datas are dropped). Created by ``cerebro.chaindata(*datas)``."""

    def _load(self) -> bool:
        data, dtime = self._next_new_bar()
        if data is None:
            return False
        self._copy_bar(data, dtime)
        return True
