"""Deflated Sharpe Ratio and PBO (CSCV) against their reference values, and
both computed from a study's stored per-trial returns."""
from __future__ import annotations

import math

import numpy as np
import pytest

from backtrader.optimizers import GridSearchOptimizer, ParamSpace
from backtrader.optimizers.overfitting import (deflated_sharpe_ratio, expected_max_sharpe, pbo,
                                               probabilistic_sharpe_ratio, sharpe_ratios,
                                               study_overfitting)

import optfixtures as fx


def test_dsr_reproduces_the_published_example():
    # Bailey & Lopez de Prado (2014), "The Deflated Sharpe Ratio", numerical example:
    # N = 100 trials, V[SR_n] = 1/2 (annualised), T = 1250 daily bars (5 years),
    # skewness -3, kurtosis 10, a best annualised SR of 2.5. The paper gives
    # SR0 ~ 0.1132 (per bar), SR^ ~ 0.1581 and DSR ~ 0.9004.
    d = deflated_sharpe_ratio(2.5 / math.sqrt(250), n_trials=100, variance=0.5 / 250,
                              n_obs=1250, skew=-3.0, kurtosis=10.0)
    assert d.sharpe0 == pytest.approx(0.1132, abs=5e-5)
    assert d.sharpe == pytest.approx(0.1581, abs=5e-5)
    assert d.dsr == pytest.approx(0.9004, abs=5e-5)
    assert not d.significant        # the paper's conclusion: below 95%


def test_dsr_building_blocks():
    # one trial: nothing to deflate; the PSR against 0 of a normal series
    assert expected_max_sharpe(1, 0.3) == 0.0
    # more trials, or more spread between them, raise the bar
    assert expected_max_sharpe(1000, 0.01) > expected_max_sharpe(10, 0.01) > 0
    assert expected_max_sharpe(10, 0.04) == pytest.approx(2 * expected_max_sharpe(10, 0.01))
    assert probabilistic_sharpe_ratio(0.0, 0.0, 100) == pytest.approx(0.5)
    # negative skew and fat tails widen the uncertainty: a lower PSR for the same SR
    assert probabilistic_sharpe_ratio(0.1, 0.0, 250, skew=-2, kurtosis=9) < \
        probabilistic_sharpe_ratio(0.1, 0.0, 250)
    with pytest.raises(ValueError):
        expected_max_sharpe(0, 0.1)
    r = np.random.default_rng(0).normal(0.001, 0.01, (500, 3))
    np.testing.assert_allclose(sharpe_ratios(r), r.mean(0) / r.std(0, ddof=1))


def _noise(seed: int, bars: int = 1200, trials: int = 40) -> np.ndarray:
    """Returns of strategies without skill, each with exactly the same (zero)
    mean and unit deviation over the whole sample: the setting of the PBO
    paper's experiments, where any in-sample edge is luck."""
    m = np.random.default_rng(seed).normal(0.0, 1.0, (bars, trials))
    return (m - m.mean(axis=0)) / m.std(axis=0)


@pytest.mark.parametrize('seed', [1, 2, 3])
def test_pbo_near_one_for_pure_noise(seed):
    res = pbo(_noise(seed), n_splits=16)
    assert res.n_combinations == 12870
    assert res.pbo > 0.9
    assert res.prob_oos_loss > 0.9
    assert res.degradation[0] < 0          # better in-sample -> worse out-of-sample


@pytest.mark.parametrize('seed', [1, 2, 3])
def test_pbo_near_zero_when_one_strategy_has_an_edge(seed):
    m = _noise(seed)
    rng = np.random.default_rng(100 + seed)
    m[:, 17] = rng.normal(0.3, 1.0, len(m))      # a real edge (per-bar Sharpe 0.3)
    res = pbo(m, n_splits=16)
    assert res.pbo < 0.05
    assert np.mean(res.selected == 17) > 0.95


def test_pbo_of_unnormalised_noise_is_a_coin_flip():
    # independent noise whose full-sample means differ: the in-sample winner
    # is a random pick out-of-sample, neither near 0 nor near 1
    m = np.random.default_rng(5).normal(0.0, 1.0, (1200, 40))
    assert 0.25 < pbo(m, n_splits=10).pbo < 0.75


def test_pbo_metric_choices_and_errors():
    m = _noise(4, bars=400, trials=10)
    fast = pbo(m, n_splits=8, metric='mean')
    slow = pbo(m, n_splits=8, metric=lambda rows: rows.mean(axis=0))
    assert fast.pbo == pytest.approx(slow.pbo)
    np.testing.assert_allclose(fast.logits, slow.logits)
    with pytest.raises(ValueError, match='even'):
        pbo(m, n_splits=7)
    with pytest.raises(ValueError, match='two trials'):
        pbo(m[:, :1])
    with pytest.raises(ValueError, match='too few'):
        pbo(m[:10], n_splits=8)


def test_statistics_from_a_study(tmp_path):
    opt = GridSearchOptimizer(fx.sma_factory, objective='sharpe_ratio', n_jobs=1, quiet=True,
                              study=str(tmp_path / 's.db'))
    res = opt.optimize(ParamSpace(fast=[3, 5, 8], slow=[15, 20, 30]))
    rep = study_overfitting(res, n_splits=8)
    assert rep.best_trial == res.best_trial.number
    assert rep.n_trials == 9
    # the DSR is fed by the trials the study stored
    r = res.study.returns(res.best_trial.number)
    assert rep.dsr.n_obs == len(r)
    assert rep.dsr.sharpe == pytest.approx(r.mean() / r.std(ddof=1))
    srs = sharpe_ratios(np.column_stack([res.study.returns(n) for n in res.study.numbers()]))
    assert rep.dsr.variance == pytest.approx(np.var(srs[np.isfinite(srs)], ddof=1))
    assert rep.pbo.n_trials == 9 and 0 <= rep.pbo.pbo <= 1
    assert 'Deflated Sharpe Ratio' in rep.summary()
    d = rep.as_dict()
    assert set(d) >= {'dsr', 'pbo', 'best_trial', 'n_trials'}


def test_without_stored_returns_the_report_says_so():
    opt = GridSearchOptimizer(fx.sma_factory, n_jobs=1, quiet=True)      # in memory: no returns
    res = opt.optimize(ParamSpace(fast=[3, 5], slow=[20]))
    rep = study_overfitting(res)
    assert rep.dsr is None and rep.pbo is None
    assert 'store_returns' in rep.notes[0]
