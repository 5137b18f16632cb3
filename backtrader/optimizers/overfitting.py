"""Is the best trial real, or what a search finds in noise? Two statistics,
fed by the study itself.

**Deflated Sharpe Ratio** (Bailey & López de Prado, "The Deflated Sharpe
Ratio: Correcting for Selection Bias, Backtest Overfitting and
Non-Normality", 2014). The best of N trials has a Sharpe ratio that noise
alone would push up: with trials whose Sharpe ratios vary by ``V``, the
expected maximum of N unskilled ones is

    SR0 = sqrt(V) * ((1 - g) * Z^-1(1 - 1/N) + g * Z^-1(1 - 1/(N e)))

(``g`` the Euler-Mascheroni constant, ``Z^-1`` the standard normal quantile).
The DSR is the probability that the true Sharpe ratio exceeds SR0, given
the sample length ``T``, skewness and (non-excess) kurtosis of the returns:

    DSR = Z((SR - SR0) sqrt(T - 1) / sqrt(1 - skew SR + (kurt - 1) / 4 SR^2))

Everything is per bar (not annualised). A DSR above 0.95 is the paper's bar
for a discovery at 95% confidence.

**Probability of Backtest Overfitting** (Bailey, Borwein, López de Prado &
Zhu, "The Probability of Backtest Overfitting", 2015) by combinatorially
symmetric cross-validation (CSCV): the bars x trials matrix of per-bar
returns is cut into ``S`` blocks of rows; for each of the C(S, S/2) ways to
pick half the blocks as in-sample (the rest out-of-sample), the trial best
in-sample is ranked out-of-sample. With ``w`` its relative rank
(rank / (N + 1)) and the logit ``l = ln(w / (1 - w))``, PBO is the fraction
of splits where ``l <= 0``: the in-sample winner is no better than the
median trial out-of-sample. Near 0: the search found something that
carries over; near 1: it selected noise.
"""
from __future__ import annotations

import itertools
import math
from typing import Any, Callable, Optional, Union

import numpy as np

__all__ = ['EULER_GAMMA', 'sharpe_ratios', 'expected_max_sharpe', 'probabilistic_sharpe_ratio',
           'deflated_sharpe_ratio', 'DeflatedSharpe', 'pbo', 'PBOResult', 'study_overfitting',
           'OverfittingReport']

EULER_GAMMA = 0.5772156649015329


def sharpe_ratios(returns: np.ndarray) -> np.ndarray:
    """Per-bar Sharpe ratio (mean / standard deviation, ddof 1) of each column
    of a bars x trials matrix (or of one series); NaN where the deviation is 0."""
    arr = np.asarray(returns, dtype=np.float64)
    sd = arr.std(axis=0, ddof=1)
    with np.errstate(divide='ignore', invalid='ignore'):
        out = arr.mean(axis=0) / sd
    return np.where(sd > 0, out, np.nan)


def expected_max_sharpe(n_trials: int, variance: float, mean: float = 0.0) -> float:
    """The expected maximum Sharpe ratio of ``n_trials`` trials without skill
    whose Sharpe ratios have this ``variance`` (and ``mean``; 0 in the paper)."""
    from scipy.stats import norm
    if n_trials < 1:
        raise ValueError('n_trials must be >= 1, got %r' % (n_trials,))
    if n_trials == 1:
        return float(mean)
    z1 = norm.ppf(1.0 - 1.0 / n_trials)
    z2 = norm.ppf(1.0 - 1.0 / (n_trials * math.e))
    return float(mean + math.sqrt(max(variance, 0.0)) *
                 ((1.0 - EULER_GAMMA) * z1 + EULER_GAMMA * z2))


def probabilistic_sharpe_ratio(sharpe: float, benchmark: float, n_obs: int,
                               skew: float = 0.0, kurtosis: float = 3.0) -> float:
    """Probability that the true (per-bar) Sharpe ratio exceeds ``benchmark``
    given an observed ``sharpe`` over ``n_obs`` bars with this skewness and
    (non-excess, normal = 3) kurtosis."""
    from scipy.stats import norm
    if n_obs < 2:
        raise ValueError('n_obs must be >= 2, got %r' % (n_obs,))
    denom = 1.0 - skew * sharpe + (kurtosis - 1.0) / 4.0 * sharpe ** 2
    if denom <= 0:
        return float('nan')
    return float(norm.cdf((sharpe - benchmark) * math.sqrt(n_obs - 1) / math.sqrt(denom)))


