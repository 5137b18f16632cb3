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

import collections
import logging
import math
import os
import time
from typing import Any, Callable, Optional, Sequence, Union

from ..core.errors import ParamSpaceError, StudyMismatchError
from .executors import Executor, Outcome, Task, make_executor
from .objective import MultiObjective, as_objective
from .progress import Progress
from .result import OptimizationResult
from .searchers import (BayesianSearcher, GeneticSearcher, GridSearcher, ListSearcher,
                        MultiStageSearcher, ParetoSearcher, RandomSearcher, Searcher,
                        pareto_front)
from .space import ParamSpace
from .study import Study, TrialRecord
from .workload import StrategyWorkload

__all__ = ['OptimizerBase', 'GridSearchOptimizer', 'RandomSearchOptimizer', 'BayesianOptimizer',
           'GeneticOptimizer', 'MultiStageOptimizer', 'ParetoOptimizer', 'ListOptimizer',
           'optimize', 'OPTIMIZERS']

log = logging.getLogger('backtrader.optimizers')

_CHUNK = 64      # proposals asked at a time from streaming searchers (memory stays flat)


# what the study loop needs to know of a stored trial (not its metrics)
_Brief = collections.namedtuple('_Brief', 'status feasible violated error')


def _cache_key(params: dict) -> str:
    return repr(sorted(params.items()))


def _nan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


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


