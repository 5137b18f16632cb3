"""``VChartFile`` store: where a VisualChart installation keeps its data files."""
from __future__ import annotations

import os
from typing import Optional

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
        self._datapath = self.p.path if self.p.path is not None else self._find_vchart()

    @property
    def DataCls(self):
        from ..feeds.vchartfile import VChartFile as VChartFileFeed
        return VChartFileFeed

    @staticmethod
    def _find_vchart() -> Optional[str]:
        try:
            import winreg
        except ImportError:
            return None
        try:
            key = winreg.OpenKey(winreg.HKEY_CURRENT_USER,
                                 r'Software\VCG\Visual Chart 6\Config')
            folder = winreg.QueryValueEx(key, 'DocsDirectory')[0]
        except OSError:
            return None
        return os.path.join(folder, 'RealServer', 'Data')

    def get_datapath(self) -> Optional[str]:
        """The data folder (None when unknown)."""
        return self._datapath
