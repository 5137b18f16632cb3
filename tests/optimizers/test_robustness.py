"""Monte Carlo bootstrap (returns, blocks, trades, shuffles) and
parameter-perturbation re-runs around the best."""
from __future__ import annotations

import numpy as np
import pytest

from backtrader.optimizers import GridSearchOptimizer, ParamSpace, monte_carlo, perturb

import optfixtures as fx


def test_bootstrap_of_returns():
    rng = np.random.default_rng(0)
    r = rng.normal(0.0005, 0.01, 750)
    mc = monte_carlo(returns=r, n_samples=3000, seed=1)
    assert mc.final_return.shape == (3000,) and mc.max_drawdown.shape == (3000,)
    assert mc.observed['final_return'] == pytest.approx(np.prod(1 + r) - 1)
    # the bootstrap mean of the log growth matches the sample's
    assert np.mean(np.log1p(mc.final_return)) == pytest.approx(np.log1p(r).sum(), abs=0.05)
    lo, hi = mc.ci('final_return')
    assert lo < mc.observed['final_return'] < hi
    dlo, dhi = mc.ci('max_drawdown', 0.9)
    assert 0 < dlo < dhi < 100
    assert (mc.max_drawdown >= 0).all()
    summary = mc.summary()
    assert list(summary.index) == ['final_return', 'max_drawdown']
    assert summary.loc['final_return', 'ci_low'] == pytest.approx(lo)
    # same seed, same samples
    np.testing.assert_array_equal(monte_carlo(returns=r, n_samples=3000, seed=1).final_return,
                                  mc.final_return)


def test_drawdown_of_a_known_path():
    # one sample without resampling: shuffling [+10%, -50%] in either order
    # ends at -45% with a 50% drawdown (from the peak or the start)
    mc = monte_carlo(returns=[0.1, -0.5], n_samples=50, replace=False, seed=0)
    np.testing.assert_allclose(mc.final_return, -0.45)
    np.testing.assert_allclose(mc.max_drawdown, 50.0)
    assert mc.observed['max_drawdown'] == pytest.approx(50.0)


def test_blocks_and_trades():
    r = np.random.default_rng(2).normal(0, 0.01, 500)
    mc = monte_carlo(returns=r, block=20, n_samples=500, seed=3)
    assert 'blocks of 20' in mc.method and mc.final_return.shape == (500,)
    pnl = np.array([120.0, -80.0, 45.0, -30.0, 200.0, -150.0, 60.0])
    mt = monte_carlo(trades=pnl, initial=10000, n_samples=2000, seed=4)
    assert mt.observed['final_return'] == pytest.approx(pnl.sum() / 10000)
    shuffled = monte_carlo(trades=pnl, initial=10000, n_samples=200, replace=False, seed=4)
    np.testing.assert_allclose(shuffled.final_return, pnl.sum() / 10000)
    # drawdown after shuffling: at least the worst single loss, at most all losses together
    assert shuffled.max_drawdown.min() >= 150 / 10425 * 100 - 1e-9     # after every gain
    assert shuffled.max_drawdown.max() <= 260 / 10000 * 100 + 1e-9
    assert 0 <= mt.prob_loss <= 1
    with pytest.raises(ValueError):
        monte_carlo(returns=r, trades=pnl)
    with pytest.raises(ValueError):
        monte_carlo(trades=[1.0])


def test_from_a_study(tmp_path):
    opt = GridSearchOptimizer(fx.sma_factory, n_jobs=1, quiet=True, study=str(tmp_path / 's.db'))
    res = opt.optimize(ParamSpace(fast=[3, 5], slow=[15, 20]))
    mc = monte_carlo(res, n_samples=200, seed=0)
    r = res.study.returns(res.best_trial.number)
    assert mc.observed['final_return'] == pytest.approx(np.prod(1 + r) - 1)
    assert mc.observed['final_return'] == pytest.approx(res.best_metrics['total_return'])


def test_perturbation_reruns_around_the_best():
    opt = GridSearchOptimizer(fx.target_factory, objective='final_value', n_jobs=1, quiet=True)
    space = ParamSpace(x=(1, 30, 1), y=(1, 30, 1))
    pert = perturb(opt, {'x': fx.X0, 'y': fx.Y0}, space, n=12, scale=0.05, seed=3)
    df = pert.trials
    assert len(df) == 13 and df['base'].sum() == 1
    assert df.loc[df['base'], 'x'].iloc[0] == fx.X0
    # every neighbour differs from the best and stays close on the grid
    others = df[~df['base']]
    assert ((others['x'] != fx.X0) | (others['y'] != fx.Y0)).all()
    assert (others['distance'] >= 1).all() and (others['distance'] <= 8).all()
    # the best of TargetStrategy is a peak: every perturbation scores lower
    assert (others['score'] < pert.base_score).all()
    s = pert.summary()
    assert s['n'] == 12 and s['share_as_good'] == 0.0 and 0 < s['retained'] < 1
