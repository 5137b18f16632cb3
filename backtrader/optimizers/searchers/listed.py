"""A searcher over an explicit list of combinations (re-runs, perturbations,
hand-picked candidates)."""
from __future__ import annotations

from typing import Optional, Sequence

from ..space import ParamSpace
from .base import Searcher

__all__ = ['ListSearcher']


class ListSearcher(Searcher):
    """Proposes ``combinations`` in order (duplicates and combinations the
    space's constraints reject are dropped)."""

    name = 'list'

    def __init__(self, space: ParamSpace, combinations: Sequence[dict],
                 seed: Optional[int] = None) -> None:
        super().__init__(space, seed)
        seen, todo = set(), []
        for params in combinations:
            params = dict(params)
            key = space.key(params)
            if key in seen or not space.is_valid(params):
                continue
            seen.add(key)
            todo.append(params)
        self.combinations = todo
        self._next = 0

    @property
    def done(self) -> bool:
        """True once every combination was proposed."""
        return self._next >= len(self.combinations)

    def _ask(self, n: int) -> list:
        out = self.combinations[self._next:self._next + n]
        self._next += len(out)
        return [dict(p) for p in out]

    def config(self) -> dict:
        """The searcher's identity: its combinations."""
        return dict(super().config(), combinations=self.combinations)

    def expected_total(self) -> Optional[int]:
        """The number of combinations."""
        return len(self.combinations)
