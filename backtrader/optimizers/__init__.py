"""Parameter optimisation: search spaces, objectives and metrics, searchers
(grid, random, Bayesian, genetic, multi-stage, Pareto), executors (in-process,
worker processes), crash-safe SQLite studies and their results.

    import backtrader as bt
    from backtrader.optimizers import optimize, ParamSpace

    result = optimize(MyStrategy, data, ParamSpace(fast=(5, 30, 5), slow=(20, 100, 10),
                                                   constraints=['fast < slow']),
                      objective='sharpe_ratio', method='bayesian', n_trials=40, n_jobs=2)
    print(result.best_params, result.best_score)

See docs/optimizers.md.

Layer: tools. May import: engine, strategy, components, model, lines, utils, core.
"""
from ..core.errors import (MetricError, NoFeasibleTrialError, ObjectiveValueError,
                           OptimizationError, ParamSpaceError, StudyExistsError,
                           StudyMismatchError, TrialError)
from .executors import Executor, Outcome, ProcessExecutor, SerialExecutor, Task, make_executor
from .metrics import METRIC_ALIASES, METRIC_NAMES, compute_metrics
from .objective import (Constraint, MaxDrawdownConstraint, MinTradesConstraint, MultiObjective,
                        ObjectiveFunction)
from .optimizer import (BayesianOptimizer, GeneticOptimizer, GridSearchOptimizer,
                        MultiStageOptimizer, OptimizerBase, ParetoOptimizer,
                        RandomSearchOptimizer, optimize)
from .paramopt import ParamOptimizer
from .result import OptimizationResult, TrialList
from .searchers import (BayesianSearcher, GeneticSearcher, GridSearcher, MultiStageSearcher,
                        ParetoSearcher, RandomSearcher, Searcher, crowding_distance,
                        nondominated_sort, pareto_front)
from .space import (Categorical, Choice, Dimension, FloatRange, Fixed, IntRange, LogRange,
                    ParamConstraint, ParamSpace)
from .study import Study, TrialRecord
from .workload import StrategyWorkload

# the scheduler of the requirements' wording: executors pick where trials run
TaskScheduler = make_executor

__all__ = [
    'ParamSpace', 'Dimension', 'Fixed', 'Choice', 'Categorical', 'IntRange', 'FloatRange',
    'LogRange', 'ParamConstraint', 'ObjectiveFunction', 'MultiObjective', 'Constraint',
    'MinTradesConstraint', 'MaxDrawdownConstraint', 'METRIC_NAMES', 'METRIC_ALIASES',
    'compute_metrics', 'OptimizerBase', 'GridSearchOptimizer', 'RandomSearchOptimizer',
    'BayesianOptimizer', 'GeneticOptimizer', 'MultiStageOptimizer', 'ParetoOptimizer',
    'optimize', 'ParamOptimizer', 'OptimizationResult', 'TrialList', 'Study', 'TrialRecord',
    'Searcher', 'GridSearcher', 'RandomSearcher', 'BayesianSearcher', 'GeneticSearcher',
    'MultiStageSearcher', 'ParetoSearcher', 'nondominated_sort', 'crowding_distance',
    'pareto_front', 'Executor', 'SerialExecutor', 'ProcessExecutor', 'Task', 'Outcome',
    'make_executor', 'TaskScheduler', 'StrategyWorkload', 'OptimizationError',
    'ParamSpaceError', 'MetricError', 'ObjectiveValueError', 'StudyMismatchError',
    'StudyExistsError', 'NoFeasibleTrialError', 'TrialError',
]
