"""Parameter spaces, and must-show 6: bad input gets a clear, typed error --
empty space, unknown parameter, invalid range or step, unknown metric (naming
the valid ones), an objective returning NaN, a constraint rejecting everything
(the study ends with an explanation)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from backtrader.core.errors import (MetricError, NoFeasibleTrialError, ObjectiveValueError,
                                    ParamSpaceError)
from backtrader.optimizers import (Categorical, Constraint, GridSearchOptimizer,
                                   IntRange, LogRange, MaxDrawdownConstraint,
                                   MinTradesConstraint, ObjectiveFunction, ParamSpace,
                                   RandomSearchOptimizer, optimize)

from optfixtures import SmaCross, TargetStrategy, pandas_data, target_factory

QUIET = dict(progress=False, quiet=True)


# -- spaces -----------------------------------------------------------------------------------
def test_forms_of_dimensions():
    space = ParamSpace(a=(5, 20, 5), b=[1, 2], c='x', d=(0.1, 0.3, 0.1), e=(0.0, 1.0),
                       f=LogRange(1, 100, num=3), g=Categorical(['p', 'q']), h=range(3))
    assert space.dims['a'].values() == [5, 10, 15, 20]          # both ends included
    assert space.dims['c'].values() == ['x']
    assert space.dims['d'].values() == [0.1, 0.2, 0.3]           # rounded to the step
    assert space.dims['e'].values() is None                      # continuous
    assert space.dims['f'].values() == [1.0, 10.0, 100.0]
    assert space.dims['h'].values() == [0, 1, 2]
    assert not space.finite and space.size is None
    rng = np.random.default_rng(1)
    for _ in range(50):
        p = space.sample(rng)
        assert space.contains(p)


def test_grid_order_and_constraints():
    space = ParamSpace(fast=[5, 10, 20], slow=[10, 20], constraints=['fast < slow'])
    assert list(space.grid()) == [{'fast': 5, 'slow': 10}, {'fast': 5, 'slow': 20},
                                  {'fast': 10, 'slow': 20}]
    space2 = ParamSpace(fast=[5, 10, 20], slow=[10, 20]).where(
        lambda p: p['fast'] * 2 <= p['slow'])
    assert list(space2.grid()) == [{'fast': 5, 'slow': 10}, {'fast': 5, 'slow': 20},
                                   {'fast': 10, 'slow': 20}]


def test_empty_space():
    with pytest.raises(ParamSpaceError, match='empty'):
        ParamSpace()
    with pytest.raises(ParamSpaceError, match="'fast'.*empty list"):
        ParamSpace(fast=[])


@pytest.mark.parametrize('value, text', [
    ((10, 5, 1), 'stop is below the start'),
    ((5, 10, 0), 'step must be positive'),
    ((5, 10, -1), 'step must be positive'),
    ((0.5, 0.1, 0.1), 'stop is below the start'),
    ((0.1, 0.5, 0.0), 'step must be a positive number'),
    ((1, 2, 3, 4), 'range'),
    ({1, 2}, 'set has no order'),
])
def test_invalid_ranges(value, text):
    with pytest.raises(ParamSpaceError, match=text):
        ParamSpace(p=value)


def test_invalid_log_and_int_ranges():
    with pytest.raises(ParamSpaceError, match='0 < low'):
        LogRange(0, 10)
    with pytest.raises(ParamSpaceError, match='integer'):
        IntRange(1.5, 3)


def test_bad_constraints():
    with pytest.raises(ParamSpaceError, match="'nope'"):
        ParamSpace(fast=[1, 2], constraints=['fast < nope'])
    with pytest.raises(ParamSpaceError, match='not a valid expression'):
        ParamSpace(fast=[1, 2], constraints=['fast <'])
    with pytest.raises(ParamSpaceError, match='only abs, min and max may be called'):
        ParamSpace(fast=[1, 2], constraints=['__import__("os").system("true")'])
    with pytest.raises(ParamSpaceError, match='Attribute is not allowed'):
        ParamSpace(fast=[1, 2], constraints=['fast.real < 3'])


def test_unknown_parameter_names_valid_ones():
    opt = GridSearchOptimizer(target_factory, objective='final_value', **QUIET)
    with pytest.raises(ParamSpaceError) as err:
        opt.optimize(ParamSpace(x=[1, 2], z=[1]))
    msg = str(err.value)
    assert "'z'" in msg and 'TargetStrategy' in msg and 'x, y, delay' in msg


def test_grid_needs_steps():
    opt = GridSearchOptimizer(target_factory, objective='final_value', **QUIET)
    with pytest.raises(ParamSpaceError, match='continuous: x'):
        opt.optimize(ParamSpace(x=(1.0, 2.0)))


# -- metrics and objectives ------------------------------------------------------------------------
def test_unknown_metric_names_valid_ones():
    with pytest.raises(MetricError) as err:
        ObjectiveFunction(maximize='sharp')
    msg = str(err.value)
    assert "'sharp'" in msg and 'sharpe_ratio' in msg and 'max_drawdown_pct' in msg
    with pytest.raises(MetricError, match='valid metrics'):
        MinTradesConstraint(3) and Constraint('tradez', '>=', 1)
    # an analyzer path is checked against the first trial's metrics
    with pytest.raises(MetricError, match="'nosuch.key'.*final_value"):
        GridSearchOptimizer(target_factory, objective='nosuch.key', **QUIET).optimize(
            ParamSpace(x=[1, 2]))


def test_objective_needs_exactly_one_form():
    with pytest.raises(ValueError, match='exactly one'):
        ObjectiveFunction()
    with pytest.raises(ValueError, match='exactly one'):
        ObjectiveFunction(maximize='sharpe', minimize='max_drawdown_pct')


def test_objective_returning_nan_is_infeasible_and_explained():
    def nan_objective(metrics):
        return float('nan')
    res = GridSearchOptimizer(target_factory, objective=ObjectiveFunction(
        custom_func=nan_objective), **QUIET).optimize(ParamSpace(x=[1, 2, 3]))
    assert res.best_params is None
    assert 'no feasible trial among 3' in res.message and 'NaN' in res.message
    recs = list(res.all_results)
    assert all(r.status == 'complete' and not r.feasible and 'ObjectiveValueError' in r.error
               for r in recs)
    with pytest.raises(NoFeasibleTrialError, match='NaN'):
        res.get_best()


def test_objective_returning_nan_can_stop_the_study():
    obj = ObjectiveFunction(custom_func=lambda m: math.nan, nan_policy='raise')
    with pytest.raises(ObjectiveValueError, match='NaN'):
        GridSearchOptimizer(target_factory, objective=obj, **QUIET).optimize(
            ParamSpace(x=[1, 2]))


def test_objective_returning_text_is_an_error():
    obj = ObjectiveFunction(custom_func=lambda m: 'good')
    with pytest.raises(ObjectiveValueError, match="returned 'good'"):
        GridSearchOptimizer(target_factory, objective=obj, **QUIET).optimize(
            ParamSpace(x=[1]))


def test_outcome_constraint_rejecting_everything_explains():
    obj = ObjectiveFunction(maximize='final_value', constraints=[MinTradesConstraint(5),
                                                                 MaxDrawdownConstraint(50)])
    res = GridSearchOptimizer(target_factory, objective=obj, **QUIET).optimize(
        ParamSpace(x=[1, 2, 3], y=[1, 2]))
    assert res.best_params is None
    assert res.message == ('no feasible trial among 6: 6 broke the constraints '
                           '(trades >= 5: 6)')
    assert res.counts == {'complete': 6, 'feasible': 0}
    assert all(r.violated == ['trades >= 5'] for r in res.all_results)


def test_parameter_constraint_rejecting_everything_explains():
    res = GridSearchOptimizer(target_factory, objective='final_value', **QUIET).optimize(
        ParamSpace(x=[5, 6], y=[1, 2], constraints=['x < y']))
    assert res.total_runs == 0 and res.best_params is None
    assert 'x < y' in res.message and 'reject every combination' in res.message


def test_random_search_constraint_rejecting_everything():
    with pytest.raises(ParamSpaceError, match='rejected'):
        RandomSearchOptimizer(target_factory, objective='final_value', n_trials=3,
                              **QUIET).optimize(ParamSpace(x=(1, 5), constraints=['x > 10']))


def test_one_call_form_and_unknown_method():
    res = optimize(SmaCross, pandas_data(80, wave=5.0), {'fast': [3, 5], 'slow': [10, 15]},
                   objective='total_return', **QUIET)
    assert res.total_runs == 4 and res.best_params is not None
    with pytest.raises(ValueError, match='unknown method'):
        optimize(SmaCross, pandas_data(), {'fast': [3]}, method='annealing')
