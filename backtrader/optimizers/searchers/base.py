"""The ask/tell protocol every searcher follows.

A searcher proposes parameter dicts (``ask``) and learns their outcome
(``tell``); it never runs anything, so executors and storage stay generic.
The study engine tells outcomes in trial order, and adaptive searchers
propose a new batch only once every earlier proposal has been told: given its
seed (and batch size), a searcher's sequence of proposals is fixed, which is
what lets a killed study be resumed by replaying its stored trials.
Searchers never propose the same combination twice.
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np

from ..space import ParamSpace

__all__ = ['Searcher', 'BudgetSearcher', 'penalised']


class Searcher:
    """Base of searchers: ``ask(n)`` -> up to ``n`` new parameter dicts ([] when
    waiting for outcomes or finished: see ``done``); ``tell(params, score,
    feasible, values)`` with ``score`` oriented so that higher is better (None
    for a failed trial)."""

    name = 'searcher'
    adaptive = False          # proposals depend on outcomes (batch-synchronous)

    def __init__(self, space: ParamSpace, seed: Optional[int] = None) -> None:
        self.space = space
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self._pending = 0
        self.n_told = 0
        self.best: Optional[tuple] = None        # (score, params)

    # -- protocol --------------------------------------------------------------------------
    def ask(self, n: int) -> list:
        """Up to ``n`` new parameter dicts ([] while waiting for outcomes or when done)."""
        if n <= 0 or self.done or (self.adaptive and self._pending):
            return []
        out = self._ask(n)
        self._pending += len(out)
        return out

    def tell(self, params: dict, score: Optional[float], feasible: bool,
             values: Optional[list] = None) -> None:
        """Learn the outcome of proposed ``params`` (``score``: higher is better; None when failed)."""
        self._pending = max(0, self._pending - 1)
        self.n_told += 1
        if feasible and score is not None and not math.isnan(score):
            if self.best is None or score > self.best[0]:
                self.best = (score, dict(params))
        self._tell(params, score, feasible, values)

    @property
    def done(self) -> bool:
        """True when the searcher will propose nothing more."""
        raise NotImplementedError

    def _ask(self, n: int) -> list:
        raise NotImplementedError

    def _tell(self, params: dict, score, feasible: bool, values) -> None:
        pass

    # -- metadata ----------------------------------------------------------------------------
    def config(self) -> dict:
        """What defines the proposals (stored with the study; a resume must match)."""
        return {'searcher': self.name, 'seed': self.seed}

    def state(self) -> dict:
        """A JSON snapshot of progress (informative; resume replays the trials)."""
        return {'told': self.n_told, 'best': None if self.best is None else
                {'score': self.best[0], 'params': self.best[1]}}

    def set_batch_size(self, n: int) -> None:
        """Adaptive searchers with a default batch size take the executor's width."""

    def expected_total(self) -> Optional[int]:
        """How many trials the search will propose, when known (progress bars)."""
        return None


class BudgetSearcher(Searcher):
    """A searcher that proposes up to ``n_trials`` distinct combinations,
    giving up on a draw after ``max_misses`` repeats in a row (the space ran
    out): random search and the optuna samplers."""

    def __init__(self, space: ParamSpace, n_trials: int, seed: Optional[int],
                 max_misses: int) -> None:
        super().__init__(space, seed)
        if n_trials < 1:
            raise ValueError('n_trials must be at least 1, got %r' % (n_trials,))
        self.n_trials = int(n_trials)
        self._asked = 0
        self._exhausted = False
        self._max_misses = max_misses

    @property
    def done(self) -> bool:
        """True once ``n_trials`` were proposed (or the space ran out)."""
        return self._exhausted or self._asked >= self.n_trials


def penalised(scores: list, feasible: list) -> np.ndarray:
    """Scores for a surrogate: failed or infeasible trials count as a little
    worse than the worst feasible one (they repel the search, never attract)."""
    good = [s for s, f in zip(scores, feasible) if f and s is not None and math.isfinite(s)]
    if good:
        lo, hi = min(good), max(good)
        floor = lo - 0.1 * (hi - lo if hi > lo else max(1.0, abs(lo)))
    else:
        floor = -1.0
    return np.array([s if f and s is not None and math.isfinite(s) else floor
                     for s, f in zip(scores, feasible)], dtype=float)
