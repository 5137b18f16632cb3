"""Exhaustive search: every combination of a finite space, in order."""
from __future__ import annotations

from ..space import ParamSpace
from .base import Searcher

__all__ = ['GridSearcher']


class GridSearcher(Searcher):
    """Every combination meeting the constraints (the last parameter varies
    fastest, as in ``optstrategy``); proposals are streamed, never listed."""

    name = 'grid'

    def __init__(self, space: ParamSpace, seed=None) -> None:
        super().__init__(space, seed)
        self._it = space.grid()
        self._done = False

    @property
    def done(self) -> bool:
        return self._done

    def expected_total(self):
        size = self.space.size
        if not self.space.constraints:
            return size
        if size is not None and size <= 1_000_000:
            return sum(1 for _ in self.space.grid())
        return None

    def _ask(self, n: int) -> list:
        out = []
        for params in self._it:
            out.append(params)
            if len(out) >= n:
                break
        else:
            self._done = True
        return out
