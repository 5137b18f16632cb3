"""Robustness of a chosen parameter set.

* ``monte_carlo``: bootstrap resampling of per-bar returns (optionally in
  blocks, which keeps short-range dependence) or of closed trades' pnl,
  giving distributions and confidence intervals of the final return and the
  maximum drawdown -- how much of the backtest's outcome was the order
  things happened in.
* ``perturb``: re-runs around the best parameters (each parameter moved a
  step or a few on its grid, or by a fraction of its range) through the
  study engine: does the score hold when the parameters move a little?
"""
from __future__ import annotations

import math
from typing import Any, Optional, Sequence

import numpy as np

from .space import ParamSpace

__all__ = ['MonteCarloResult', 'monte_carlo', 'PerturbationResult', 'perturb']


def _max_drawdowns(equity: np.ndarray) -> np.ndarray:
    """Largest fall from a running peak, in percent, of each row."""
    peak = np.maximum.accumulate(equity, axis=1)
    with np.errstate(divide='ignore', invalid='ignore'):
        dd = np.where(peak > 0, (peak - equity) / peak, 0.0)
    return 100.0 * dd.max(axis=1)


class MonteCarloResult:
    """Resampled outcomes: ``final_return`` (fractions) and ``max_drawdown``
    (percent), one per sample, with ``ci(name)``, ``percentiles`` and the
    observed values (``observed``) for comparison."""

    def __init__(self, final_return: np.ndarray, max_drawdown: np.ndarray, observed: dict,
                 method: str, n_samples: int, confidence: float) -> None:
        self.final_return, self.max_drawdown = final_return, max_drawdown
        self.observed, self.method = observed, method
        self.n_samples, self.confidence = n_samples, confidence

    def ci(self, name: str = 'final_return', confidence: Optional[float] = None) -> tuple:
        """The central ``confidence`` interval (default: the result's) of
        ``final_return`` or ``max_drawdown``."""
        conf = self.confidence if confidence is None else confidence
        arr = getattr(self, name)
        lo, hi = np.quantile(arr, [(1 - conf) / 2, (1 + conf) / 2])
        return float(lo), float(hi)

    @property
    def prob_loss(self) -> float:
        """Fraction of samples that end with a loss."""
        return float(np.mean(self.final_return < 0))

    def summary(self):
        """A pandas DataFrame: observed, mean, median, CI and a few quantiles of
        both figures."""
        import pandas as pd
        rows = {}
        for name in ('final_return', 'max_drawdown'):
            arr = getattr(self, name)
            lo, hi = self.ci(name)
            rows[name] = {'observed': self.observed.get(name), 'mean': float(arr.mean()),
                          'median': float(np.median(arr)), 'ci_low': lo, 'ci_high': hi,
                          'p05': float(np.quantile(arr, 0.05)),
                          'p95': float(np.quantile(arr, 0.95))}
        return pd.DataFrame(rows).T

    def as_dict(self) -> dict:
        """Plain data (JSON reports)."""
        out = {'method': self.method, 'n_samples': self.n_samples,
               'confidence': self.confidence, 'prob_loss': self.prob_loss}
        for name, row in self.summary().iterrows():
            out[name] = {k: (None if v is None or (isinstance(v, float) and math.isnan(v))
                             else float(v)) for k, v in row.items()}
        return out

    def __repr__(self) -> str:
        lo, hi = self.ci('final_return')
        dlo, dhi = self.ci('max_drawdown')
        return ('MonteCarloResult(%s, %d samples: final return %.2f%%..%.2f%%, max drawdown '
                '%.2f%%..%.2f%% at %g%%)' % (self.method, self.n_samples, 100 * lo, 100 * hi,
                                            dlo, dhi, 100 * self.confidence))


