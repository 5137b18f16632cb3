"""Optuna's samplers behind this package's optimiser interface (``pip install
backtrader[optuna]``).

``OptunaOptimizer(..., sampler='tpe' | 'cmaes' | 'nsga2' | 'random' | an
optuna sampler)`` is an ``OptimizerBase``: same setup, executors (process
pool, Dask), SQLite study storage, resume and results as every other
optimiser. Optuna only proposes: ``OptunaSearcher`` wraps an in-memory
optuna study through its ask/tell interface, and a resumed study replays the
stored trials into it (proposals are told in trial order, one batch per
round of workers, so a seeded study proposes the same trials again).

Pruning (``pruner='median'``, ``'percentile'``, ``'hyperband'``,
``'successive_halving'`` or an optuna pruner) evaluates a trial in steps:
the objective on the first 1/k, 2/k, ... of the data (``prune_steps=k``) or
year by year (``prune_every='year'``); each step's score is reported to
optuna as an intermediate value, and a trial the pruner stops is recorded
in the study with status ``pruned`` (its intermediate scores as metrics
``intermediate.<step>``). The last step is the run over all the data, so a
trial that is not pruned has exactly the metrics and score of an unpruned
study.
"""
from __future__ import annotations

import logging
import math
import warnings
from typing import Any, Optional, Sequence

import numpy as np

from ..core.errors import OptimizationError
from ..utils.dateintern import num2date
from .executors import Outcome, Task
from .objective import MultiObjective
from .optimizer import OptimizerBase
from .studyrun import _StudyRun
from .searchers.base import BudgetSearcher, Searcher
from .space import (Categorical, Choice, FloatRange, Fixed, IntRange, LogRange, ParamSpace,
                    _plain)
from .study import TrialRecord
from .window import WindowFactory
from .workload import StrategyWorkload

__all__ = ['OptunaSearcher', 'OptunaOptimizer', 'SteppedWorkload', 'SAMPLERS', 'PRUNERS']

log = logging.getLogger('backtrader.optimizers')

SAMPLERS = ('tpe', 'cmaes', 'nsga2', 'random', 'qmc')
PRUNERS = ('median', 'percentile', 'hyperband', 'successive_halving', 'none')


def _optuna():
    try:
        import optuna
    except ImportError:
        raise OptimizationError('the Optuna adapter needs optuna: pip install '
                                '"backtrader[optuna]"') from None
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna


def distributions(space: ParamSpace) -> tuple:
    """(optuna distributions by name, fixed values by name) for a space."""
    optuna = _optuna()
    dist, fixed = {}, {}
    for name, dim in space.dims.items():
        if isinstance(dim, Fixed):
            fixed[name] = dim.value
        elif isinstance(dim, IntRange):
            dist[name] = optuna.distributions.IntDistribution(dim.low, dim.high, step=dim.step)
        elif isinstance(dim, FloatRange):
            dist[name] = optuna.distributions.FloatDistribution(dim.low, dim.high,
                                                                step=dim.step)
        elif isinstance(dim, LogRange) and dim.num is None:
            dist[name] = optuna.distributions.FloatDistribution(dim.low, dim.high, log=True)
        elif isinstance(dim, (Choice, Categorical, LogRange)):
            dist[name] = optuna.distributions.CategoricalDistribution(
                [_plain(v) for v in dim.values()])
        else:
            raise OptimizationError('parameter %r: no optuna distribution for %r' % (name, dim))
    return dist, fixed


def make_sampler(sampler: Any, seed: Optional[int], n_objectives: int, **kwargs: Any) -> Any:
    """An optuna sampler from a name (``SAMPLERS``) or as given."""
    optuna = _optuna()
    if not isinstance(sampler, str):
        return sampler
    name = sampler.lower().replace('-', '')
    if name == 'tpe':
        return optuna.samplers.TPESampler(seed=seed, **kwargs)
    if name == 'cmaes':
        return optuna.samplers.CmaEsSampler(seed=seed, **kwargs)
    if name in ('nsga2', 'nsgaii'):
        return optuna.samplers.NSGAIISampler(seed=seed, **kwargs)
    if name == 'random':
        return optuna.samplers.RandomSampler(seed=seed, **kwargs)
    if name == 'qmc':
        return optuna.samplers.QMCSampler(seed=seed, **kwargs)
    raise ValueError('sampler: one of %s or an optuna sampler, got %r'
                     % (', '.join(SAMPLERS), sampler))


