"""OptimizationAnalyzer: importance on a synthetic study (the driver ranks
first with both methods), top-N, stability, sensitivity, correlation; the
matplotlib figures (PNG content, axes and labels) and Plotly figures."""
from __future__ import annotations

import numpy as np
import pytest

from backtrader.optimizers import (GridSearchOptimizer, OptimizationAnalyzer, ParamSpace, Study,
                                   TrialRecord)
from backtrader.core.errors import MetricError

import optfixtures as fx


def synthetic_study(seed: int = 7, driver_effect: float = 1.0, noise: float = 0.5) -> Study:
    """A study (no backtests) over a driver ``a`` and a noise parameter ``b``:
    the score is a smooth function of ``a`` plus random noise; ``b`` plays no
    part."""
    rng = np.random.default_rng(seed)
    space = ParamSpace(a=(1, 12, 1), b=(1, 10, 1))
    study = Study()
    study.begin({'strategy': 'synthetic', 'space': space.spec(),
                 'objective': {'type': 'single', 'metric': 'sharpe_ratio',
                               'direction': 'maximize'}, 'method': 'grid'})
    for number, params in enumerate(space.grid()):
        a = params['a']
        score = driver_effect * (-(a - 8) ** 2 / 10.0) + rng.normal(0, noise)
        metrics = {'sharpe_ratio': score, 'max_drawdown_pct': 10 - score + rng.random(),
                   'trades': int(rng.integers(5, 50)), 'total_return': score / 10}
        study.record(TrialRecord(number, params, 'complete', True, score, [score], metrics))
    return study


@pytest.fixture(scope='module')
def synthetic():
    return OptimizationAnalyzer(synthetic_study())


@pytest.fixture(scope='module')
def sma_result(tmp_path_factory):
    path = tmp_path_factory.mktemp('an') / 'sma.db'
    opt = GridSearchOptimizer(fx.sma_factory, objective='sharpe_ratio', n_jobs=1, quiet=True,
                              study=str(path))
    return opt.optimize(ParamSpace(fast=(3, 12, 3), slow=(15, 35, 5)))


def test_importance_ranks_the_driver_first_with_both_methods(synthetic):
    imp = synthetic.importance()
    assert list(imp.index) == ['a', 'b']
    assert imp.loc['a', 'rank_anova'] == 1 and imp.loc['a', 'rank_forest'] == 1
    assert imp.loc['a', 'anova'] > 0.8 and imp.loc['a', 'forest'] > 0.8
    assert imp.loc['a', 'anova_p'] < 1e-6 < imp.loc['b', 'anova_p']
    # each method on its own agrees
    assert synthetic.importance(method='anova').index[0] == 'a'
    assert synthetic.importance(method='forest').index[0] == 'a'


@pytest.mark.parametrize('seed', [1, 2, 3])
def test_importance_holds_across_seeds(seed):
    imp = OptimizationAnalyzer(synthetic_study(seed, noise=1.0)).importance(seed=seed)
    assert imp.index[0] == 'a'
    assert (imp.loc['a', ['rank_anova', 'rank_forest']] == 1).all()


def test_top_by_any_metric(synthetic):
    top = synthetic.top(5)
    assert len(top) == 5
    scores = top['score'].to_numpy()
    assert (np.diff(scores) <= 0).all()
    assert scores[0] == synthetic.trials['score'].max()
    # a metric where lower is better sorts upwards
    dd = synthetic.top(3, 'max_drawdown_pct')
    assert (np.diff(dd['max_drawdown_pct']) >= 0).all()
    assert dd['max_drawdown_pct'].iloc[0] == synthetic.trials['max_drawdown_pct'].min()
    assert (np.diff(synthetic.top(4, 'trades', direction='minimize')['trades']) >= 0).all()
    with pytest.raises(MetricError, match='sharpe_ratio'):
        synthetic.top(3, 'no_such_metric')


def test_stability_of_the_best(synthetic):
    st = synthetic.stability()
    best = synthetic.best()
    assert st['trial'] == best['number'] and st['best'] == best['score']
    # an interior grid point has its 8 surrounding points as neighbours (radius 1)
    a, b = st['params']['a'], st['params']['b']
    expected = sum(1 for da in (-1, 0, 1) for db in (-1, 0, 1)
                   if (da, db) != (0, 0) and 1 <= a + da <= 12 and 1 <= b + db <= 10)
    assert st['neighbours'] == expected
    near = synthetic.trials[(abs(synthetic.trials['a'] - a) <= 1) &
                            (abs(synthetic.trials['b'] - b) <= 1) &
                            (synthetic.trials['number'] != st['trial'])]
    assert st['mean'] == pytest.approx(near['score'].mean())
    assert st['min'] == pytest.approx(near['score'].min())
    # the plateau search lands near the true optimum (a = 8)
    assert all(abs(r['params']['a'] - 8) <= 2 for r in st['robust'][:3])