class _StudyRun:
    """One execution of a study (the engine loop)."""

    def __init__(self, opt: OptimizerBase, space: ParamSpace, searcher: Searcher,
                 executor: Executor, study: Study, workload: StrategyWorkload) -> None:
        self.opt, self.space, self.searcher = opt, space, searcher
        self.executor, self.study, self.workload = executor, study, workload
        self.objective = opt.objective
        self.maximize = self.objective.direction == 'maximize'
        self.queue: collections.deque = collections.deque()
        self.retries: collections.deque = collections.deque()     # failed attempts to rerun
        self.next_number = 0
        self.told = 0
        self.finished: dict = {}
        self.inflight: dict = {}
        self.best: Optional[tuple] = None         # (signed, -number, number)
        self.checked = False
        self.stopping = False
        self.stats = collections.Counter()
        self.violations = collections.Counter()
        self.first_error: Optional[str] = None
        self.nan_error: Optional[str] = None
        self.new_trials = 0
        # trials stored by an earlier run of this study: number -> outcome to tell
        self.stored: dict = {}
        for rec in study.trials():
            signed = None
            if rec.score is not None:
                signed = rec.score if self.maximize else -rec.score
            self.stored[rec.number] = (space.key(rec.params), signed, rec.feasible, rec.values,
                                       _Brief(rec.status, rec.feasible, rec.violated,
                                              rec.error))

    # -- bookkeeping ---------------------------------------------------------------------------
    def _note_best(self, number: int, signed: Optional[float], feasible: bool) -> None:
        if not feasible or signed is None:
            return
        cand = (signed, -number, number)
        if self.best is None or cand[:2] > self.best[:2]:
            self.best = cand

    def _update_progress(self, bar: Progress) -> None:
        p = self.opt._progress
        elapsed = time.monotonic() - self.t0
        done = self.stats['done']
        rate = self.new_trials / elapsed if elapsed > 0 else 0.0
        total = p.get('total')
        best = None if self.best is None else self.study.trial(self.best[2])
        p.update(completed=done, running=len(self.inflight), failed=self.stats['failed'],
                 best_score=None if best is None else best.score,
                 best_params=None if best is None else best.params, elapsed=elapsed,
                 trials_per_sec=rate,
                 eta=(total - done) / rate if total and rate > 0 and total >= done else None)
        bar.update(done, best)

    # -- the loop ----------------------------------------------------------------------------------
    def execute(self) -> OptimizationResult:
        opt, study, executor, searcher = self.opt, self.study, self.executor, self.searcher
        self.t0 = time.monotonic()
        total = searcher.expected_total()
        opt._progress = {'completed': 0, 'total': total, 'running': 0}
        bar = Progress(total, opt.objective.name, enabled=opt.progress)
        if not opt.quiet:
            log.info('study: %s search over %s, objective %s, %d worker(s)%s', opt.method,
                     ', '.join(self.space.names), opt.objective.name, executor.n_workers,
                     ' (resuming %d stored trials)' % len(self.stored) if self.stored else '')
        interrupted = False
        executor.start(self.workload)
        try:
            while True:
                self._fill()
                if self._tell_in_order():
                    self._update_progress(bar)
                    continue
                if executor.in_flight == 0 and not self.retries:
                    break
                poll = None
                if opt.timeout is not None and not self.stopping:
                    poll = max(0.05, opt.timeout - (time.monotonic() - self.t0))
                for outcome in executor.as_completed(timeout=poll):
                    self._handle(outcome)
                    self._update_progress(bar)
                    break
                if opt.timeout is not None and time.monotonic() - self.t0 >= opt.timeout:
                    if not self.stopping:
                        log.info('study time limit of %gs reached: no new trials',
                                 opt.timeout)
                    self.stopping = True
        except KeyboardInterrupt:
            interrupted = True
            raise
        finally:
            executor.shutdown()
            self.workload.close()
            bar.close()
            if interrupted:
                study.finish('interrupted', searcher_state=searcher.state())
        self._update_progress(bar)
        return self._result()

    def _fill(self) -> None:
        """Submit proposals while workers are free."""
        executor, searcher = self.executor, self.searcher
        while executor.free_slots > 0 and self.retries:
            executor.submit(self.retries.popleft())     # started trials finish even when stopping
        while executor.free_slots > 0 and not self.stopping:
            if not self.queue:
                if searcher.done:
                    return
                props = searcher.ask(_CHUNK)
                if not props:
                    return
                for params in props:
                    self.queue.append((self.next_number, params))
                    self.next_number += 1
            number, params = self.queue.popleft()
            stored = self.stored.pop(number, None)
            if stored is not None:
                key, signed, feasible, values, rec = stored
                if key != self.space.key(params):
                    raise StudyMismatchError(
                        'cannot resume: stored trial %d has parameters %s but the searcher now '
                        'proposes %s (the searcher or its seed differ)' % (
                            number, self.study.trial(number).params, params))
                self.finished[number] = (params, signed, feasible, values)
                self._note_best(number, signed, feasible)
                self.stats['done'] += 1
                self._count(rec)
                continue
            cache = self.opt.cache
            if cache is not None:
                hit = cache.get(_cache_key(params))
                if hit is not None:
                    self._complete(number, params, hit, 0, None, None, 'cache')
                    continue
            self.inflight[number] = params
            executor.submit(self._task(number, params))

    def _tell_in_order(self) -> bool:
        told = False
        while self.told in self.finished:
            params, signed, feasible, values = self.finished.pop(self.told)
            self.searcher.tell(params, signed, feasible, values)
            self.told += 1
            told = True
        return told

    def _task(self, number: int, params: dict) -> Task:
        """The task that runs a new trial (its payload: the parameters)."""
        return Task(number, params, 1)

    def _intermediate(self, outcome: Outcome) -> bool:
        """True when a successful outcome is only a step of its trial (a
        multi-step run handled it); the trial then is not complete yet."""
        return False

    def _count(self, rec) -> None:
        if rec.status == 'pruned':
            self.stats['pruned'] += 1
            return
        if rec.status != 'complete':
            self.stats['failed'] += 1
            self.first_error = self.first_error or rec.error
        elif not rec.feasible:
            self.stats['infeasible'] += 1
            for name in rec.violated:
                self.violations[name] += 1
            if rec.error:
                self.stats['nan'] += 1
                self.nan_error = self.nan_error or rec.error
        else:
            self.stats['feasible'] += 1

    def _handle(self, outcome: Outcome) -> None:
        task = outcome.task
        number = task.number
        params = self.inflight[number]
        if not outcome.ok:
            self.study.record_attempt(number, task.attempt, outcome.status, outcome.error,
                                      outcome.started, outcome.finished, outcome.worker)
            if task.attempt <= self.opt.retries:
                log.warning('trial %d (%s) %s, retrying (attempt %d of %d)', number, params,
                            outcome.status, task.attempt + 1, self.opt.retries + 1)
                self.retries.append(Task(number, task.payload, task.attempt + 1))
                return
            status = 'failed' if outcome.status == 'error' else outcome.status
            last = (outcome.error or '').strip().splitlines()
            log.warning('trial %d (%s) %s: %s', number, params, status,
                        last[-1] if last else '')
            rec = TrialRecord(number, params, status, False, None, None, {}, {},
                              outcome.error, None, task.attempt, outcome.started,
                              outcome.finished, outcome.worker)
            self.study.record(rec)
            self._finish(number, rec, None, None)
            return
        if self._intermediate(outcome):
            return
        if self.opt.cache is not None:
            self.opt.cache[_cache_key(params)] = outcome.result
        self._complete(number, params, outcome.result, task.attempt, outcome.started,
                       outcome.finished, outcome.worker)

    def _complete(self, number: int, params: dict, payload: dict, attempts: int,
                  started, finished, worker) -> None:
        """Score and store a trial that ran (or came from the result cache)."""
        metrics = payload['metrics']
        if not self.checked:
            self.objective.check(metrics)        # MetricError names the valid metrics
            self.checked = True
        ev = self.objective.evaluate(metrics)
        score = None if _nan(ev.score) else ev.score
        rec = TrialRecord(number, params, 'complete', ev.feasible, score, ev.values, metrics,
                          payload.get('analyzers'), ev.error, ev.violated, attempts,
                          started, finished, worker)
        self.study.record(rec, payload.get('returns'), payload.get('nreturns', 0),
                          payload.get('bars'), payload.get('nbars', 0))
        self._finish(number, rec, None if score is None else ev.signed, ev.values)
        if self.opt.callback is not None and worker != 'cache':
            if self.opt.callback(params, score, metrics) is False:
                log.info('the callback asked to stop the study')
                self.stopping = True

    def _finish(self, number: int, rec: TrialRecord, signed, values) -> None:
        self.inflight.pop(number, None)
        self.finished[number] = (rec.params, signed, rec.feasible, values)
        self._note_best(number, signed, rec.feasible)
        self.stats['done'] += 1
        self.new_trials += 1
        self._count(rec)

    # -- the result -------------------------------------------------------------------------------
    def _explain(self) -> str:
        done = self.stats['done']
        if done == 0:
            if self.space.constraints:
                return ('no trial ran: the parameter constraints (%s) reject every combination '
                        'of the space' % ', '.join(c.spec() for c in self.space.constraints))
            return 'no trial ran'
        parts = []
        if self.stats['failed']:
            last = (self.first_error or '').strip().splitlines()
            parts.append('%d failed (first error: %s)' % (self.stats['failed'],
                                                          last[-1] if last else '?'))
        if self.violations:
            parts.append('%d broke the constraints (%s)' % (
                self.stats['infeasible'] - self.stats['nan'],
                ', '.join('%s: %d' % kv for kv in self.violations.most_common())))
        if self.stats['nan']:
            parts.append('%d scored NaN (%s)' % (self.stats['nan'], self.nan_error))
        if self.stats['pruned']:
            parts.append('%d pruned' % self.stats['pruned'])
        return 'no feasible trial among %d: %s' % (done, '; '.join(parts))

    def _result(self) -> OptimizationResult:
        study, opt = self.study, self.opt
        elapsed = time.monotonic() - self.t0
        best = study.trial(self.best[2]) if self.best is not None else None
        message = ''
        if best is None:
            message = self._explain()
            log.warning('study ended without a best trial: %s', message)
        front = None
        if isinstance(opt.objective, MultiObjective):
            feas = [(r.number, r.values) for r in study.trials('complete')
                    if r.feasible and r.values]
            idx = pareto_front([v for _, v in feas], opt.objective.signs())
            front = [study.trial(feas[i][0]) for i in idx]
        final = None
        if isinstance(self.searcher, MultiStageSearcher):
            final = self.searcher.get_final_params()
        counts = study.counts()
        study.finish('complete' if not self.stopping else 'stopped',
                     searcher_state=self.searcher.state(), elapsed=elapsed)
        if not opt.quiet:
            log.info('study finished: %d trials (%d new) in %.2fs%s', self.stats['done'],
                     self.new_trials, elapsed,
                     '' if best is None else '; best %s=%r at %s' % (
                         opt.objective.name, best.score, best.params))
        return OptimizationResult(study, opt.objective.name, opt.objective.direction, best,
                                  elapsed, study.n_trials, message, front, final, counts,
                                  interrupted=self.stopping)


# ------------------------------------------------------------------------------------------------
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