class DeflatedSharpe:
    """The Deflated Sharpe Ratio and what went into it (per-bar figures)."""

    __slots__ = ('dsr', 'sharpe', 'sharpe0', 'n_trials', 'variance', 'n_obs', 'skew',
                 'kurtosis', 'periods_per_year')

    def __init__(self, dsr: float, sharpe: float, sharpe0: float, n_trials: int,
                 variance: float, n_obs: int, skew: float, kurtosis: float,
                 periods_per_year: Optional[float] = None) -> None:
        self.dsr, self.sharpe, self.sharpe0 = dsr, sharpe, sharpe0
        self.n_trials, self.variance, self.n_obs = n_trials, variance, n_obs
        self.skew, self.kurtosis, self.periods_per_year = skew, kurtosis, periods_per_year

    @property
    def significant(self) -> bool:
        """True when the DSR reaches 0.95."""
        return bool(self.dsr >= 0.95)

    def annualised(self, value: float) -> Optional[float]:
        """A per-bar Sharpe ratio annualised with ``periods_per_year``."""
        if self.periods_per_year is None:
            return None
        return value * math.sqrt(self.periods_per_year)

    def as_dict(self) -> dict:
        """Plain data (JSON reports)."""
        out = {k: getattr(self, k) for k in self.__slots__}
        out['significant'] = self.significant
        out['sharpe_annual'] = self.annualised(self.sharpe)
        out['sharpe0_annual'] = self.annualised(self.sharpe0)
        return out

    def __repr__(self) -> str:
        return 'DeflatedSharpe(dsr=%.4f, sharpe=%.4f, sharpe0=%.4f, n_trials=%d)' % (
            self.dsr, self.sharpe, self.sharpe0, self.n_trials)


def deflated_sharpe_ratio(sharpe: float, n_trials: int, variance: float, n_obs: int,
                          skew: float = 0.0, kurtosis: float = 3.0,
                          periods_per_year: Optional[float] = None) -> DeflatedSharpe:
    """The DSR of a selected trial's per-bar ``sharpe`` after ``n_trials``
    trials whose per-bar Sharpe ratios have ``variance``, over ``n_obs`` bars
    with this skewness and (non-excess) kurtosis of its returns.

    The paper's example (annualised SR 2.5 over 5 years of daily bars, 100
    trials with annualised variance 1/2, skew -3, kurtosis 10)::

        deflated_sharpe_ratio(2.5 / sqrt(250), 100, 0.5 / 250, 1250, -3, 10).dsr  # ~0.90
    """
    sr0 = expected_max_sharpe(int(n_trials), variance)
    dsr = probabilistic_sharpe_ratio(sharpe, sr0, int(n_obs), skew, kurtosis)
    return DeflatedSharpe(dsr, float(sharpe), sr0, int(n_trials), float(variance), int(n_obs),
                          float(skew), float(kurtosis), periods_per_year)


