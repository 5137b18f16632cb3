"""The garbage collector's settings around runs (see ``tuned_gc``)."""
from __future__ import annotations

import contextlib
import gc
from typing import Callable, Optional

from .alloctuning import tune_allocator

__all__ = ['tuned_gc', 'RunsCollector']


@contextlib.contextmanager
def tuned_gc(freeze: bool = True, bars_run: Optional[Callable[[], int]] = None):
    """Objects alive before a run (modules, loaded data...) are moved out of
    the cyclic collector's way (``freeze``): its full passes would otherwise
    re-scan them again and again while orders and trades are being created. A
    larger young generation lets the short-lived objects of each order
    (notification copies, fills) die before a collection has to scan them.
    The C allocator is tuned once per process on the way (``tune_allocator``).

    Runs one after another in a process (a notebook, a loop over runs) leave
    their strategy trees to the collector when their results are dropped;
    frozen with the live objects, that garbage would stay through every later
    run (the reference workload left ~100 MB a run behind, and runs slowed
    down). So a frozen run first collects what earlier runs left, as often as
    ``RunsCollector`` does between a study's runs (``bars_run()``, called at
    the end, tells the bars a run went through)."""
    tune_allocator()
    if freeze:
        if _AFTER_RUNS.due():
            _AFTER_RUNS.collect()
        gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 50000), max(thresholds[1], 20),
                     max(thresholds[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()
            _AFTER_RUNS.add(_bars_of(bars_run))


def _bars_of(bars_run: Optional[Callable[[], int]]) -> int:
    # (counted on the way out of a run that may have raised: never masks its error)
    try:
        return bars_run() if bars_run is not None else 0
    except Exception:
        return 0


class RunsCollector:
    """Full collections between the repeated runs of one Cerebro (a study's
    trials, ``optstrategy``'s combinations in a worker or in one process): a finished run's
    strategy tree is cyclic, and collecting it before the next run lets that
    run reuse its line arrays instead of faulting in fresh pages. One every
    ``per_collect`` runs, a run over more bars counting as several (every
    run, for long ones)."""

    per_collect, bars_per_run = 4, 12_500

    def __init__(self) -> None:
        self.weight = 0         # runs (weighted) since the last collection

    def add(self, bars: int) -> int:
        """Count a run over ``bars`` bars; returns its weight."""
        units = max(1, bars // self.bars_per_run)
        self.weight += units
        return units

    def due(self) -> bool:
        """True when the runs counted call for a collection."""
        return self.weight > self.per_collect

    def before_run(self, bars: int, broker) -> None:
        """Called before a run over ``bars`` bars with ``broker``."""
        units = self.add(bars)
        if self.due():
            self.collect(broker, units)

    def collect(self, broker=None, counted: int = 0) -> None:
        """Collect now; ``counted``: the weight already counted for the run
        about to start. The broker keeps the last run's orders until it
        starts again: they are let go first, so the collection does not scan
        them."""
        release = getattr(broker, '_release_orders', None)
        if release is not None:
            release()
        gc.collect()
        self.weight = counted


# the standalone runs of this process (see tuned_gc)
_AFTER_RUNS = RunsCollector()
