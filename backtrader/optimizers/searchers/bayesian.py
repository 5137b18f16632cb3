"""Bayesian optimisation on a Gaussian-process surrogate (scikit-learn's
``GaussianProcessRegressor``, Matern 5/2 kernel with a noise term).

After ``n_initial`` random combinations, each batch takes the candidates
with the best acquisition -- expected improvement (``'ei'``), upper
confidence bound (``'ucb'``) or probability of improvement (``'pi'``) --
among unseen combinations: every one of a finite space up to
``max_candidates``, else a seeded random sample plus moves around the best.
Integer and list dimensions are scaled by position, categorical ones one-hot
encoded. Within a batch, each pick is added to the model at its predicted
mean (the "kriging believer") so the next pick goes elsewhere.
"""
from __future__ import annotations

import math
import warnings
from typing import Optional

import numpy as np
from threadpoolctl import threadpool_limits

from ..space import ParamSpace
from .base import Searcher, penalised

__all__ = ['BayesianSearcher']


def _norm_cdf(z):
    from scipy.special import ndtr
    return ndtr(z)


def _norm_pdf(z):
    return np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)


class BayesianSearcher(Searcher):
    """Gaussian-process search (see the module docstring)."""

    name = 'bayesian'
    adaptive = True

    def __init__(self, space: ParamSpace, n_trials: int = 50, n_initial: Optional[int] = None,
                 acquisition: str = 'ei', xi: float = 0.01, kappa: float = 2.0,
                 batch_size: Optional[int] = None, max_candidates: int = 20000,
                 n_random_candidates: int = 2000, n_restarts: int = 1,
                 seed: Optional[int] = None) -> None:
        super().__init__(space, seed)
        acquisition = acquisition.lower()
        if acquisition not in ('ei', 'ucb', 'pi'):
            raise ValueError("acquisition must be 'ei', 'ucb' or 'pi', got %r" % acquisition)
        if n_trials < 1:
            raise ValueError('n_trials must be at least 1, got %r' % (n_trials,))
        self.n_trials = int(n_trials)
        ndims = max(1, len(space.encode({n: d.values()[0] if d.finite else d.sample(self.rng)
                                         for n, d in space.dims.items()})))
        self.n_initial = int(n_initial) if n_initial is not None else \
            min(self.n_trials, max(5, 2 * ndims))
        self.acquisition, self.xi, self.kappa = acquisition, xi, kappa
        self.batch_size = batch_size
        self.max_candidates = max_candidates
        self.n_random_candidates = n_random_candidates
        self.n_restarts = int(n_restarts)
        self._X: list = []
        self._y: list = []
        self._ok: list = []
        self._seen: set = set()
        self._asked = 0
        self._exhausted = False
        self._grid = None

    def set_batch_size(self, n: int) -> None:
        if self.batch_size is None:
            self.batch_size = max(1, int(n))

    @property
    def done(self) -> bool:
        return self._exhausted or self._asked >= self.n_trials

    def expected_total(self):
        return self.n_trials

    def config(self) -> dict:
        return dict(super().config(), n_trials=self.n_trials, n_initial=self.n_initial,
                    acquisition=self.acquisition, xi=self.xi, kappa=self.kappa,
                    batch_size=self.batch_size, max_candidates=self.max_candidates,
                    n_random_candidates=self.n_random_candidates, n_restarts=self.n_restarts)

    # -- proposals ---------------------------------------------------------------------------
    def _ask(self, n: int) -> list:
        out = []
        if self._asked < self.n_initial:
            want = min(n, self.n_initial - self._asked)
            for _ in range(want):
                params = self._random_unseen()
                if params is None:
                    break
                out.append(params)
            return out
        want = min(self.batch_size or 1, n, self.n_trials - self._asked)
        return self._model_batch(want)

    def _remember(self, params: dict) -> None:
        self._seen.add(self.space.key(params))
        self._asked += 1

    def _random_unseen(self) -> Optional[dict]:
        for _ in range(2000):
            params = self.space.sample(self.rng)
            if self.space.key(params) not in self._seen:
                self._remember(params)
                return params
        self._exhausted = True
        return None

    def _candidates(self) -> list:
        space = self.space
        if space.finite and space.size <= self.max_candidates:
            if self._grid is None:
                self._grid = list(space.grid())
            return [p for p in self._grid if space.key(p) not in self._seen]
        cands = []
        for _ in range(self.n_random_candidates):
            cands.append(space.sample(self.rng))
        if self.best is not None:
            best = self.best[1]
            for _ in range(self.n_random_candidates // 4):
                p = {n: (d.mutate(best[n], self.rng, 0.1) if self.rng.random() < 0.5 else best[n])
                     for n, d in space.dims.items()}
                if space.is_valid(p):
                    cands.append(p)
        uniq, keys = [], set()
        for p in cands:
            k = space.key(p)
            if k not in self._seen and k not in keys:
                keys.add(k)
                uniq.append(p)
        return uniq

    def _model(self, kernel=None):
        from sklearn.gaussian_process import GaussianProcessRegressor
        from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel
        if kernel is not None:
            # hyperparameters kept from the batch's first fit: only the data changes
            return GaussianProcessRegressor(kernel=kernel, normalize_y=True, optimizer=None)
        ndim = len(self._X[0])
        kernel = ConstantKernel(1.0, (1e-3, 1e3)) * Matern(
            length_scale=np.full(ndim, 0.3), length_scale_bounds=(1e-2, 1e2), nu=2.5) + \
            WhiteKernel(1e-4, (1e-8, 1e-1))
        seed = int(self.rng.integers(2 ** 31 - 1))
        return GaussianProcessRegressor(kernel=kernel, normalize_y=True,
                                        n_restarts_optimizer=self.n_restarts, random_state=seed)

    def _model_batch(self, want: int) -> list:
        cands = self._candidates()
        if not cands:
            self._exhausted = True
            return []
        if not self._X or len(self._X[0]) == 0:
            return [p for p in (self._random_unseen() for _ in range(want)) if p is not None]
        X = np.array(self._X, dtype=float)
        y = penalised(self._y, self._ok)
        C = np.array([self.space.encode(p) for p in cands], dtype=float)
        keys = [self.space.key(p) for p in cands]
        gp = self._model()
        out = []
        for _ in range(want):
            # small matrices: BLAS threads would only contend with the workers
            with warnings.catch_warnings(), threadpool_limits(1):
                warnings.simplefilter('ignore')
                gp.fit(X, y)
                mu, sd = gp.predict(C, return_std=True)
            acq = self._acquire(mu, sd, float(y.max()), float(y.std()) or 1.0)
            acq[[i for i, k in enumerate(keys) if k in self._seen]] = -np.inf
            i = int(np.argmax(acq))
            if not np.isfinite(acq[i]):
                break
            pick = cands[i]
            self._remember(pick)
            out.append(pick)
            X = np.vstack([X, C[i:i + 1]])
            y = np.append(y, mu[i])
            gp = self._model(gp.kernel_)
        return out

    def _acquire(self, mu: np.ndarray, sd: np.ndarray, best: float,
                 scale: float) -> np.ndarray:
        # xi is in units of the scores' spread, so it means the same for any metric
        sd = np.maximum(sd, 1e-12)
        if self.acquisition == 'ucb':
            return mu + self.kappa * sd
        z = (mu - best - self.xi * scale) / sd
        if self.acquisition == 'pi':
            return _norm_cdf(z)
        return (mu - best - self.xi * scale) * _norm_cdf(z) + sd * _norm_pdf(z)

    def _tell(self, params: dict, score, feasible: bool, values) -> None:
        self._X.append(self.space.encode(params))
        self._y.append(score)
        self._ok.append(bool(feasible))