def make_pruner(pruner: Any) -> Any:
    """An optuna pruner from a name (``PRUNERS``) or as given."""
    optuna = _optuna()
    if pruner is None or not isinstance(pruner, str):
        return pruner
    name = pruner.lower()
    table = {'median': lambda: optuna.pruners.MedianPruner(n_startup_trials=3,
                                                           n_warmup_steps=0),
             'percentile': lambda: optuna.pruners.PercentilePruner(25.0, n_startup_trials=3),
             'hyperband': optuna.pruners.HyperbandPruner,
             'successive_halving': optuna.pruners.SuccessiveHalvingPruner,
             'none': optuna.pruners.NopPruner}
    if name not in table:
        raise ValueError('pruner: one of %s or an optuna pruner, got %r'
                         % (', '.join(PRUNERS), pruner))
    return table[name]()


class OptunaSearcher(BudgetSearcher):
    """An optuna sampler as a searcher (ask/tell). ``directions``: one per
    objective value (several: multi-objective, e.g. NSGA-II); with one, the
    engine's signed score (higher is better) is maximised. Combinations the
    space's constraints reject are told to optuna as failed and asked again;
    a combination already told gets its known value again instead of a run."""

    name = 'optuna'
    adaptive = True

    def __init__(self, space: ParamSpace, sampler: Any = 'tpe', n_trials: int = 50,
                 seed: Optional[int] = None, directions: Optional[Sequence[str]] = None,
                 batch_size: Optional[int] = None, sampler_kwargs: Optional[dict] = None,
                 pruner: Any = None, max_misses: int = 1000) -> None:
        optuna = _optuna()
        super().__init__(space, n_trials, seed, max_misses)
        self.sampler_name = sampler if isinstance(sampler, str) else type(sampler).__name__
        self.multi = directions is not None and len(directions) > 1
        self.directions = list(directions) if self.multi else ['maximize']
        self.dist, self.fixed = distributions(space)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            self.sampler = make_sampler(sampler, seed, len(self.directions),
                                        **(sampler_kwargs or {}))
            self.study = optuna.create_study(sampler=self.sampler, directions=self.directions,
                                             pruner=make_pruner(pruner))
        self.batch_size = batch_size
        self._fixed_batch = batch_size is not None
        self._trials: dict = {}      # key -> live optuna trial
        self._known: dict = {}       # key -> value(s) told
        self._reported: dict = {}    # key -> steps reported live

    def set_batch_size(self, n: int) -> None:
        """Proposals per round: the executor's width unless given."""
        if not self._fixed_batch:
            self.batch_size = max(1, int(n))

    def _ask(self, n: int) -> list:
        optuna = _optuna()
        n = min(n, self.batch_size or n, self.n_trials - self._asked)
        out, misses = [], 0
        while len(out) < n:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                trial = self.study.ask(self.dist)
            params = {}
            for name in self.space.names:
                params[name] = self.fixed[name] if name in self.fixed else \
                    _plain(trial.params[name])
            key = self.space.key(params)
            if not self.space.is_valid(params) or key in self._trials:
                self.study.tell(trial, state=optuna.trial.TrialState.FAIL)
                misses += 1
            elif key in self._known:
                known = self._known[key]
                if known is None:
                    self.study.tell(trial, state=optuna.trial.TrialState.FAIL)
                else:
                    self.study.tell(trial, known)
                misses += 1
            else:
                self._trials[key] = trial
                out.append(params)
                continue
            if misses >= self._max_misses:
                self._exhausted = True
                break
        self._asked += len(out)
        return out

    def report(self, params: dict, step: int, value: float) -> bool:
        """Report an intermediate value of a running trial; True when the
        pruner says to stop it."""
        trial = self._trials.get(self.space.key(params))
        if trial is None or value is None or not math.isfinite(value):
            return False
        trial.report(float(value), step)
        self._reported.setdefault(self.space.key(params), set()).add(step)
        return bool(trial.should_prune())

    def _tell(self, params: dict, score, feasible: bool, values) -> None:
        optuna = _optuna()
        key = self.space.key(params)
        trial = self._trials.pop(key, None)
        if trial is None:
            return
        if isinstance(values, dict) and 'pruned' in values:
            done = self._reported.pop(key, set())
            for step, value in enumerate(values['pruned']):
                if step not in done and value is not None and math.isfinite(value):
                    trial.report(float(value), step)
            self.study.tell(trial, state=optuna.trial.TrialState.PRUNED)
            self._known[key] = None
            return
        self._reported.pop(key, None)
        if not feasible or score is None:
            self.study.tell(trial, state=optuna.trial.TrialState.FAIL)
            self._known[key] = None
            return
        told = [float(v) for v in values] if self.multi else float(score)
        self.study.tell(trial, told)
        self._known[key] = told

    def config(self) -> dict:
        """What defines the proposals (stored with the study)."""
        return dict(super().config(), sampler=self.sampler_name, n_trials=self.n_trials,
                    directions=self.directions, batch_size=self.batch_size)

    def expected_total(self) -> Optional[int]:
        """``n_trials`` (or the grid's size when smaller)."""
        size = self.space.size
        return self.n_trials if size is None or self.space.constraints else \
            min(size, self.n_trials)


