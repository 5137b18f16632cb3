"""The study loop behind every optimiser: ask the searcher for proposals,
run them on the executor, store each outcome the moment it finishes, and tell
the searcher outcomes in trial order (a seeded study proposes the same trials
however the workers interleave); a resumed study replays its stored trials
into a fresh searcher and runs only what is missing."""
from __future__ import annotations

import collections
import logging
import time
from typing import Any, Optional

from ..core.errors import StudyMismatchError
from .executors import Executor, Outcome, Task
from .objective import MultiObjective, _nan
from .progress import Progress
from .result import OptimizationResult
from .searchers import MultiStageSearcher, Searcher, pareto_front
from .space import ParamSpace
from .study import Study, TrialRecord
from .workload import StrategyWorkload

__all__ = []

log = logging.getLogger('backtrader.optimizers')

_CHUNK = 64      # proposals asked at a time from streaming searchers (memory stays flat)


# what the study loop needs to know of a stored trial (not its metrics)
_Brief = collections.namedtuple('_Brief', 'status feasible violated error')


def _cache_key(params: dict) -> str:
    return repr(sorted(params.items()))


class _StudyRun:
    """One execution of a study (the engine loop)."""

    def __init__(self, opt: Any, space: ParamSpace, searcher: Searcher,
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
