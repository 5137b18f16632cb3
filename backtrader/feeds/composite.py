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
        self._current = 0

    def stop(self) -> None:
        super().stop()
        for data in self._datas:
            data.stop()

    def _next_new_bar(self) -> tuple:
        """``(data, its bar datetime)``: the next bar of the current data later
        than the last one delivered, moving on to the following data when one
        runs out (``_switched`` is told); ``(None, None)`` at the end."""
        datas = self._datas
        while self._current < len(datas):
            data = datas[self._current]
            if not data.next():
                self._current += 1
                if self._current < len(datas):
                    self._switched(datas[self._current])
                continue
            dtime = data.datetime.datetime(0)
            if dtime > self._lastdt:
                return data, dtime
        return None, None

    def _switched(self, data) -> None:
        """The previous data ran out: ``data`` is now the current one."""

    def _copy_bar(self, data, dtime: _dt.datetime) -> None:
        """Make ``data``'s current bar (at ``dtime``) the current bar of this feed."""
        for mine, theirs in zip(self.lines.lines, data.lines.lines):
            mine[0] = theirs[0]
        self._lastdt = dtime
