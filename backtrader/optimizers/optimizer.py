"""``OptimizerBase`` and the optimisers built on it (grid, random, Bayesian,
genetic, multi-stage, Pareto), plus the one-call ``optimize()``.

An optimiser joins four parts: a searcher (what to try next), an executor
(where trials run), a study (where outcomes are stored, the moment each
finishes) and an objective (how a trial's metrics become a score). The
study engine (``_StudyRun``) tells the searcher outcomes in trial order, so a
seeded study proposes the same trials however the workers interleave; a
resumed study replays its stored trials into a fresh searcher and runs only
what is missing.
"""
from __future__ import annotations

import logging
import os
from typing import Any, Callable, Optional, Sequence, Union

from ..core.errors import ParamSpaceError
from .executors import Executor, make_executor
from .objective import MultiObjective, as_objective
from .result import OptimizationResult
from .searchers import (BayesianSearcher, GeneticSearcher, GridSearcher, ListSearcher,
                        MultiStageSearcher, ParetoSearcher, RandomSearcher, Searcher)
from .space import ParamSpace
from .study import Study
from .studyrun import _StudyRun
from .workload import StrategyWorkload

__all__ = ['OptimizerBase', 'GridSearchOptimizer', 'RandomSearchOptimizer', 'BayesianOptimizer',
           'GeneticOptimizer', 'MultiStageOptimizer', 'ParetoOptimizer', 'ListOptimizer',
           'optimize', 'OPTIMIZERS']

log = logging.getLogger('backtrader.optimizers')

