"""``VChartFile`` store: where a VisualChart installation keeps its data files."""
from __future__ import annotations

from typing import Optional

from ..feeds.vchartfile import VChartFile as VChartFileFeed, vchart_datapath
from ..store import Store

__all__ = ['VChartFile']


class VChartFile(Store):
    """The data folder of a VisualChart installation, for the
    ``feeds.VChartFile`` feeds (``getdata(dataname=symbol, ...)``).

    ``path``: the data folder. Without it, the folder of a VisualChart
    installation is looked up (in the Windows registry); on other systems
    there is none and feeds deliver no bars.
    """

    params = (('path', None),)

    def __init__(self) -> None:
        self._datapath = self.p.path if self.p.path is not None else vchart_datapath()

    DataCls = VChartFileFeed

    def get_datapath(self) -> Optional[str]:
        """The data folder (None when unknown)."""
        return self._datapath


VChartFileFeed._store_class = VChartFile
