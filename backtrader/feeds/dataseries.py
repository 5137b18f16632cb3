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
        headers = [self._name, 'len']
        for lo in self.LineOrder:
            headers.append(self.lines._getlinealias(lo))
        morelines = self.getlinealiases()[len(self.LineOrder):]
        headers.extend(morelines)
        return headers

    def getlinealiases(self) -> tuple:
        return self.lines.getlinealiases()

    def getwritervalues(self) -> list:
        n = len(self)
        values = [self._name, n]
        if n:
            values.append(self.datetime.datetime(0))
            for line in self.LineOrder[1:]:
                values.append(self.lines[line][0])
            for i in range(len(self.LineOrder), self.lines.fullsize()):
                values.append(self.lines[i][0])
        else:
            values.extend([''] * self.lines.fullsize())
        return values

    def getwriterinfo(self) -> dict:
        from collections import OrderedDict
        info = OrderedDict()
        info['Name'] = self._name
        info['Timeframe'] = TimeFrame.TName(self._timeframe)
        info['Compression'] = self._compression
        return info


class OHLC(DataSeries):
    lines = ('close', 'low', 'high', 'open', 'volume', 'openinterest')


class OHLCDateTime(OHLC):
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