# ------------------------------------------------------------------------------------------
class SteppedWorkload:
    """The study's setup over growing spans of the data: step ``i`` runs the
    bars up to ``ends[i]`` (the last step: all of them). A task's payload is
    ``{'params': ..., 'step': i}``; anything else runs the full data."""

    def __init__(self, full: StrategyWorkload, factories: list) -> None:
        self.full = full
        self.factories = factories
        self.steps = None

    def open(self) -> None:
        """Load the data of every step (once)."""
        if self.steps is not None:
            return
        self.full.open()
        self.steps = []
        for fac in self.factories:
            wl = StrategyWorkload(fac, store_returns=False,
                                  share_indicators=self.full.share_indicators)
            wl.open()
            self.steps.append(wl)
        self.steps.append(self.full)

    def __getstate__(self) -> dict:
        return {'full': self.full, 'factories': self.factories, 'steps': None}

    def run(self, payload: Any) -> dict:
        """One step of a trial."""
        self.open()
        if isinstance(payload, dict) and 'step' in payload and '_bt_params' in payload:
            return self.steps[payload['step']].run(payload['_bt_params'])
        return self.full.run(payload)

    # the study engine's view is the full run
    @property
    def strategy_cls(self) -> type:
        """The strategy class the trials run."""
        return self.full.strategy_cls

    @property
    def strategy_params(self) -> dict:
        """The strategy's parameter defaults."""
        return self.full.strategy_params

    def fingerprint(self) -> dict:
        """The full run's fingerprint."""
        return self.full.fingerprint()

    def close(self) -> None:
        """Release every step's Cerebro."""
        for wl in self.steps or [self.full]:
            wl.close()
        self.steps = None


def step_ends(dates: np.ndarray, prune_steps: Optional[int], prune_every: Optional[str]) -> list:
    """Bar positions (excluded) where the steps before the last end."""
    n = len(dates)
    if prune_every is not None:
        if prune_every not in ('year', 'quarter', 'month'):
            raise ValueError("prune_every: 'year', 'quarter' or 'month', got %r" % (prune_every,))
        import pandas as pd
        stamps = pd.DatetimeIndex([num2date(float(d)) for d in dates])
        period = {'year': 'Y', 'quarter': 'Q', 'month': 'M'}[prune_every]
        labels = stamps.to_period(period)
        ends = [i for i in range(1, n) if labels[i] != labels[i - 1]]
    else:
        k = int(prune_steps)
        if k < 2:
            raise ValueError('prune_steps must be at least 2, got %r' % (prune_steps,))
        ends = sorted({int(round(n * (i + 1) / k)) for i in range(k - 1)})
    return [e for e in ends if 1 < e < n]