def test_sensitivity_and_grid(synthetic):
    sens = synthetic.sensitivity('a')
    assert list(sens.index) == list(range(1, 13))
    assert sens['mean'].idxmax() in (7, 8, 9)
    assert (sens['count'] == 10).all()
    best = synthetic.best()
    row = synthetic.trials[(synthetic.trials['a'] == 8) & (synthetic.trials['b'] == best['b'])]
    assert sens.loc[8, 'at_best'] == pytest.approx(row['score'].iloc[0])
    grid = synthetic.grid('a', 'b')
    assert grid.shape == (10, 12)
    assert grid.to_numpy().max() == pytest.approx(synthetic.trials['score'].max())
    mean = synthetic.grid('a', 'b', agg='mean')
    assert mean.loc[3, 5] == pytest.approx(synthetic.trials.query('a == 5 and b == 3')['score']
                                           .iloc[0])


def test_correlation_and_pareto(synthetic):
    corr = synthetic.correlation(['score', 'trades'])
    assert set(corr.index) == {'a', 'b'}
    assert abs(corr.loc['b', 'score']) < 0.3
    front = synthetic.pareto(['score', 'max_drawdown_pct'])
    df = synthetic.trials
    for _, row in front.iterrows():       # nothing dominates a front member
        better = df[(df['score'] >= row['score']) &
                    (df['max_drawdown_pct'] <= row['max_drawdown_pct']) &
                    ((df['score'] > row['score']) |
                     (df['max_drawdown_pct'] < row['max_drawdown_pct']))]
        assert better.empty


def _png_checks(path, fig, xlabel, ylabel):
    import matplotlib.image as mpimg
    img = mpimg.imread(str(path))
    assert img.shape[0] > 300 and img.shape[1] > 400
    rgb = img[..., :3].reshape(-1, 3)
    colours = np.unique((rgb * 255).astype(int), axis=0)
    assert len(colours) > 50                 # a filled colour map, not a blank canvas
    assert rgb.std() > 0.1
    ax = fig.axes[0]
    assert ax.get_xlabel() == xlabel and ax.get_ylabel() == ylabel
    assert ax.get_title()
    return ax


def test_png_heatmap_has_content(sma_result, tmp_path):
    an = OptimizationAnalyzer(sma_result)
    path = tmp_path / 'heat.png'
    fig = an.heatmap('fast', 'slow', path=str(path))
    ax = _png_checks(path, fig, 'fast', 'slow')
    assert [t.get_text() for t in ax.get_xticklabels()] == ['3', '6', '9', '12']
    assert [t.get_text() for t in ax.get_yticklabels()] == ['15', '20', '25', '30', '35']
    assert 'sharpe_ratio' in ax.get_title() or 'score' in ax.get_title()
    assert fig.axes[1].get_ylabel() == 'score'           # the colour bar
    assert any(p.get_label() == 'best' for p in ax.patches)
    # the image shows the grid: one cell per (fast, slow)
    assert ax.images[0].get_array().shape == (5, 4)


def test_png_surface_and_sensitivity(sma_result, tmp_path):
    an = OptimizationAnalyzer(sma_result)
    fig = an.surface('fast', 'slow', path=str(tmp_path / 'surf.png'))
    _png_checks(tmp_path / 'surf.png', fig, 'fast', 'slow')
    assert fig.axes[0].get_zlabel() == 'score'
    fig = an.plot_sensitivity(path=str(tmp_path / 'sens.png'))
    assert [a.get_xlabel() for a in fig.axes] == ['fast', 'slow']
    assert (tmp_path / 'sens.png').stat().st_size > 10000


def test_plotly_figures(synthetic):
    pytest.importorskip('plotly')
    hm = synthetic.plotly_heatmap('a', 'b')
    assert hm.data[0].type == 'heatmap' and len(hm.data[0].z) == 10
    sf = synthetic.plotly_surface('a', 'b')
    assert sf.data[0].type == 'surface'
    imp = synthetic.plotly_importance()
    assert [t.name.split()[0] for t in imp.data] == ['ANOVA', 'random']
    assert list(imp.data[0].x) == ['a', 'b']
    sens = synthetic.plotly_sensitivity()
    assert len(sens.data) == 8
    par = synthetic.plotly_pareto(['score', 'max_drawdown_pct'])
    assert par.data[1].name == 'Pareto front'


def test_sources_and_errors(sma_result, tmp_path):
    by_path = OptimizationAnalyzer(sma_result.study.path)
    assert len(by_path.trials) == len(OptimizationAnalyzer(sma_result.study).trials) == 20
    assert by_path.param_names == ['fast', 'slow']
    with pytest.raises(TypeError):
        OptimizationAnalyzer(42)
    with pytest.raises(KeyError, match='fast'):
        by_path.sensitivity('nope')
