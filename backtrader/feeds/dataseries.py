"""Line sets of price data: ``DataSeries`` (the OHLCV + datetime lines and
their order), ``OHLC`` and ``OHLCDateTime``."""
from __future__ import annotations

from ..lines.series import LineSeries
from ..utils.timeframe import TimeFrame

__all__ = ['DataSeries', 'OHLC', 'OHLCDateTime', 'SimpleFilterWrapper']


class DataSeries(LineSeries):
    """Price lines in upstream's fixed order: close, low, high, open, volume,
    openinterest, datetime (so ``data[0]`` is the close)."""

    plotinfo = dict(plot=True, plotind=True, plotylimited=True)

    # index of each price line (line 0 is the close)
    Close, Low, High, Open, Volume, OpenInterest, DateTime = range(7)
    # order used by writers: datetime first, then OHLC, volume, open interest
    LineOrder = [6, 3, 2, 1, 0, 4, 5]

    _name, _compression, _timeframe = '', 1, TimeFrame.Days

    def getwriterheaders(self) -> list:
        """Column names for writers: the data name, ``len`` and the lines in standard order."""
        alias = self.lines._getlinealias
        ordered = [alias(idx) for idx in self.LineOrder]
        # lines added by subclasses follow the standard ones
        return [self._name, 'len'] + ordered + list(self.getlinealiases()[len(ordered):])

    def getwritervalues(self) -> list:
        """The current bar's values for writers, in ``getwriterheaders`` order."""
        n = len(self)
        lines = self.lines
        if not n:   # nothing loaded yet: one empty cell per line
            return [self._name, n] + [''] * lines.fullsize()
        # datetime as a datetime, then the rest of LineOrder, then any extra lines
        rest = [*self.LineOrder[1:], *range(len(self.LineOrder), lines.fullsize())]
        return [self._name, n, self.datetime.datetime(0)] + [lines[idx][0] for idx in rest]

    def getwriterinfo(self) -> dict:
        """Name, timeframe and compression, for writers' summaries."""
        from collections import OrderedDict
        return OrderedDict([('Name', self._name),
                            ('Timeframe', TimeFrame.TName(self._timeframe)),
                            ('Compression', self._compression)])


class OHLC(DataSeries):
    """A data series with close, low, high, open, volume and open interest lines."""
    lines = ('close', 'low', 'high', 'open', 'volume', 'openinterest')


class OHLCDateTime(OHLC):
    """An ``OHLC`` series with a datetime line."""
    lines = ('datetime',)


class SimpleFilterWrapper:
    """Adapter turning ``f(data, *args, **kwargs) -> bool`` into a filter
    (True drops the bar), for ``data.addfilter_simple``."""

    def __init__(self, data, ffilter, *args, **kwargs) -> None:
        if hasattr(ffilter, '__call__') and isinstance(ffilter, type):
            ffilter = ffilter(data, *args, **kwargs)
            args, kwargs = (), {}
        self.ffilter = ffilter
        self.args = args
        self.kwargs = kwargs

    def __call__(self, data) -> bool:
        if self.ffilter(data, *self.args, **self.kwargs):
            data.backwards()
            return True
        return False