class _PrunedStudyRun(_StudyRun):
    """The study loop with trials run in steps and pruned by optuna."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nsteps = len(self.workload.steps or []) or (len(self.workload.factories) + 1)
        self.partial: dict = {}            # trial number -> intermediate scores so far
        for number, (key, signed, feasible, values, brief) in list(self.stored.items()):
            if brief.status == 'pruned':
                rec = self.study.trial(number)
                inter = [rec.metrics.get('intermediate.%d' % i) for i in range(self.nsteps)]
                inter = [v for v in inter if v is not None]
                self.stored[number] = (key, None, False, {'pruned': inter}, brief)

    def _task(self, number: int, params: dict) -> Task:
        self.partial[number] = []
        return Task(number, {'_bt_params': params, 'step': 0}, 1)

    def _signed(self, metrics: dict) -> Optional[float]:
        ev = self.objective.evaluate(metrics)
        if ev.score is None or math.isnan(ev.score):
            return None
        return ev.signed

    def _intermediate(self, outcome: Outcome) -> bool:
        task = outcome.task
        payload = task.payload
        step = payload['step']
        number = task.number
        params = payload['_bt_params']
        metrics = outcome.result['metrics']
        value = self._signed(metrics)
        inter = self.partial.setdefault(number, [])
        inter.append(value)
        for i, v in enumerate(inter):
            metrics['intermediate.%d' % i] = v
        if step + 1 >= self.nsteps:
            self.partial.pop(number, None)
            return False                  # the full run: an ordinary complete trial
        if self.searcher.report(params, step, value):
            metrics['pruned_at_step'] = step
            rec = TrialRecord(number, params, 'pruned', False, None, None, metrics, {}, None,
                              None, task.attempt, outcome.started, outcome.finished,
                              outcome.worker)
            self.study.record(rec)
            self.partial.pop(number, None)
            self._finish(number, rec, None, {'pruned': [v for v in inter]})
            return True
        self.executor.submit(Task(number, {'_bt_params': params, 'step': step + 1},
                                  task.attempt))
        return True


class OptunaOptimizer(OptimizerBase):
    """Optuna's samplers as an optimiser: ``sampler`` (``'tpe'`` (default),
    ``'cmaes'``, ``'nsga2'``, ``'random'``, ``'qmc'`` or an optuna sampler;
    ``sampler_kwargs`` for a named one), ``n_trials``, ``batch_size``
    (proposals per round; default: the executor's width). A ``MultiObjective``
    objective (or ``objectives=[...]`` with ``directions``) makes it
    multi-objective (NSGA-II; ``result.pareto_front``). ``pruner`` with
    ``prune_steps`` (default 4) or ``prune_every='year'``: see the module
    docstring. Every other keyword is ``OptimizerBase``'s."""

    method = 'optuna'

    def __init__(self, *args: Any, sampler: Any = 'tpe', n_trials: int = 50,
                 sampler_kwargs: Optional[dict] = None, batch_size: Optional[int] = None,
                 pruner: Any = None, prune_steps: Optional[int] = None,
                 prune_every: Optional[str] = None, objectives: Optional[Sequence[str]] = None,
                 directions: Optional[Sequence[str]] = None, **kwargs: Any) -> None:
        _optuna()
        if objectives is not None:
            if kwargs.get('objective') is not None:
                raise TypeError('give objective= or objectives=, not both')
            if directions is None:
                directions = ['minimize' if 'drawdown' in o else 'maximize' for o in objectives]
            kwargs['objective'] = MultiObjective(objectives, directions)
        super().__init__(*args, **kwargs)
        self.sampler = sampler
        self.n_trials = n_trials
        self.sampler_kwargs = dict(sampler_kwargs or {})
        self.batch_size = batch_size
        self.pruner = pruner
        if pruner is not None and prune_steps is None and prune_every is None:
            prune_steps = 4
        self.prune_steps, self.prune_every = prune_steps, prune_every
        if pruner is not None and isinstance(self.objective, MultiObjective):
            raise OptimizationError('optuna cannot prune multi-objective studies: drop pruner=')
        make_sampler(sampler, None, 1, **self.sampler_kwargs)      # argument checks
        make_pruner(pruner)

    def _make_searcher(self, space: ParamSpace, start: dict) -> Searcher:
        directions = self.objective.directions if isinstance(self.objective, MultiObjective) \
            else None
        return OptunaSearcher(space, self.sampler, self.n_trials, self.seed, directions,
                              self.batch_size, self.sampler_kwargs, self.pruner)

    def _workload(self, store_returns: bool) -> Any:
        full = super()._workload(store_returns)
        if self.pruner is None:
            return full
        if self.cerebro_factory is not None:
            try:
                import inspect
                sig = inspect.signature(self.cerebro_factory)
                ok = 'fromdate' in sig.parameters and 'todate' in sig.parameters
            except (TypeError, ValueError):
                ok = False
            if not ok:
                raise OptimizationError('pruning runs each trial over growing spans of the data: '
                                        'the cerebro_factory must accept fromdate=None and '
                                        'todate=None (or pass strategy= and data=)')
        dates = full.bar_dates()
        ends = step_ends(dates, self.prune_steps, self.prune_every)
        first = num2date(float(dates[0]))
        factories = [WindowFactory(first, num2date(float(dates[e - 1])), self.cerebro_factory,
                                   self.strategy, self.datas, self.cash, self.commission,
                                   self.analyzers, self.cerebro_kwargs) for e in ends]
        return SteppedWorkload(full, factories)

    def _study_run(self, *args: Any) -> _StudyRun:
        if self.pruner is None:
            return super()._study_run(*args)
        return _PrunedStudyRun(self, *args)
