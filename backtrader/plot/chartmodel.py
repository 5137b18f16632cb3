"""The chart description: panes, price/volume series, indicator lines and
trade segments, in bar positions, as ``chart.build_chart`` produces them and
the matplotlib and Plotly backends draw them; with the bar-range helpers both
backends share."""
from __future__ import annotations

import dataclasses
from typing import Any, Optional

import numpy as np

from ..utils.dateintern import num2date_array

__all__ = ['Chart', 'Pane', 'PriceSeries', 'VolumeSeries', 'LineSeriesSpec', 'TradeSegments',
           'bar_datetimes', 'resolve_range']


# -- the description ----------------------------------------------------------------
@dataclasses.dataclass
class LineSeriesSpec:
    """One line of an indicator or observer.

    ``label`` is the legend text (None: not in the legend); when ``showvalue``
    the backend appends the last visible value. ``method`` is 'plot' or 'bar';
    ``markers`` is True for lines drawn as markers only (``ls=''``).
    ``style`` holds the remaining matplotlib keyword arguments.
    ``fills``: (kind 'gt'/'lt', other line values or a number, colour).
    """

    x: np.ndarray
    y: np.ndarray
    name: str
    label: Optional[str]
    color: str
    style: dict
    method: str = 'plot'
    markers: bool = False
    showvalue: bool = True
    valuetag: bool = True
    skipnan: bool = False
    fills: list = dataclasses.field(default_factory=list)
    owner: str = ''


@dataclasses.dataclass
class PriceSeries:
    """A data feed's bars: ``style`` is 'line', 'bar', 'ohlc' or 'candle'."""

    x: np.ndarray
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    label: str
    style: str
    color: str
    name: str = ''
    valuetag: bool = True


@dataclasses.dataclass
class VolumeSeries:
    """A data feed's volume: overlaid on its price pane or in a pane of its own."""

    x: np.ndarray
    volume: np.ndarray
    up: np.ndarray          # True where the bar closed at or above its open
    label: str
    overlay: bool


@dataclasses.dataclass
class TradeSegments:
    """Closed trades of one data as entry -> exit segments (interactive charts)."""

    entry_x: np.ndarray
    entry_price: np.ndarray
    exit_x: np.ndarray
    exit_price: np.ndarray
    pnlcomm: np.ndarray
    size: np.ndarray


@dataclasses.dataclass
class Pane:
    """One horizontal band of the chart with its own y axis.

    ``items`` are drawn in order. ``secondary`` holds what shares this band on
    a second y axis (datas plotted over another data without ``sameaxis``).
    ``volume`` is the overlaid volume of the pane's data, if any.
    """

    kind: str                       # 'data', 'indicator', 'observer', 'volume', 'drawdown'
    rows: int
    title: str = ''
    items: list = dataclasses.field(default_factory=list)
    secondary: list = dataclasses.field(default_factory=list)
    volume: Optional[VolumeSeries] = None
    hlines: list = dataclasses.field(default_factory=list)
    yticks: list = dataclasses.field(default_factory=list)
    ymargin: float = 0.0
    legendloc: Optional[str] = None
    ylimited: bool = False          # y range from the prices only (data panes)
    trades: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Chart:
    """The chart of one strategy: ``dates`` are the strategy's bar date numbers,
    ``panes`` top to bottom; ``start``/``end`` the bar range to show."""

    name: str
    dates: np.ndarray
    datetimes: np.ndarray           # datetime64[us] of each bar (for labels and axes)
    panes: list
    start: int
    end: int
    intraday: bool = True


# -- helpers -------------------------------------------------------------------------
def bar_datetimes(nums: np.ndarray, tz: Any = None) -> np.ndarray:
    """``datetime64[us]`` of bar date numbers (see ``num2date_array``)."""
    return num2date_array(nums, tz)


def resolve_range(dates: np.ndarray, start=None, end=None) -> tuple:
    """Bar range ``[start, end)`` of a plot: ``start``/``end`` are bar indices
    (``end`` exclusive; a negative ``end`` counts from the end, -1 keeping the
    last bar, as upstream) or dates/datetimes (bars up to ``end`` included)."""
    import datetime as _dt
    from ..utils.dateintern import date2num
    n = len(dates)

    def as_num(value):
        if isinstance(value, _dt.datetime):
            return date2num(value)
        return date2num(_dt.datetime(value.year, value.month, value.day))

    if start is None:
        s = 0
    elif isinstance(start, (_dt.date, _dt.datetime)):
        s = int(np.searchsorted(dates, as_num(start), side='left'))
    else:
        s = int(start)
        if s < 0:
            s = max(n + s, 0)
    if end is None:
        e = n
    elif isinstance(end, (_dt.date, _dt.datetime)):
        e = int(np.searchsorted(dates, as_num(end), side='right'))
    else:
        e = int(end)
        if e < 0:
            e = n + e + 1
    s = min(max(s, 0), n)
    e = min(max(e, s), n)
    return s, e
