"""Random search: ``n_trials`` distinct combinations drawn from a seeded
generator (uniform per dimension; log-uniform on log ranges)."""
from __future__ import annotations

from typing import Optional

from ..space import ParamSpace
from .base import BudgetSearcher

__all__ = ['RandomSearcher']


class RandomSearcher(BudgetSearcher):
    """Seeded random combinations, never the same one twice; stops after
    ``n_trials`` or when a finite space runs out."""

    name = 'random'

    def __init__(self, space: ParamSpace, n_trials: int = 100, seed: Optional[int] = None,
                 max_misses: int = 2000) -> None:
        super().__init__(space, n_trials, seed, max_misses)
        self._seen: set = set()

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
