"""``VChartFile``: VisualChart binary files found through the
``bt.stores.VChartFile`` store (a VisualChart installation's data folder)."""
from __future__ import annotations

import os
from typing import Optional

import numpy as np

from ..core.errors import DataFormatError
from ..utils.timeframe import TimeFrame
from .base import DataBase
from .vchart import read_vchart

__all__ = ['VChartFile', 'vchart_datapath']


def vchart_datapath() -> Optional[str]:
    """The data folder of a VisualChart installation (from the Windows
    registry), or None where there is none."""
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


class VChartFile(DataBase):
    """The VisualChart file of symbol ``dataname`` in the data folder of the
    ``VChartFile`` store: ``<path>/<code[2:6]>/<code>.<ext>`` with
    ``code = '010' + dataname`` and the extension ``.fd`` (daily bars, stamped
    at ``sessionend``) for timeframes of Days or longer, ``.min`` for
    Minutes. A missing file gives no bars and a trailing incomplete record is
    ignored, as in backtrader; tick files (``.tck``, Ticks to Seconds) are
    not supported."""

    #: the store class (a singleton per class), set by ``stores.vchartfile``
    #: which builds on this module: a feed made without a store uses it
    _store_class: Optional[type] = None

    def start(self) -> None:
        super().start()
        self._path = None
        if self._store is None and self._store_class is not None:
            self._store = self._store_class()
        # the store's folder, or the installation's when there is no store
        datapath = vchart_datapath() if self._store is None else self._store.get_datapath()
        if datapath is None:
            return
        if self._timeframe >= TimeFrame.Days:
            ext = '.fd'
        elif self._timeframe == TimeFrame.Minutes:
            ext = '.min'
        else:
            ext = '.tck'
        code = '010' + self.p.dataname
        self._path = os.path.join(datapath, code[2:6], code + ext)
        if ext == '.tck' and os.path.exists(self._path):
            raise DataFormatError(
                'VChartFile %s: VisualChart tick files (%s) are not supported; use the '
                'timeframe Minutes or longer' % (self.p.dataname, self._path))

    def _load_arrays(self) -> dict:
        if self._path is None or not os.path.exists(self._path):
            return {name: np.empty(0) for name in self.lines._names}
        intraday = self._path.endswith('.min')
        return read_vchart(self._path, intraday, None if intraday else self.sessionend,
                           partial='ignore')
