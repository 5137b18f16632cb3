"""``DataFilter``: a data feed keeping only the bars of another data that a
function accepts."""
from __future__ import annotations

from ._wrapper import WrappingData

__all__ = ['DataFilter']


class DataFilter(WrappingData):
    """``DataFilter(dataname=data, funcfilter=f)``: the bars of ``data`` for
    which ``f(data)`` is true (``data`` positioned on the bar)."""

    params = (('funcfilter', None),)

    def _load(self) -> bool:
        func = self.p.funcfilter
        while self._next_source():
            if func is None or func(self.data):
                self._copy_source()
                return True
        return False
