"""Base of the filters that are data feeds wrapping another data
(``DataFilter``, ``DataFiller``): the wrapped data is started and read bar by
bar by the wrapper; it is not added to Cerebro itself."""
from __future__ import annotations

from ..feeds.base import AbstractDataBase

__all__ = ['WrappingData']


class WrappingData(AbstractDataBase):
    """A data whose bars come from the data given as ``dataname``."""

    def __init__(self) -> None:
        src = self.p.dataname
        self.data = src
        if self.p.timeframe == type(self).params.timeframe and \
                self.p.compression == type(self).params.compression:
            self._timeframe, self._compression = src._timeframe, src._compression
        if not self._name:
            self._name = src._name

    def _gettz(self):
        return self.data._gettz()

    def start(self) -> None:
        super().start()
        src = self.data
        src.reset()
        src._start()

    def stop(self) -> None:
        self.data.stop()

    def _next_source(self) -> bool:
        """Load the wrapped data's next bar."""
        return self.data.next()

    def _copy_source(self) -> None:
        src = self.data.lines.lines
        for i, line in enumerate(self.lines.lines):
            line[0] = src[i][0]
