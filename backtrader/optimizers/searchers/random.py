"""Random search: ``n_trials`` distinct combinations drawn from a seeded
generator (uniform per dimension; log-uniform on log ranges)."""
from __future__ import annotations

from typing import Optional

from ..space import ParamSpace
from .base import Searcher

__all__ = ['RandomSearcher']


class RandomSearcher(Searcher):
    """Seeded random combinations, never the same one twice; stops after
    ``n_trials`` or when a finite space runs out."""

    name = 'random'

    def __init__(self, space: ParamSpace, n_trials: int = 100, seed: Optional[int] = None,
                 max_misses: int = 2000) -> None:
        super().__init__(space, seed)
        if n_trials < 1:
            raise ValueError('n_trials must be at least 1, got %r' % (n_trials,))
        self.n_trials = int(n_trials)
        self._seen: set = set()
        self._asked = 0
        self._exhausted = False
        self._max_misses = max_misses

    @property
    def done(self) -> bool:
        return self._exhausted or self._asked >= self.n_trials

    def _ask(self, n: int) -> list:
        out = []
        while len(out) < n and self._asked < self.n_trials:
            for _ in range(self._max_misses):
                params = self.space.sample(self.rng)
                key = self.space.key(params)
                if key not in self._seen:
                    break
            else:
                self._exhausted = True
                break
            self._seen.add(key)
            self._asked += 1
            out.append(params)
        return out

    def config(self) -> dict:
        return dict(super().config(), n_trials=self.n_trials)

    def expected_total(self):
        size = self.space.size
        return self.n_trials if size is None or self.space.constraints else \
            min(size, self.n_trials)
