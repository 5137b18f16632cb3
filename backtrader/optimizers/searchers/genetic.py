"""Genetic search: a seeded population evolved by tournament selection,
uniform crossover (continuous genes blended), per-gene mutation and elitism.

Generation 0 is random. Each later generation keeps the ``elitism`` best
individuals and fills the rest with children. Individuals already evaluated
keep their fitness (no trial runs twice); children are redrawn a few times
to prefer unseen combinations, so the trial budget goes to new ones.
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np

from ..space import ParamSpace
from .base import Searcher

__all__ = ['GeneticSearcher', 'Evolution']


class Evolution:
    """Variation operators shared by the genetic and the Pareto searchers."""

    def __init__(self, space: ParamSpace, rng: np.random.Generator, crossover_rate: float,
                 mutation_rate: float, mutation_scale: float) -> None:
        self.space, self.rng = space, rng
        self.crossover_rate, self.mutation_rate = crossover_rate, mutation_rate
        self.mutation_scale = mutation_scale

    def child(self, a: dict, b: dict) -> dict:
        rng, space = self.rng, self.space
        if rng.random() < self.crossover_rate:
            kid = {n: d.blend(a[n], b[n], rng) for n, d in space.dims.items()}
        else:
            kid = dict(a)
        for n, d in space.dims.items():
            if rng.random() < self.mutation_rate:
                kid[n] = d.mutate(kid[n], rng, self.mutation_scale)
        return kid

    def make(self, pick, seen: set, tries: int = 20) -> Optional[dict]:
        """A valid child of two parents from ``pick()``, unseen if possible."""
        fallback = None
        for _ in range(tries):
            kid = self.child(pick(), pick())
            if not self.space.is_valid(kid):
                continue
            if self.space.key(kid) not in seen:
                return kid
            fallback = fallback or kid
        return fallback


class GeneticSearcher(Searcher):
    """Genetic algorithm (see the module docstring). Runs ``generations``
    generations of ``population_size`` or until ``n_trials`` evaluations."""

    name = 'genetic'
    adaptive = True

    def __init__(self, space: ParamSpace, population_size: int = 20, generations: int = 10,
                 n_trials: Optional[int] = None, crossover_rate: float = 0.9,
                 mutation_rate: float = 0.2, mutation_scale: float = 0.15, elitism: int = 2,
                 tournament_size: int = 3, seed: Optional[int] = None) -> None:
        super().__init__(space, seed)
        if population_size < 2:
            raise ValueError('population_size must be at least 2')
        if not 0 <= elitism < population_size:
            raise ValueError('elitism must be between 0 and population_size - 1')
        self.population_size, self.generations = int(population_size), int(generations)
        self.n_trials = n_trials
        self.elitism, self.tournament_size = int(elitism), int(tournament_size)
        self.evo = Evolution(space, self.rng, crossover_rate, mutation_rate, mutation_scale)
        self._fitness: dict = {}        # key -> fitness (-inf when infeasible/failed)
        self._population: list = []     # params dicts of the current generation
        self._queue: list = []          # members still to propose
        self.generation = -1
        self._asked = 0
        self._finished = False

    @property
    def done(self) -> bool:
        return self._finished

    def config(self) -> dict:
        e = self.evo
        return dict(super().config(), population_size=self.population_size,
                    generations=self.generations, n_trials=self.n_trials,
                    crossover_rate=e.crossover_rate, mutation_rate=e.mutation_rate,
                    mutation_scale=e.mutation_scale, elitism=self.elitism,
                    tournament_size=self.tournament_size)

    def state(self) -> dict:
        return dict(super().state(), generation=self.generation)

    def expected_total(self):
        most = self.population_size * self.generations
        return most if self.n_trials is None else min(most, self.n_trials)

    def _budget_left(self) -> int:
        if self.n_trials is None:
            return 1 << 60
        return self.n_trials - self._asked

    def _ask(self, n: int) -> list:
        while not self._queue:
            if not self._next_generation():
                self._finished = True
                return []
        out = []
        while self._queue and len(out) < n and self._budget_left() > 0:
            params = self._queue.pop(0)
            self._asked += 1
            out.append(params)
        if self._budget_left() <= 0:
            self._queue = []
        return out

    def _next_generation(self) -> bool:
        if self._budget_left() <= 0 or self.generation + 1 >= self.generations:
            return False
        self.generation += 1
        space, seen = self.space, self._fitness
        if self.generation == 0:
            pop, keys = [], set()
            for _ in range(self.population_size * 20):
                if len(pop) >= self.population_size:
                    break
                p = space.sample(self.rng)
                k = space.key(p)
                if k not in keys:
                    keys.add(k)
                    pop.append(p)
        else:
            ranked = sorted(self._population, key=lambda p: -self._fitness[space.key(p)])
            pop = [dict(p) for p in ranked[:self.elitism]]
            keys = {space.key(p) for p in pop}
            for _ in range(self.population_size * 10):
                if len(pop) >= self.population_size:
                    break
                kid = self.evo.make(self._tournament, set(seen) | keys)
                if kid is None:
                    continue
                k = space.key(kid)
                if k in keys and len(keys) < (space.size or 1 << 60):
                    continue
                keys.add(k)
                pop.append(kid)
        self._population = pop
        self._queue = []
        qkeys = set()
        for p in pop:
            k = space.key(p)
            if k not in seen and k not in qkeys:
                qkeys.add(k)
                self._queue.append(p)
        if not self._queue:
            # the population converged on evaluated combinations: nothing new to learn
            return self._next_generation()
        return True

    def _tournament(self) -> dict:
        pop = self._population
        idx = self.rng.integers(len(pop), size=min(self.tournament_size, len(pop)))
        return max((pop[i] for i in idx), key=lambda p: self._fitness[self.space.key(p)])

    def _tell(self, params: dict, score, feasible: bool, values) -> None:
        ok = feasible and score is not None and not math.isnan(score)
        self._fitness[self.space.key(params)] = score if ok else -math.inf
