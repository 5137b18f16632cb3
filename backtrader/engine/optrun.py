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
from .executors import ProcessExecutor, Task

__all__ = ['run_combinations']


class OptstrategyWorkload:
    """The parent's Cerebro (inherited by forked workers) running one
    combination per task; results are ``OptReturn`` lists (or strategies)."""

    def __init__(self, cerebro, combos: list, predata: bool) -> None:
        self.cerebro, self.combos, self.predata = cerebro, combos, predata
        self._cache: Optional[OnceCache] = None

    def open(self) -> None:
        pass

    def run(self, index: int):
        cerebro = self.cerebro
        if not self.predata:
            return cerebro._runs_one(self.combos[index], False)
        if self._cache is None:
            self._cache = OnceCache(cerebro.datas)
        with shared_indicators(cerebro.datas, self._cache):
            return cerebro._runs_one(self.combos[index], True)


def run_combinations(cerebro, combos: list, maxcpus: Optional[int],
                     predata: bool) -> Iterator[list]:
    """The result of every combination, in order."""
    workload = OptstrategyWorkload(cerebro, combos, predata)
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
