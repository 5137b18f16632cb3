"""``OptimizationResult``: what an optimisation returns -- the best
parameters and score, every trial (read lazily from the study, so a large
study is not held in memory), timing, and, for multi-objective studies, the
Pareto front."""
from __future__ import annotations

from typing import Any, Iterator, Optional

from ..core.errors import NoFeasibleTrialError
from .study import Study, TrialRecord

__all__ = ['OptimizationResult', 'TrialList']


class TrialList:
    """The study's trials as a read-only sequence (streamed from SQLite)."""

    def __init__(self, study: Study) -> None:
        self._study = study

    def __len__(self) -> int:
        return self._study.n_trials

    def __iter__(self) -> Iterator[TrialRecord]:
        return self._study.trials()

    def __getitem__(self, index):
        numbers = self._study.numbers()
        if isinstance(index, slice):
            return [self._study.trial(n) for n in numbers[index]]
        return self._study.trial(numbers[index])

    def to_dataframe(self, metrics: bool = True):
        """Every trial as a pandas DataFrame."""
        return self._study.to_dataframe(metrics=metrics)

    def __repr__(self) -> str:
        return '<%d trials>' % len(self)


class OptimizationResult:
    """Result of ``optimize()`` / ``ParamOptimizer.run()``.

    ``best_params``/``best_score`` (alias ``best_metric``) are None when no
    trial completed feasibly; ``message`` then says why and ``get_best()``
    raises ``NoFeasibleTrialError`` with that explanation.
    """

    def __init__(self, study: Study, metric_name: str, direction: str,
                 best: Optional[TrialRecord], optimization_time: float, total_runs: int,
                 message: str = '', pareto_front: Optional[list] = None,
                 final_params: Optional[dict] = None, counts: Optional[dict] = None,
                 interrupted: bool = False) -> None:
        self.study = study
        self.metric_name = metric_name
        self.direction = direction
        self.best_trial = best
        self.best_params = dict(best.params) if best is not None else None
        self.best_score = best.score if best is not None else None
        self.best_metrics = dict(best.metrics) if best is not None else None
        self.optimization_time = optimization_time
        self.total_runs = total_runs
        self.message = message
        self.pareto_front = pareto_front
        self.final_params = final_params if final_params is not None else self.best_params
        self.counts = counts or {}
        self.interrupted = interrupted

    # -- the requirements' names ------------------------------------------------------------------
    @property
    def best_metric(self) -> Optional[float]:
        """Alias of ``best_score``."""
        return self.best_score

    @property
    def all_results(self) -> TrialList:
        """Every trial (streamed from the study)."""
        return TrialList(self.study)

    results = all_results

    @property
    def all_results_df(self):
        """Every trial as a pandas DataFrame (parameters, status, score, metrics)."""
        return self.study.to_dataframe()

    def to_dataframe(self, metrics: bool = True):
        """Every trial as a pandas DataFrame."""
        return self.study.to_dataframe(metrics=metrics)

    def get_best(self, n: Optional[int] = None) -> Any:
        """The best trial (``n``: the ``n`` best, a list)."""
        if self.best_trial is None:
            raise NoFeasibleTrialError(self.message or 'no trial completed feasibly')
        if n is None:
            return self.best_trial
        return self.study.best(self.direction, n)

    def get_final_params(self) -> Optional[dict]:
        """The final parameters (multi-stage: the last stage's best; else the best)."""
        return self.final_params

    def to_csv(self, path: str) -> None:
        """Write every trial as CSV."""
        self.study.to_csv(path)

    def to_json(self, path: Optional[str] = None) -> str:
        """The study as JSON text (written to ``path`` when given)."""
        return self.study.to_json(path)

    def summary(self) -> str:
        """A few lines: counts, time, the best."""
        lines = ['%d trials in %.2fs (%s)' % (self.total_runs, self.optimization_time,
                                              ', '.join('%s %d' % kv for kv in
                                                        sorted(self.counts.items())))]
        if self.best_trial is not None:
            lines.append('best %s = %r at %s' % (self.metric_name, self.best_score,
                                                 self.best_params))
        if self.message:
            lines.append(self.message)
        return '\n'.join(lines)

    def __repr__(self) -> str:
        return 'OptimizationResult(best_params=%r, best_score=%r, total_runs=%d)' % (
            self.best_params, self.best_score, self.total_runs)
