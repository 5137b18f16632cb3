"""``ParamOptimizer``: the simple API -- a factory, a grid of parameters, one
metric -- on the same study engine as the optimisers."""
from __future__ import annotations

from typing import Callable, Optional, Union

from .optimizer import GridSearchOptimizer
from .result import OptimizationResult
from .space import ParamSpace

__all__ = ['ParamOptimizer']


class ParamOptimizer:
    """Grid search of ``param_space`` (a ``ParamSpace`` or a dict of values)
    over the Cerebro that ``cerebro_factory()`` returns, ranked by ``metric``
    (any metric name, ``'sharpe'`` by default).

    ``run()`` uses ``max_workers`` processes (None: every core),
    ``run_sequential()`` this process. With ``cache=True`` results are kept by
    parameters: a later run (say over a larger grid) only runs the
    combinations not seen yet. Extra keywords (``study=``, ``trial_timeout=``,
    ``retries=``, ``quiet=``...) go to the study engine.
    """

    def __init__(self, cerebro_factory: Callable, param_space: Union[ParamSpace, dict],
                 metric: str = 'sharpe', maximize: bool = True,
                 max_workers: Optional[int] = None, cache: bool = True, **options) -> None:
        self.cerebro_factory = cerebro_factory
        self.param_space = param_space if isinstance(param_space, ParamSpace) else \
            ParamSpace(param_space)
        self.metric = metric
        self.maximize = maximize
        self.max_workers = max_workers
        self.cache = cache
        self.options = dict(options)
        self.options.setdefault('progress', False)
        self._cache: Optional[dict] = {} if cache else None
        self.result: Optional[OptimizationResult] = None

    def _optimizer(self, n_jobs: Optional[int], callback) -> GridSearchOptimizer:
        return GridSearchOptimizer(self.cerebro_factory, objective=self.metric,
                                   maximize=self.maximize, n_jobs=n_jobs, callback=callback,
                                   cache=self._cache, **self.options)

    def _run(self, n_jobs, progress_callback) -> OptimizationResult:
        total = len([1 for _ in self.param_space.grid()]) if self.param_space.finite else None
        state = {'done': 0}
        callback = None
        if progress_callback is not None:
            def callback(params, score, metrics):
                state['done'] += 1
                progress_callback(state['done'], total, params, score)
        self.result = self._optimizer(n_jobs, callback).optimize(self.param_space)
        return self.result

    def run(self, progress_callback: Optional[Callable] = None) -> OptimizationResult:
        """Every combination on ``max_workers`` processes;
        ``progress_callback(done, total, params, score)`` after each new trial."""
        return self._run(self.max_workers if self.max_workers is not None else -1,
                         progress_callback)

    def run_sequential(self, progress_callback: Optional[Callable] = None
                       ) -> OptimizationResult:
        """Every combination in this process, one after the other."""
        return self._run(1, progress_callback)