# ------------------------------------------------------------------------------------------
class PBOResult:
    """CSCV outcome: ``pbo``; per split the ``logits``, the in-sample winner's
    in-sample and out-of-sample performance (``is_perf``, ``oos_perf``) and
    its out-of-sample relative rank (``oos_rank``); the slope and intercept
    of out-of-sample on in-sample performance (``degradation``) and the
    probability that the winner loses out-of-sample (``prob_oos_loss``)."""

    def __init__(self, pbo: float, logits: np.ndarray, is_perf: np.ndarray,
                 oos_perf: np.ndarray, oos_rank: np.ndarray, selected: np.ndarray,
                 n_splits: int, n_trials: int, n_obs: int) -> None:
        self.pbo, self.logits = pbo, logits
        self.is_perf, self.oos_perf, self.oos_rank = is_perf, oos_perf, oos_rank
        self.selected = selected
        self.n_splits, self.n_trials, self.n_obs = n_splits, n_trials, n_obs

    @property
    def n_combinations(self) -> int:
        """Number of in-sample/out-of-sample splits evaluated."""
        return len(self.logits)

    @property
    def degradation(self) -> tuple:
        """(slope, intercept) of the winner's out-of-sample performance
        regressed on its in-sample performance (a negative slope: the better it
        looked in-sample, the worse it did after)."""
        x, y = self.is_perf, self.oos_perf
        ok = np.isfinite(x) & np.isfinite(y)
        if ok.sum() < 2 or np.ptp(x[ok]) == 0:
            return (float('nan'), float('nan'))
        slope, intercept = np.polyfit(x[ok], y[ok], 1)
        return (float(slope), float(intercept))

    @property
    def prob_oos_loss(self) -> float:
        """Fraction of splits where the in-sample winner loses out-of-sample."""
        return float(np.mean(self.oos_perf < 0))

    def as_dict(self, arrays: bool = False) -> dict:
        """Plain data (JSON reports); ``arrays`` includes the per-split values."""
        slope, intercept = self.degradation
        out = {'pbo': self.pbo, 'n_splits': self.n_splits, 'n_trials': self.n_trials,
               'n_obs': self.n_obs, 'n_combinations': self.n_combinations,
               'prob_oos_loss': self.prob_oos_loss, 'degradation_slope': slope,
               'degradation_intercept': intercept,
               'logit_mean': float(np.mean(self.logits))}
        if arrays:
            out.update(logits=self.logits.tolist(), is_perf=self.is_perf.tolist(),
                       oos_perf=self.oos_perf.tolist())
        return out

    def __repr__(self) -> str:
        return 'PBOResult(pbo=%.4f, %d splits of %d trials over %d bars)' % (
            self.pbo, self.n_combinations, self.n_trials, self.n_obs)


def _block_sharpe(s1: np.ndarray, s2: np.ndarray, n: int) -> np.ndarray:
    mean = s1 / n
    var = np.maximum(s2 - n * mean * mean, 0.0) / (n - 1)
    sd = np.sqrt(var)
    with np.errstate(divide='ignore', invalid='ignore'):
        return np.where(sd > 0, mean / sd, 0.0)


