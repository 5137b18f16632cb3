"""Multi-objective search (NSGA-II): populations ranked by non-dominated
sorting, ties broken by crowding distance; plus the sorting itself, used to
extract the Pareto front of any set of trials."""
from __future__ import annotations

import math
from typing import Optional, Sequence

import numpy as np

from ..space import ParamSpace
from .base import Searcher
from .genetic import Evolution

__all__ = ['ParetoSearcher', 'nondominated_sort', 'crowding_distance', 'pareto_front']


def _dominates(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(a >= b) and np.any(a > b))


def nondominated_sort(points: np.ndarray) -> list:
    """Fronts (lists of row indices) of ``points`` (rows, every column
    maximised): front 0 is the non-dominated set, front 1 what only front 0
    dominates, and so on."""
    pts = np.asarray(points, dtype=float)
    n = len(pts)
    if n == 0:
        return []
    # dominated[i, j]: row i is dominated by row j
    ge = np.all(pts[None, :, :] >= pts[:, None, :], axis=2)
    gt = np.any(pts[None, :, :] > pts[:, None, :], axis=2)
    dominated = ge & gt
    count = dominated.sum(axis=1)
    fronts = []
    current = [i for i in range(n) if count[i] == 0]
    remaining = count.copy()
    while current:
        fronts.append(current)
        nxt = []
        for i in current:
            for j in np.nonzero(dominated[:, i])[0]:
                remaining[j] -= 1
                if remaining[j] == 0:
                    nxt.append(int(j))
        current = sorted(nxt)
    return fronts


def crowding_distance(points: np.ndarray) -> np.ndarray:
    """NSGA-II crowding distance of each row within one front (ends: inf)."""
    pts = np.asarray(points, dtype=float)
    n, m = pts.shape if pts.ndim == 2 else (len(pts), 0)
    dist = np.zeros(n)
    if n <= 2:
        dist[:] = np.inf
        return dist
    for k in range(m):
        order = np.argsort(pts[:, k], kind='stable')
        lo, hi = pts[order[0], k], pts[order[-1], k]
        dist[order[0]] = dist[order[-1]] = np.inf
        if hi == lo:
            continue
        dist[order[1:-1]] += (pts[order[2:], k] - pts[order[:-2], k]) / (hi - lo)
    return dist


def pareto_front(values: Sequence[Sequence[float]], signs: Sequence[float]) -> list:
    """Indices of the non-dominated rows of ``values`` (``signs``: +1 to
    maximise a column, -1 to minimise it)."""
    if not len(values):
        return []
    pts = np.asarray(values, dtype=float) * np.asarray(signs, dtype=float)
    # points in decreasing lexicographic order: none can dominate an earlier
    # one, so each is checked against the front found so far only
    order = np.lexsort(pts.T[::-1])[::-1]
    front: list = []
    for i in order:
        p = pts[i]
        if front:
            f = pts[front]
            if np.any(np.all(f >= p, axis=1) & np.any(f > p, axis=1)):
                continue
        front.append(int(i))
    return sorted(front)


class ParetoSearcher(Searcher):
    """NSGA-II over the space for the objectives' ``signs`` (+1 maximise, -1
    minimise): ``generations`` of ``population_size``; parents are chosen by
    binary tournament on (front, crowding), survivors from parents plus
    children by front then crowding."""

    name = 'nsga2'
    adaptive = True

    def __init__(self, space: ParamSpace, signs: Sequence[float], population_size: int = 20,
                 generations: int = 10, crossover_rate: float = 0.9, mutation_rate: float = 0.2,
                 mutation_scale: float = 0.15, seed: Optional[int] = None) -> None:
        super().__init__(space, seed)
        self.signs = [float(s) for s in signs]
        self.population_size, self.generations = int(population_size), int(generations)
        self.evo = Evolution(space, self.rng, crossover_rate, mutation_rate, mutation_scale)
        self._values: dict = {}      # key -> signed values (None when infeasible/failed)
        self._params: dict = {}      # key -> params
        self._population: list = []  # keys
        self._rank: dict = {}
        self._crowd: dict = {}
        self._queue: list = []
        self._offspring: list = []
        self.generation = -1
        self._finished = False

    @property
    def done(self) -> bool:
        return self._finished

    def expected_total(self):
        return self.population_size * self.generations

    def config(self) -> dict:
        e = self.evo
        return dict(super().config(), signs=self.signs, population_size=self.population_size,
                    generations=self.generations, crossover_rate=e.crossover_rate,
                    mutation_rate=e.mutation_rate, mutation_scale=e.mutation_scale)

    def _ask(self, n: int) -> list:
        while not self._queue:
            if not self._advance():
                self._finished = True
                return []
        out = self._queue[:n]
        del self._queue[:n]
        return out

    def _point(self, key: str) -> np.ndarray:
        v = self._values.get(key)
        if v is None:
            return np.full(len(self.signs), -1e300)
        return np.asarray(v)

    def _select(self, keys: list) -> list:
        """The ``population_size`` best of ``keys`` by front, then crowding."""
        pts = np.array([self._point(k) for k in keys])
        chosen = []
        self._rank, self._crowd = {}, {}
        for r, front in enumerate(nondominated_sort(pts)):
            crowd = crowding_distance(pts[front])
            for i, c in zip(front, crowd):
                self._rank[keys[i]], self._crowd[keys[i]] = r, c
            if len(chosen) + len(front) <= self.population_size:
                chosen.extend(keys[i] for i in front)
            else:
                order = sorted(range(len(front)), key=lambda j: (-crowd[j], front[j]))
                chosen.extend(keys[front[j]] for j in order[:self.population_size - len(chosen)])
                break
        return chosen

    def _advance(self) -> bool:
        space = self.space
        if self.generation + 1 >= self.generations:
            return False
        if self.generation >= 0:
            pool = list(dict.fromkeys(self._population + self._offspring))
            self._population = self._select(pool)
        self.generation += 1
        if self.generation == 0:
            keys = []
            for _ in range(self.population_size * 20):
                if len(keys) >= self.population_size:
                    break
                p = space.sample(self.rng)
                k = space.key(p)
                if k not in self._params:
                    self._params[k] = p
                    keys.append(k)
            self._population = keys
            self._offspring = []
            self._queue = [self._params[k] for k in keys]
            return bool(self._queue) or self._advance()
        if self.generation == 1:
            self._population = self._select(self._population)
        kids = []
        taken = set(self._params)
        for _ in range(self.population_size * 10):
            if len(kids) >= self.population_size:
                break
            kid = self.evo.make(self._tournament, taken)
            if kid is None:
                continue
            k = space.key(kid)
            if k in kids:
                continue
            kids.append(k)
            if k not in self._params:
                self._params[k] = kid
                taken.add(k)
                self._queue.append(kid)
        self._offspring = kids
        return bool(self._queue) or self._advance()

    def _tournament(self) -> dict:
        pop = self._population
        i, j = self.rng.integers(len(pop), size=2)
        a, b = pop[int(i)], pop[int(j)]
        ka = (self._rank.get(a, 0), -self._crowd.get(a, 0.0))
        kb = (self._rank.get(b, 0), -self._crowd.get(b, 0.0))
        return self._params[a if ka <= kb else b]

    def _tell(self, params: dict, score, feasible: bool, values) -> None:
        ok = feasible and values is not None and all(
            v is not None and not math.isnan(v) for v in values)
        self._values[self.space.key(params)] = \
            [s * v for s, v in zip(self.signs, values)] if ok else None
