"""``DataManager``: the feeds of a Cerebro — registration, names, start/preload,
and the datetime ordering used by the engine's loops."""
from __future__ import annotations

import collections
from typing import Any, Optional


__all__ = ['DataManager']


class DataManager:
    """Owns the data feeds (and their factories) of one Cerebro."""

    def __init__(self) -> None:
        self.datas: list = []
        self.datasbyname: 'collections.OrderedDict[str, Any]' = collections.OrderedDict()
        self.feeds: list = []
        self.live = False
        self.resampled = False

    def add(self, data, name: Optional[str] = None, env=None):
        if name is not None:
            data._name = name
        data._id = len(self.datas) + 1
        data.setenvironment(env)
        self.datas.append(data)
        self.datasbyname[data._name] = data
        feed = data.getfeed()
        if feed is not None and not any(f is feed for f in self.feeds):
            self.feeds.append(feed)
        if data.islive():
            self.live = True
        return data

    def start(self, preload: bool, lookahead: int, exactbars: int) -> None:
        """Reset, start and (optionally) preload every data."""
        for data in self.datas:
            data.reset()
            if exactbars < 1:
                data.extend(size=lookahead)
            data._start()
            if preload:
                data.preload()

    def stop(self) -> None:
        for data in self.datas:
            data.stop()

    def release(self) -> None:
        """Detach the lines other objects hung on the datas' clocks during a
        run, freezing their cursor at the last bar (results stay readable)."""
        for data in self.datas:
            data.lines._clock.release(keep=data.lines.lines)

    def sorted(self) -> list:
        """Datas ordered by (timeframe, compression), as the loops process them."""
        return sorted(self.datas, key=lambda d: (d._timeframe, d._compression))

    def feeds_start(self) -> None:
        for feed in self.feeds:
            feed.start()

    def feeds_stop(self) -> None:
        for feed in self.feeds:
            feed.stop()
