"""``cerebro.optstrategy`` on worker processes: the combinations run on the
process executor (forked workers inherit the preloaded datas; runs in a
worker share identical indicators) and come back in combination order, as
upstream's ``Pool.imap`` delivers them. A run that raises re-raises in the
parent, as upstream; a worker that dies raises ``TrialError`` instead of
hanging."""
from __future__ import annotations

from typing import Iterator, Optional

from ..core.errors import TrialError
from ..lines.oncecache import OnceCache, shared_indicators

__all__ = ['run_combinations', 'OptReturn']


class OptReturn:
    """Light result of an optimisation run: ``params``/``p``, ``analyzers``,
    ``strategycls`` (and any extra keyword given)."""

    def __init__(self, params, **kwargs) -> None:
        self.p = self.params = params
        for k, v in kwargs.items():
            setattr(self, k, v)


class OptstrategyWorkload:
    """``run_one(combination, predata)`` (the parent's Cerebro, inherited
    by forked workers) running one combination per task over ``datas``;
    results are ``OptReturn`` lists (or strategies)."""

    def __init__(self, run_one, datas: list, combos: list, predata: bool) -> None:
        self.run_one, self.datas = run_one, datas
        self.combos, self.predata = combos, predata
        self._cache: Optional[OnceCache] = None

    @property
    def fresh_per_task(self) -> bool:
        """Without preload each run reads its datas again through their
        filters, whose state (a replayed bar under way, a resampler's count)
        carries over to the next run in the same process, as upstream's does
        in one process. Upstream's workers run each combination on a fresh
        copy of the Cerebro, so here each one runs in a new worker."""
        return not self.predata

    def open(self) -> None:
        pass

    def run(self, index: int):
        if not self.predata:
            return self.run_one(self.combos[index], False)
        if self._cache is None:
            self._cache = OnceCache(self.datas)
        with shared_indicators(self.datas, self._cache):
            return self.run_one(self.combos[index], True)


def run_combinations(run_one, datas: list, combos: list, maxcpus: Optional[int],
                     predata: bool) -> Iterator[list]:
    """The result of every combination (``run_one(combination, predata)``
    over ``datas``), in order."""
    # multiprocessing (and socket through it) loads only when optimising
    from .executors import ProcessExecutor, Task
    workload = OptstrategyWorkload(run_one, datas, combos, predata)
    executor = ProcessExecutor(min(maxcpus or 1 << 30, max(1, len(combos))) if maxcpus
                               else None, start_method='fork')
    if not maxcpus:
        executor.n_workers = min(executor.n_workers, max(1, len(combos)))
    pending: dict = {}
    nxt_submit = nxt_yield = 0
    executor.start(workload)
    try:
        while nxt_yield < len(combos):
            while executor.free_slots and nxt_submit < len(combos):
                executor.submit(Task(nxt_submit, nxt_submit))
                nxt_submit += 1
            for outcome in executor.as_completed():
                if not outcome.ok:
                    if outcome.exc is not None:
                        raise outcome.exc
                    raise TrialError('optimisation run %d failed: %s'
                                     % (outcome.task.number, outcome.error))
                pending[outcome.task.number] = outcome.result
                break
            while nxt_yield in pending:
                yield pending.pop(nxt_yield)
                nxt_yield += 1
    finally:
        executor.shutdown()