class OptimizerBase:
    """Runs a study: ``optimize(param_space) -> OptimizationResult``.

    What to run: ``cerebro_factory`` (a callable returning a Cerebro with datas
    and one strategy added with ``addstrategy``; the study varies the
    strategy's parameters), or ``strategy=`` and ``data=``/``datas=`` (plus
    ``cash``, ``commission``, ``analyzers=[(cls, kwargs)]``, ``cerebro_kwargs``).

    How: ``objective`` (an ``ObjectiveFunction``, a metric name or a callable
    of the metrics; default ``'sharpe_ratio'`` maximised), ``n_jobs`` (1:
    in-process; n: worker processes; None (default)/-1: one per core), ``start_method``
    (``'fork'``/``'spawn'``), ``trial_timeout`` (seconds; the trial is stopped
    and recorded), ``retries`` (extra attempts for a trial that raised, timed
    out or lost its worker), ``timeout`` (seconds for the whole study: no new
    trial starts after it), ``callback(params, score, metrics)`` after every
    trial (returning False stops the study), ``seed``.

    Where: ``study`` (a path to an SQLite file, a ``Study``, or None for an
    in-memory study), ``resume`` (continue the stored study), ``overwrite``,
    ``store_returns`` (per-bar returns of every trial; default: with a file).

    Where trials run: ``executor`` -- None (``n_jobs`` decides: this process
    or worker processes), ``'dask'`` (a local Dask cluster of ``n_jobs``
    workers), a Dask scheduler address (``'tcp://host:8786'``) or an
    ``Executor`` object.

    Also: ``progress`` (a tqdm bar; ``quiet=True`` turns off bar and info
    logging), ``share_indicators`` (identical indicators computed once per
    worker), ``cache`` (a dict of results by parameters, filled by the study
    and read before running a trial: pass the same dict to reuse results
    across studies of the same setup).
    """

    method = 'base'

    def __init__(self, cerebro_factory: Optional[Callable] = None, *,
                 strategy: Optional[type] = None, data: Any = None,
                 datas: Optional[Sequence] = None, objective: Any = None, maximize: bool = True,
                 n_jobs: Optional[int] = None, callback: Optional[Callable] = None,
                 timeout: Optional[float] = None, trial_timeout: Optional[float] = None,
                 retries: int = 0, start_method: Optional[str] = None,
                 study: Union[None, str, os.PathLike, Study] = None, resume: bool = False,
                 overwrite: bool = False, seed: Optional[int] = None,
                 store_returns: Optional[bool] = None, share_indicators: bool = True,
                 progress: bool = True, quiet: bool = False, cash: Optional[float] = None,
                 commission: Optional[float] = None, analyzers: Sequence = (),
                 cerebro_kwargs: Optional[dict] = None, cache: Optional[dict] = None,
                 executor: Any = None) -> None:
        if cerebro_factory is None and strategy is None:
            raise TypeError('give a cerebro_factory or strategy= (with data=)')
        if datas is None and data is not None:
            datas = data if isinstance(data, (list, tuple)) else [data]
        if cerebro_factory is None and not datas:
            raise TypeError('strategy= needs data= (a data feed or a list of feeds)')
        self.cerebro_factory = cerebro_factory
        self.strategy = strategy
        self.datas = list(datas) if datas else []
        self.objective = as_objective(objective, maximize)
        self.n_jobs = n_jobs
        self.callback = callback
        self.timeout = timeout
        self.trial_timeout = trial_timeout
        if retries < 0:
            raise ValueError('retries must be >= 0')
        self.retries = int(retries)
        self.start_method = start_method
        self.study_arg = study
        self.resume, self.overwrite = resume, overwrite
        self.seed = seed
        self.store_returns = store_returns
        self.share_indicators = share_indicators
        self.progress = progress and not quiet
        self.quiet = quiet
        self.cash, self.commission = cash, commission
        self.analyzers = list(analyzers)
        self.cerebro_kwargs = cerebro_kwargs
        self.cache = cache
        self.executor = executor
        self._progress: dict = {'completed': 0, 'total': None, 'running': 0}
        self._searcher: Optional[Searcher] = None
        self.study: Optional[Study] = None

    # -- to be provided by each optimiser -----------------------------------------------------
    def _make_searcher(self, space: ParamSpace, start: dict) -> Searcher:
        raise NotImplementedError

    # -- the run ------------------------------------------------------------------------------
    def _open_study(self) -> Study:
        if isinstance(self.study_arg, Study):
            return self.study_arg
        return Study(None if self.study_arg is None else os.fspath(self.study_arg))

    def _workload(self, store_returns: bool) -> StrategyWorkload:
        return StrategyWorkload(self.cerebro_factory, self.strategy, self.datas, cash=self.cash,
                                commission=self.commission, analyzers=self.analyzers,
                                cerebro_kwargs=self.cerebro_kwargs, store_returns=store_returns,
                                share_indicators=self.share_indicators)

    def _make_executor(self) -> Executor:
        ex = self.executor
        if ex is None or ex in ('process', 'serial'):
            n_jobs = 1 if ex == 'serial' else self.n_jobs
            return make_executor(n_jobs, self.start_method, self.trial_timeout)
        if isinstance(ex, Executor):
            return ex
        if isinstance(ex, str):
            from .executors_dask import DaskExecutor
            if ex == 'dask':
                n = self.n_jobs if self.n_jobs and self.n_jobs > 0 else None
                return DaskExecutor(n_workers=n, trial_timeout=self.trial_timeout)
            if '://' in ex:
                return DaskExecutor(address=ex, trial_timeout=self.trial_timeout)
        raise ValueError("executor: None, 'process', 'serial', 'dask', a Dask scheduler address "
                         "('tcp://host:8786') or an Executor, got %r" % (ex,))

    def optimize(self, param_space: Union[ParamSpace, dict]) -> OptimizationResult:
        """Run the study over ``param_space`` and return its result."""
        space = param_space if isinstance(param_space, ParamSpace) else ParamSpace(param_space)
        study = self._open_study()
        self.study = study
        store_returns = self.store_returns if self.store_returns is not None \
            else study.path is not None
        workload = self._workload(store_returns)
        workload.open()
        space.validate(workload.strategy_cls)
        searcher = self._make_searcher(space, workload.strategy_params)
        stored_cfg = study.get_meta('searcher') if self.resume else None
        if stored_cfg and stored_cfg.get('batch_size'):
            searcher.set_batch_size(stored_cfg['batch_size'])
        executor = self._make_executor()
        searcher.set_batch_size(executor.n_workers)
        self._searcher = searcher
        fp = workload.fingerprint()
        searcher_cfg = {k: v for k, v in searcher.config().items() if k != 'seed'}
        meta = {'strategy': fp['strategy'], 'code': fp['code'], 'data': fp['data'],
                'space': space.spec(), 'objective': self.objective.spec(),
                'searcher': searcher_cfg, 'seed': self.seed, 'method': self.method}
        study.begin(meta, resume=self.resume, overwrite=self.overwrite)
        return self._study_run(space, searcher, executor, study, workload).execute()

    def _study_run(self, *args: Any) -> '_StudyRun':
        """The study loop (an optimiser running trials in steps brings its own)."""
        return _StudyRun(self, *args)

    def get_progress(self) -> dict:
        """Progress of the running (or last) study: completed, total, running,
        failed, best_score, best_params, elapsed, trials_per_sec, eta."""
        return dict(self._progress)

    def setup(self) -> dict:
        """The keywords that say what this optimiser runs (``cerebro_factory``
        or ``strategy``/``datas`` with ``cash``, ``commission``, ``analyzers``,
        ``cerebro_kwargs``) and how (``objective``, ``n_jobs``, ``start_method``,
        ``trial_timeout``, ``retries``, ``share_indicators``): enough to build
        another optimiser over the same setup."""
        return dict(cerebro_factory=self.cerebro_factory, strategy=self.strategy,
                    datas=list(self.datas) or None, cash=self.cash, commission=self.commission,
                    analyzers=list(self.analyzers), cerebro_kwargs=self.cerebro_kwargs,
                    objective=self.objective, n_jobs=self.n_jobs,
                    start_method=self.start_method, trial_timeout=self.trial_timeout,
                    retries=self.retries, share_indicators=self.share_indicators,
                    executor=self.executor)

    def get_final_params(self) -> Optional[dict]:
        """The best parameters of the running (or last) study, as the searcher knows them."""
        s = self._searcher
        if s is None or s.best is None:
            return None
        return dict(s.best[1])


