"""``AnchorMap``: the objects a run is built from, each by a stable path.

A checkpoint does not store the setup -- cerebro, broker, datas, strategies,
indicators, observers, analyzers, sizers, their lines, clocks and
parameter objects, timers -- it names them: resuming builds the same setup again,
and the same walk gives every object the same path (``strat[0].g0[2]`` is
the third indicator of the first strategy). Values referring to them are
stored as ``{"$a": path}``.

The walk follows the order things were built in, which the same script
reproduces exactly.
"""
from __future__ import annotations

from typing import Any, Iterator, Optional

from ..core.errors import CheckpointError
from ..core.params import AutoInfoClass

__all__ = ['AnchorMap']


class AnchorMap:
    """Path <-> object of the structural objects of one run."""

    def __init__(self) -> None:
        self.path_of: dict = {}         # id(obj) -> path
        self.obj_at: dict = {}          # path -> obj
        self._lines: list = []          # (path, line): their storage handles are anchors

    def __len__(self) -> int:
        return len(self.obj_at)

    def add(self, obj: Any, path: str) -> bool:
        """Name ``obj``; False if it already has a path."""
        if obj is None or id(obj) in self.path_of:
            return False
        if path in self.obj_at:
            raise CheckpointError('two run objects at the path %s' % path)
        self.path_of[id(obj)] = path
        self.obj_at[path] = obj
        return True

    def path(self, obj: Any) -> Optional[str]:
        """The path of ``obj`` (None when it is not an anchor)."""
        path = self.path_of.get(id(obj))
        if path is not None and self.obj_at[path] is obj:
            return path
        return None

    def refresh_storage(self) -> None:
        """Name the lines' current storage handles (a growing clock
        reallocates them: the handles an object holds are the new ones)."""
        for path, line in self._lines:
            for kind in ('storage', 'scalars'):
                old = self.obj_at.pop('%s.%s' % (path, kind), None)
                if old is not None:
                    self.path_of.pop(id(old), None)
                self.add(getattr(line, kind)(), '%s.%s' % (path, kind))

    def get(self, path: str) -> Any:
        """The object at ``path`` (a line's storage handle: the current one)."""
        if path.endswith(('.storage', '.scalars')):
            line_path, _, kind = path.rpartition('.')
            line = self.obj_at.get(line_path)
            if line is not None:
                return getattr(line, kind)()
        try:
            return self.obj_at[path]
        except KeyError:
            raise CheckpointError('the checkpoint refers to %s, which this run does not '
                                  'have (was the setup changed?)' % path) from None

    # -- building ----------------------------------------------------------------------------
    @classmethod
    def of_run(cls, cerebro, runstrats, datas) -> 'AnchorMap':
        """The anchors of a run being executed by ``cerebro``."""
        amap = cls()
        amap.add(cerebro, 'cerebro')
        amap.add(cerebro.broker, 'broker')
        amap._add_info(cerebro.broker, 'broker')
        for i, data in enumerate(datas):
            amap._add_series(data, 'data[%d]' % i)
        for i, strat in enumerate(runstrats):
            amap._add_strategy(strat, 'strat[%d]' % i)
        for i, timer in enumerate(cerebro._timers):
            amap.add(timer, 'timer[%d]' % i)
            amap._add_info(timer, 'timer[%d]' % i)
        return amap

    def _add_info(self, obj, path: str) -> None:
        for attr in ('p', 'params', 'plotinfo', 'plotlines'):
            info = obj.__dict__.get(attr) if hasattr(obj, '__dict__') else None
            if isinstance(info, AutoInfoClass):
                self.add(info, '%s.%s' % (path, attr))

    def _add_series(self, obj, path: str) -> None:
        if not self.add(obj, path):
            return
        self._add_info(obj, path)
        lines = getattr(obj, 'lines', None)
        if lines is not None and hasattr(lines, 'lines'):
            self.add(lines, path + '.lines')
            for j, line in enumerate(lines.lines):
                self._add_line(line, '%s.line[%d]' % (path, j))
        for g, group in enumerate(getattr(obj, '_lineiterators', ())):
            for k, child in enumerate(group):
                if isinstance(child, list):
                    self.add(child, '%s.g%d[%d]' % (path, g, k))
                    for m, sub in enumerate(child):
                        self._add_series(sub, '%s.g%d[%d][%d]' % (path, g, k, m))
                else:
                    self._add_series(child, '%s.g%d[%d]' % (path, g, k))

    def _add_line(self, line, path: str) -> None:
        if not self.add(line, path):
            return
        clock = getattr(line, 'clock', None)
        if clock is not None:
            self._add_clock(clock, path + '.clock')
        storage = getattr(line, 'storage', None)
        if storage is not None:
            self._lines.append((path, line))
            self.add(line.storage(), path + '.storage')
            self.add(line.scalars(), path + '.scalars')

    def _add_clock(self, clock, path: str) -> None:
        if not self.add(clock, path):
            return
        for r, ring in enumerate(getattr(clock, 'rings', ())):
            self.add(ring, '%s.ring[%d]' % (path, r))
        parent = getattr(clock, 'parent', None)
        if parent is not None:
            self._add_clock(parent, path + '.parent')

    def _add_strategy(self, strat, path: str) -> None:
        self._add_series(strat, path)
        for name in ('_stats', 'analyzers'):
            collection = strat.__dict__.get(name)
            if collection is not None:
                self.add(collection, '%s.%s' % (path, name))
        for k, analyzer in enumerate(strat.analyzers):
            self._add_analyzer(analyzer, '%s.an[%d]' % (path, k))
        for k, analyzer in enumerate(strat._slavesanalyzers):
            self._add_analyzer(analyzer, '%s.sa[%d]' % (path, k))
        sizer = strat.__dict__.get('_sizer')
        if sizer is not None and self.add(sizer, path + '.sizer'):
            self._add_info(sizer, path + '.sizer')
        for k, (source, follower) in enumerate(strat._followerclocks.values()):
            self._add_clock(follower, '%s.follower[%d]' % (path, k))

    def _add_analyzer(self, analyzer, path: str) -> None:
        if not self.add(analyzer, path):
            return
        self._add_info(analyzer, path)
        for k, child in enumerate(getattr(analyzer, '_children', ())):
            self._add_analyzer(child, '%s.ch[%d]' % (path, k))

    def analyzers(self) -> Iterator[tuple]:
        """(path, analyzer) of every analyzer anchored (children too)."""
        for path, obj in self.obj_at.items():
            if '.an[' in path or '.sa[' in path:
                tail = path.rsplit('.', 1)[-1]
                if tail.startswith(('an[', 'sa[', 'ch[')):
                    yield path, obj