def _relative_rank(perf: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Average rank (1 = worst) of each row's chosen column, over N + 1."""
    rows = np.arange(len(perf))
    x = perf[rows, chosen][:, None]
    below = (perf < x).sum(axis=1)
    ties = (perf == x).sum(axis=1)
    return (below + (ties + 1) / 2.0) / (perf.shape[1] + 1)


def pbo(returns: np.ndarray, n_splits: int = 16,
        metric: Union[str, Callable[[np.ndarray], np.ndarray]] = 'sharpe',
        chunk: int = 1024) -> PBOResult:
    """Probability of Backtest Overfitting of a bars x trials matrix of per-bar
    returns by CSCV with ``n_splits`` blocks (even; the first ``T mod S`` bars
    are dropped so blocks are equal). ``metric``: ``'sharpe'`` (default),
    ``'mean'``, or a callable mapping a rows x trials array to one value per
    trial."""
    m = np.asarray(returns, dtype=np.float64)
    if m.ndim != 2 or m.shape[1] < 2:
        raise ValueError('pbo needs a bars x trials matrix with at least two trials, got '
                         'shape %r' % (m.shape,))
    if n_splits < 2 or n_splits % 2:
        raise ValueError('n_splits must be an even number >= 2, got %r' % (n_splits,))
    t, n = m.shape
    size = t // n_splits
    if size < 2:
        raise ValueError('%d bars are too few for %d splits (need at least 2 bars a block)'
                         % (t, n_splits))
    m = np.nan_to_num(m[t - size * n_splits:], nan=0.0, posinf=0.0, neginf=0.0)
    blocks = m.reshape(n_splits, size, n)
    half = n_splits // 2
    combos = np.array(list(itertools.combinations(range(n_splits), half)), dtype=np.intp)
    member = np.zeros((len(combos), n_splits))
    np.put_along_axis(member, combos, 1.0, axis=1)
    nrows = half * size
    parts_is, parts_oos, ranks, chosen_all = [], [], [], []
    if isinstance(metric, str):
        if metric not in ('sharpe', 'mean'):
            raise ValueError("metric: 'sharpe', 'mean' or a callable, got %r" % (metric,))
        s1 = blocks.sum(axis=1)                   # splits x trials
        s2 = (blocks * blocks).sum(axis=1)
        tot1, tot2 = s1.sum(axis=0), s2.sum(axis=0)
        for lo in range(0, len(combos), chunk):
            mem = member[lo:lo + chunk]
            is1, is2 = mem @ s1, mem @ s2
            oos1, oos2 = tot1 - is1, tot2 - is2
            if metric == 'sharpe':
                perf_is, perf_oos = _block_sharpe(is1, is2, nrows), _block_sharpe(oos1, oos2,
                                                                                  nrows)
            else:
                perf_is, perf_oos = is1 / nrows, oos1 / nrows
            chosen = np.argmax(perf_is, axis=1)
            rows = np.arange(len(chosen))
            parts_is.append(perf_is[rows, chosen])
            parts_oos.append(perf_oos[rows, chosen])
            ranks.append(_relative_rank(perf_oos, chosen))
            chosen_all.append(chosen)
    else:
        for combo in combos:
            mask = np.zeros(n_splits, dtype=bool)
            mask[combo] = True
            perf_is = np.asarray(metric(blocks[mask].reshape(-1, n)), dtype=np.float64)
            perf_oos = np.asarray(metric(blocks[~mask].reshape(-1, n)), dtype=np.float64)
            perf_is = np.nan_to_num(perf_is, nan=-np.inf)
            perf_oos = np.nan_to_num(perf_oos, nan=-np.inf)
            chosen = np.array([int(np.argmax(perf_is))])
            parts_is.append(perf_is[chosen])
            parts_oos.append(perf_oos[chosen])
            ranks.append(_relative_rank(perf_oos[None, :], chosen))
            chosen_all.append(chosen)
    omega = np.concatenate(ranks)
    logits = np.log(omega / (1.0 - omega))
    return PBOResult(float(np.mean(logits <= 0)), logits, np.concatenate(parts_is),
                     np.concatenate(parts_oos), omega, np.concatenate(chosen_all), n_splits, n,
                     size * n_splits)


# ------------------------------------------------------------------------------------------
class OverfittingReport:
    """DSR and PBO of a study: ``dsr`` (a ``DeflatedSharpe`` or None), ``pbo``
    (a ``PBOResult`` or None), ``best_trial`` (its number), ``n_trials`` and
    ``notes`` (why a statistic is missing)."""

    def __init__(self, dsr: Optional[DeflatedSharpe], pbo_result: Optional[PBOResult],
                 best_trial: Optional[int], n_trials: int, notes: list) -> None:
        self.dsr, self.pbo, self.best_trial = dsr, pbo_result, best_trial
        self.n_trials, self.notes = n_trials, notes

    def as_dict(self) -> dict:
        """Plain data (JSON reports)."""
        return {'best_trial': self.best_trial, 'n_trials': self.n_trials,
                'dsr': None if self.dsr is None else self.dsr.as_dict(),
                'pbo': None if self.pbo is None else self.pbo.as_dict(), 'notes': self.notes}

    def summary(self) -> str:
        """A few lines for a terminal."""
        lines = []
        if self.dsr is not None:
            d = self.dsr
            lines.append('Deflated Sharpe Ratio: %.4f (trial %s: Sharpe %.4f per bar%s vs %.4f '
                         'expected from %d trials of luck)%s' % (
                             d.dsr, self.best_trial, d.sharpe,
                             '' if d.periods_per_year is None else
                             ', %.2f a year' % d.annualised(d.sharpe), d.sharpe0, d.n_trials,
                             '' if d.significant else ' -- not significant at 95%'))
        if self.pbo is not None:
            lines.append('Probability of Backtest Overfitting: %.3f (CSCV, %d splits of %d '
                         'trials; in-sample winner loses out-of-sample in %.0f%%)' % (
                             self.pbo.pbo, self.pbo.n_combinations, self.pbo.n_trials,
                             100 * self.pbo.prob_oos_loss))
        lines.extend(self.notes)
        return '\n'.join(lines)

    def __repr__(self) -> str:
        return 'OverfittingReport(dsr=%r, pbo=%r)' % (
            None if self.dsr is None else round(self.dsr.dsr, 4),
            None if self.pbo is None else round(self.pbo.pbo, 4))


def _returns_matrix(study: Any, numbers: list) -> tuple:
    cols, kept = [], []
    length = None
    for num in numbers:
        try:
            r = study.returns(num)
        except KeyError:
            continue
        if length is None:
            length = len(r)
        if len(r) != length:
            continue
        cols.append(r)
        kept.append(num)
    if not cols:
        return None, []
    return np.column_stack(cols), kept


def study_overfitting(study: Any, n_splits: int = 16, n_trials: Optional[int] = None,
                      best: Optional[int] = None, direction: Optional[str] = None,
                      max_trials: Optional[int] = None) -> OverfittingReport:
    """DSR of the study's best trial and PBO over its trials, from the per-bar
    returns the study stored (``store_returns``, on by default with a study
    file).

    ``n_trials``: the number of trials the DSR deflates for (default: every
    trial the study ran -- failed ones were tried too); ``best``: the trial
    to judge (default: the study's best); ``max_trials``: use only the best
    that many for PBO (memory: bars x trials floats)."""
    from scipy.stats import kurtosis as _kurt, skew as _skew
    from .result import OptimizationResult
    if isinstance(study, OptimizationResult):
        direction = direction or study.direction
        study = study.study
    direction = direction or (study.get_meta('objective') or {}).get('direction', 'maximize')
    notes: list = []
    complete = [r.number for r in study.trials('complete')]
    total = study.n_trials if n_trials is None else int(n_trials)
    if best is None:
        top = study.best(direction, 1)
        best = top[0].number if top else None
    if max_trials is not None and len(complete) > max_trials:
        keep = {r.number for r in study.best(direction, max_trials)}
        if best is not None:
            keep.add(best)
        complete = [c for c in complete if c in keep]
    matrix, kept = _returns_matrix(study, complete)
    if matrix is None:
        notes.append('no per-trial returns stored (run the study with a study file or '
                     'store_returns=True): no DSR or PBO')
        return OverfittingReport(None, None, best, total, notes)
    srs = sharpe_ratios(matrix)
    dsr = None
    if best is None or best not in kept:
        notes.append('no best trial with stored returns: no DSR')
    else:
        r = matrix[:, kept.index(best)]
        finite = srs[np.isfinite(srs)]
        if len(finite) < 2:
            notes.append('fewer than two trials have a Sharpe ratio: no DSR')
        elif not np.isfinite(srs[kept.index(best)]):
            notes.append('the best trial has no Sharpe ratio (flat returns): no DSR')
        else:
            ppy = _periods_per_year(study.bar_dates(), len(r))
            dsr = deflated_sharpe_ratio(float(srs[kept.index(best)]), max(total, 1),
                                        float(np.var(finite, ddof=1)), len(r),
                                        float(_skew(r)), float(_kurt(r, fisher=False)), ppy)
    pres = None
    if len(kept) < 2:
        notes.append('fewer than two trials with returns: no PBO')
    else:
        splits = n_splits
        while splits > 2 and matrix.shape[0] // splits < 2:
            splits -= 2
        try:
            pres = pbo(matrix, splits)
        except ValueError as exc:
            notes.append('no PBO: %s' % exc)
    return OverfittingReport(dsr, pres, best, total, notes)


def _periods_per_year(dates: np.ndarray, n: int) -> Optional[float]:
    if len(dates) < 2:
        return None
    days = float(dates[-1] - dates[0])
    return n / (days / 365.25) if days > 0 else None
