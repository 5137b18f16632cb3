"""Parameter optimisation: search spaces, objectives and metrics, searchers
(grid, random, Bayesian, genetic, multi-stage, Pareto, Optuna's samplers),
executors (in-process, worker processes, a Dask cluster), crash-safe SQLite
studies and their results; then what tells a real optimum from an artefact
of the search: analysis (importance, stability, sensitivity, heatmaps,
reports), walk-forward optimisation, overfitting statistics (Deflated Sharpe
Ratio, PBO) and robustness checks (Monte Carlo, perturbations).

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
from .analysis import OptimizationAnalyzer
from .executors import Executor, Outcome, ProcessExecutor, SerialExecutor, Task, make_executor
from .executors_dask import DaskExecutor
from .metrics import METRIC_ALIASES, METRIC_NAMES, compute_metrics
from .objective import (Constraint, MaxDrawdownConstraint, MinTradesConstraint, MultiObjective,
                        ObjectiveFunction)
from .optimizer import (BayesianOptimizer, GeneticOptimizer, GridSearchOptimizer,
                        ListOptimizer, MultiStageOptimizer, OptimizerBase, ParetoOptimizer,
                        RandomSearchOptimizer, optimize)
from .optuna_adapter import OptunaOptimizer, OptunaSearcher
from .overfitting import (DeflatedSharpe, OverfittingReport, PBOResult, deflated_sharpe_ratio,
                          expected_max_sharpe, pbo, probabilistic_sharpe_ratio,
                          study_overfitting)
from .paramopt import ParamOptimizer
from .result import OptimizationResult, TrialList
from .robustness import MonteCarloResult, PerturbationResult, monte_carlo, perturb
from .searchers import (BayesianSearcher, GeneticSearcher, GridSearcher, ListSearcher,
                        MultiStageSearcher, ParetoSearcher, RandomSearcher, Searcher,
                        crowding_distance, nondominated_sort, pareto_front)
from .space import (Categorical, Choice, Dimension, FloatRange, Fixed, IntRange, LogRange,
                    ParamConstraint, ParamSpace)
from .study import Study, TrialRecord
from .walkforward import Fold, WalkForward, WalkForwardResult, walk_forward_windows
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
    'StudyExistsError', 'NoFeasibleTrialError', 'TrialError', 'ListOptimizer', 'ListSearcher',
    'OptimizationAnalyzer', 'WalkForward', 'WalkForwardResult', 'Fold', 'walk_forward_windows',
    'deflated_sharpe_ratio', 'expected_max_sharpe', 'probabilistic_sharpe_ratio', 'pbo',
    'study_overfitting', 'DeflatedSharpe', 'PBOResult', 'OverfittingReport', 'monte_carlo',
    'perturb', 'MonteCarloResult', 'PerturbationResult', 'DaskExecutor', 'OptunaOptimizer',
    'OptunaSearcher',
]