class GridSearchOptimizer(OptimizerBase):
    """Every combination of the space (finite ranges), in order."""

    method = 'grid'

    def _make_searcher(self, space: ParamSpace, start: dict) -> Searcher:
        return GridSearcher(space, self.seed)


class RandomSearchOptimizer(OptimizerBase):
    """``n_trials`` distinct random combinations, reproducible from ``seed``."""

    method = 'random'

    def __init__(self, *args: Any, n_trials: int = 100, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.n_trials = n_trials

    def _make_searcher(self, space: ParamSpace, start: dict) -> Searcher:
        return RandomSearcher(space, self.n_trials, self.seed)


class BayesianOptimizer(OptimizerBase):
    """Gaussian-process search (``acquisition`` ``'ei'``, ``'ucb'`` or ``'pi'``);
    see ``searchers.bayesian``."""

    method = 'bayesian'

    def __init__(self, *args: Any, n_trials: int = 50, n_initial: Optional[int] = None,
                 acquisition: str = 'ei', xi: float = 0.01, kappa: float = 2.0,
                 batch_size: Optional[int] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.searcher_kwargs = dict(n_trials=n_trials, n_initial=n_initial,
                                    acquisition=acquisition, xi=xi, kappa=kappa,
                                    batch_size=batch_size)
        BayesianSearcher(ParamSpace(x=[0, 1]), **self.searcher_kwargs)   # argument checks

    def _make_searcher(self, space: ParamSpace, start: dict) -> Searcher:
        return BayesianSearcher(space, seed=self.seed, **self.searcher_kwargs)


class GeneticOptimizer(OptimizerBase):
    """Genetic algorithm (tournament selection, crossover, mutation, elitism);
    see ``searchers.genetic``."""

    method = 'genetic'

    def __init__(self, *args: Any, population_size: int = 20, generations: int = 10,
                 n_trials: Optional[int] = None, crossover_rate: float = 0.9,
                 mutation_rate: float = 0.2, mutation_scale: float = 0.15, elitism: int = 2,
                 tournament_size: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.searcher_kwargs = dict(population_size=population_size, generations=generations,
                                    n_trials=n_trials, crossover_rate=crossover_rate,
                                    mutation_rate=mutation_rate, mutation_scale=mutation_scale,
                                    elitism=elitism, tournament_size=tournament_size)
        GeneticSearcher(ParamSpace(x=[0, 1]), **self.searcher_kwargs)      # argument checks

    def _make_searcher(self, space: ParamSpace, start: dict) -> Searcher:
        return GeneticSearcher(space, seed=self.seed, **self.searcher_kwargs)


class MultiStageOptimizer(OptimizerBase):
    """Stages of sub-spaces, each starting from the best so far
    (``stages``: lists of names, dicts of refined values, or callables of the
    best params); ``stage_searcher``: ``'grid'`` (default), ``'random'`` or a
    callable ``(sub_space, seed) -> Searcher``."""

    method = 'multistage'

    def __init__(self, *args: Any, stages: Sequence = (), stage_searcher: Any = 'grid',
                 stage_trials: int = 50, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not stages:
            raise ParamSpaceError('MultiStageOptimizer needs stages=[...]')
        self.stages = list(stages)
        if stage_searcher == 'grid':
            self.stage_searcher = lambda sub, seed: GridSearcher(sub, seed)
        elif stage_searcher == 'random':
            self.stage_searcher = lambda sub, seed: RandomSearcher(sub, stage_trials, seed)
        elif callable(stage_searcher):
            self.stage_searcher = stage_searcher
        else:
            raise ValueError("stage_searcher: 'grid', 'random' or a callable")

    def _make_searcher(self, space: ParamSpace, start: dict) -> Searcher:
        return MultiStageSearcher(space, self.stages, self.stage_searcher, start=start,
                                  seed=self.seed)


class ParetoOptimizer(OptimizerBase):
    """Multi-objective search: ``objectives`` (metric names) with
    ``directions``; ``method='nsga2'`` (default) or ``'grid'`` (every
    combination). ``result.pareto_front`` lists the non-dominated trials."""

    method = 'pareto'

    def __init__(self, *args: Any, objectives: Sequence[str] = ('sharpe_ratio',
                                                                'max_drawdown_pct'),
                 directions: Optional[Sequence[str]] = None, search: str = 'nsga2',
                 population_size: int = 20, generations: int = 10, crossover_rate: float = 0.9,
                 mutation_rate: float = 0.2, constraints: Sequence = (), **kwargs: Any) -> None:
        objective = kwargs.pop('objective', None)
        if objective is None:
            if directions is None:
                directions = ['minimize' if 'drawdown' in o else 'maximize' for o in objectives]
            objective = MultiObjective(objectives, directions, constraints)
        elif not isinstance(objective, MultiObjective):
            raise TypeError('ParetoOptimizer: objective must be a MultiObjective')
        super().__init__(*args, objective=objective, **kwargs)
        if search not in ('nsga2', 'grid'):
            raise ValueError("search: 'nsga2' or 'grid'")
        self.search = search
        self.searcher_kwargs = dict(population_size=population_size, generations=generations,
                                    crossover_rate=crossover_rate, mutation_rate=mutation_rate)

    def _make_searcher(self, space: ParamSpace, start: dict) -> Searcher:
        if self.search == 'grid':
            return GridSearcher(space, self.seed)
        return ParetoSearcher(space, self.objective.signs(), seed=self.seed,
                              **self.searcher_kwargs)


class ListOptimizer(OptimizerBase):
    """Runs the given ``combinations`` (parameter dicts) and nothing else:
    re-runs, perturbations around a best, hand-picked candidates."""

    method = 'list'

    def __init__(self, *args: Any, combinations: Sequence[dict] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.combinations = [dict(c) for c in combinations]
        if not self.combinations:
            raise ParamSpaceError('ListOptimizer needs combinations=[{...}, ...]')

    def _make_searcher(self, space: ParamSpace, start: dict) -> Searcher:
        return ListSearcher(space, self.combinations, self.seed)


_METHODS = {'grid': GridSearchOptimizer, 'random': RandomSearchOptimizer,
            'bayesian': BayesianOptimizer, 'genetic': GeneticOptimizer,
            'multistage': MultiStageOptimizer, 'pareto': ParetoOptimizer,
            'list': ListOptimizer}


OPTIMIZERS = _METHODS      # method name -> optimiser class


def optimize(strategy: type, data: Any, space: Union[ParamSpace, dict], objective: Any = None,
             method: str = 'grid', **kwargs: Any) -> OptimizationResult:
    """The common case in one call: ``optimize(MyStrategy, data, {'period': (5, 50, 5)},
    objective='sharpe_ratio', method='bayesian', n_trials=40, n_jobs=2)``.

    ``method``: grid, random, bayesian, genetic, multistage or pareto; other
    keywords go to that optimiser (see ``OptimizerBase``).
    """
    try:
        cls = _METHODS[method]
    except KeyError:
        raise ValueError('unknown method %r; choose one of %s' % (
            method, ', '.join(_METHODS))) from None
    if objective is not None:
        kwargs['objective'] = objective
    return cls(strategy=strategy, data=data, **kwargs).optimize(space)
