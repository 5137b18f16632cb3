"""Feeds made of other feeds: the common part of ``Chainer`` and ``RollOver``.

Such a feed owns a list of datas, starts and stops them with itself, loads
them bar by bar and copies the bar it decides on into its own lines. It
reports itself live (``islive()``), so a run using it goes bar by bar
(no preloading), as in backtrader.

Bars are ordered by their wall time in each data's own zone
(``data.datetime.datetime(0)``), as backtrader compares them.
"""
from __future__ import annotations

import datetime as _dt

from .base import DataBase

__all__ = ['CompositeFeed']


class CompositeFeed(DataBase):
    """Base of feeds delivering bars taken from the datas given positionally.

    Timeframe, compression and time zone are those of the first data.
    """

    def __init__(self, *args) -> None:
        # no datas: an empty feed, as backtrader accepts it (cerebro.chaindata
        # and rolloverdata refuse to build one)
        self._datas = list(args)
        if args:
            self._timeframe = args[0]._timeframe
            self._compression = args[0]._compression

    def islive(self) -> bool:
        # bar by bar only: the datas are consumed while the run goes on
        return True

    def _gettz(self):
        return self._datas[0]._gettz() if self._datas else super()._gettz()

    def start(self) -> None:
        super().start()
        for data in self._datas:
            data.setenvironment(self._env)
            data.reset()
            data._start()
        self._lastdt = _dt.datetime.min

    def stop(self) -> None:
        super().stop()
        for data in self._datas:
            data.stop()

    def _copy_bar(self, data, dtime: _dt.datetime) -> None:
        """Make ``data``'s current bar (at ``dtime``) the current bar of this feed."""
        for mine, theirs in zip(self.lines.lines, data.lines.lines):
            mine[0] = theirs[0]
        self._lastdt = dtime
