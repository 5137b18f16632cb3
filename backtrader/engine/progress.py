"""Opt-in progress bars (``cerebro.run(progress=True)``), drawn by tqdm on stderr.

A run's bar is fed by a watcher thread that reads the datas' clocks a few times
a second: the run loops do no work for it, on or off, so the hot path is the
same as without a bar and stdout stays untouched. An optimisation shows one bar
of combinations instead, moved by the combination loop after each run.
"""
from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, Optional, Sequence

__all__ = ['bars_progress', 'combinations_progress']

_POLL_SECONDS = 0.25          # how often the watcher reads the clocks
_MIN_REFRESH = 0.2            # tqdm redraws at most this often


def _new_bar(total: Optional[int], desc: str, unit: str):
    from tqdm import tqdm   # only imported when a bar is asked for
    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, mininterval=_MIN_REFRESH,
                dynamic_ncols=True, leave=True)


def _bars_done(datas: Sequence) -> int:
    return sum(len(d) for d in datas)


@contextmanager
def bars_progress(enabled: bool, datas: Sequence, preloaded: bool) -> Iterator[None]:
    """Show bars processed (and, when the datas are preloaded, the total and
    ETA) while the body runs the loops over ``datas``."""
    if not enabled:
        yield
        return
    total = sum(d.buflen() for d in datas) if preloaded else None
    bar = _new_bar(total or None, 'backtest', 'bar')
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(_POLL_SECONDS):
            bar.n = _bars_done(datas)
            bar.refresh()

    watcher = threading.Thread(target=watch, name='backtrader-progress', daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()
        bar.n = _bars_done(datas)
        bar.close()


@contextmanager
def combinations_progress(enabled: bool, total: int) -> Iterator[Callable[[], None]]:
    """Yield a function to call once per finished combination (a no-op when
    ``enabled`` is false): the bar shows combinations done of ``total`` and
    the ETA."""
    if not enabled:
        yield _nothing
        return
    bar = _new_bar(total, 'optimisation', 'run')
    try:
        yield lambda: bar.update(1)
    finally:
        bar.close()


def _nothing() -> None:
    pass