def _bootstrap_index(rng: np.random.Generator, n: int, n_samples: int, block: int) -> np.ndarray:
    if block <= 1:
        return rng.integers(0, n, size=(n_samples, n))
    # moving blocks: random starts, consecutive bars, cut to length
    nblocks = -(-n // block)
    starts = rng.integers(0, max(1, n - block + 1), size=(n_samples, nblocks))
    idx = (starts[:, :, None] + np.arange(block)[None, None, :]).reshape(n_samples, -1)
    return np.minimum(idx[:, :n], n - 1)


def monte_carlo(source: Any = None, *, returns: Optional[Sequence[float]] = None,
                trades: Optional[Sequence[float]] = None, initial: float = 1.0,
                n_samples: int = 2000, block: int = 1, replace: bool = True,
                confidence: float = 0.95, seed: Optional[int] = None) -> MonteCarloResult:
    """Bootstrap a run's outcome.

    ``source`` may be an ``OptimizationResult`` (its best trial's stored
    returns), a ``WalkForwardResult`` (its stitched out-of-sample returns) or
    an array of per-bar returns; or give ``returns=`` or ``trades=`` (closed
    trades' net pnl, with ``initial`` the starting value). ``block`` > 1:
    moving-block bootstrap of returns; ``replace=False``: shuffle the order
    only (the final return is then fixed; the drawdown varies).
    """
    if source is not None:
        if hasattr(source, 'oos_returns'):
            returns = source.oos_returns
        elif hasattr(source, 'best_trial') and hasattr(source, 'study'):
            if source.best_trial is None:
                raise ValueError('the optimisation has no best trial to resample')
            returns = source.study.returns(source.best_trial.number)
        else:
            returns = source
    if (returns is None) == (trades is None):
        raise ValueError('monte_carlo: give returns (or a result) or trades, not both')
    if not 0 < confidence < 1:
        raise ValueError('confidence must be between 0 and 1, got %r' % (confidence,))
    rng = np.random.default_rng(seed)
    if returns is not None:
        r = np.nan_to_num(np.asarray(returns, dtype=np.float64))
        if len(r) < 2:
            raise ValueError('monte_carlo needs at least two returns')
        if replace:
            idx = _bootstrap_index(rng, len(r), n_samples, block)
        else:
            idx = np.argsort(rng.random((n_samples, len(r))), axis=1)
        equity = np.cumprod(1.0 + r[idx], axis=1)
        observed_eq = np.cumprod(1.0 + r)[None, :]
        start = 1.0
        method = 'returns' if block <= 1 else 'returns (blocks of %d)' % block
    else:
        p = np.asarray(trades, dtype=np.float64)
        if len(p) < 2:
            raise ValueError('monte_carlo needs at least two trades')
        if initial <= 0:
            raise ValueError('initial must be positive (the starting value), got %r'
                             % (initial,))
        if replace:
            idx = rng.integers(0, len(p), size=(n_samples, len(p)))
        else:
            idx = np.argsort(rng.random((n_samples, len(p))), axis=1)
        equity = initial + np.cumsum(p[idx], axis=1)
        observed_eq = (initial + np.cumsum(p))[None, :]
        start = float(initial)
        method = 'trades'
    if not replace:
        method += ', order shuffled'
    # the starting value heads each path so a loss on the first step counts as drawdown
    first = np.full((len(equity), 1), start)
    final = equity[:, -1] / start - 1.0
    dd = _max_drawdowns(np.hstack([first, equity]))
    observed = {'final_return': float(observed_eq[0, -1] / start - 1.0),
                'max_drawdown': float(_max_drawdowns(np.hstack([[[start]], observed_eq]))[0])}
    return MonteCarloResult(final, dd, observed, method, n_samples, confidence)


# ------------------------------------------------------------------------------------------
class PerturbationResult:
    """Re-runs around ``base_params``: ``trials`` (a DataFrame, the base first,
    with ``distance`` in grid steps / range fractions), ``base_score`` and a
    summary of the perturbed scores."""

    def __init__(self, base_params: dict, base_score: Optional[float], trials, metric: str,
                 direction: str, result: Any) -> None:
        self.base_params, self.base_score = base_params, base_score
        self.trials, self.metric, self.direction = trials, metric, direction
        self.result = result

    @property
    def scores(self) -> np.ndarray:
        """Scores of the perturbed runs (the base excluded)."""
        df = self.trials
        return df.loc[~df['base'], 'score'].to_numpy(dtype=float)

    def summary(self) -> dict:
        """Base score, mean/min/max/std of the perturbed ones, their ratio to the
        base (``retained``) and the share at least as good as the base."""
        s = self.scores
        s = s[np.isfinite(s)]
        out = {'base_score': self.base_score, 'n': int(len(s))}
        if len(s):
            out.update(mean=float(s.mean()), min=float(s.min()), max=float(s.max()),
                       std=float(s.std(ddof=1)) if len(s) > 1 else 0.0)
            if self.base_score:
                out['retained'] = float(s.mean() / self.base_score)
            better = s >= self.base_score if self.direction == 'maximize' else \
                s <= self.base_score
            out['share_as_good'] = float(np.mean(better)) if self.base_score is not None \
                else None
        return out

    def as_dict(self) -> dict:
        """Plain data (JSON reports)."""
        return {'base_params': self.base_params, 'metric': self.metric,
                'direction': self.direction, 'summary': self.summary()}

    def __repr__(self) -> str:
        return 'PerturbationResult(%s)' % self.summary()


def _neighbours(space: ParamSpace, base: dict, n: int, scale: float,
                rng: np.random.Generator, max_tries: int = 50) -> list:
    out, seen = [], {space.key(base)}
    names = [k for k, d in space.dims.items() if d.kind != 'fixed' and
             (not d.finite or len(d.values()) > 1)]
    if not names:
        return out
    for _ in range(n * max_tries):
        if len(out) >= n:
            break
        params = dict(base)
        # move one or more parameters (at least one)
        moved = [nm for nm in names if rng.random() < 0.5] or [names[int(rng.integers(len(
            names)))]]
        for nm in moved:
            params[nm] = space.dims[nm].mutate(base[nm], rng, scale)
        key = space.key(params)
        if key in seen or not space.is_valid(params):
            continue
        seen.add(key)
        out.append(params)
    return out


def _distance(space: ParamSpace, a: dict, b: dict) -> float:
    """Largest move of one parameter: grid steps, or fraction of the range."""
    far = 0.0
    for name, dim in space.dims.items():
        if a[name] == b[name]:
            continue
        vals = dim.values()
        if vals is not None and a[name] in vals and b[name] in vals:
            far = max(far, abs(vals.index(a[name]) - vals.index(b[name])))
        else:
            spec = dim.spec()
            lo, hi = spec.get('low'), spec.get('high')
            try:
                far = max(far, abs(float(a[name]) - float(b[name])) / (float(hi) - float(lo)))
            except (TypeError, ValueError, ZeroDivisionError):
                far = max(far, 1.0)
    return far


def perturb(optimizer: Any, params: dict, space: Any, n: int = 20, scale: float = 0.1,
            seed: Optional[int] = None, **kwargs: Any) -> PerturbationResult:
    """Re-run ``params`` and ``n`` neighbours (each moved parameter mutated
    by ``scale`` of its range: a step or a few on a grid) with the setup and
    objective of ``optimizer`` (any part of the optimisers package: its
    ``setup()`` is reused). Other keywords go to the ``ListOptimizer`` that
    runs them (``n_jobs``, ``study``...)."""
    import pandas as pd
    from .optimizer import ListOptimizer
    space = space if isinstance(space, ParamSpace) else ParamSpace(space)
    base = {name: params[name] for name in space.names}
    rng = np.random.default_rng(seed)
    combos = [base] + _neighbours(space, base, n, scale, rng)
    setup = optimizer.setup()
    setup.update(quiet=True, progress=False)
    setup.update(kwargs)
    opt = ListOptimizer(combinations=combos, **setup)
    result = opt.optimize(space)
    rows = []
    base_key = space.key(base)
    base_score = None
    for rec in result.all_results:
        row = dict(rec.params)
        is_base = space.key(rec.params) == base_key
        row.update(trial=rec.number, base=is_base, score=rec.score, status=rec.status,
                   feasible=rec.feasible, distance=_distance(space, base, rec.params))
        if is_base:
            base_score = rec.score
        rows.append(row)
    df = pd.DataFrame(rows)
    return PerturbationResult(base, base_score, df, result.metric_name, result.direction,
                              result)
