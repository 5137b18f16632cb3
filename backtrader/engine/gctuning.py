"""The garbage collector's settings around runs (see ``tuned_gc``)."""
from __future__ import annotations

import contextlib
import gc

from .alloctuning import tune_allocator

__all__ = ['tuned_gc']


@contextlib.contextmanager
def tuned_gc(freeze: bool = True):
    """Objects alive before a run (modules, loaded data...) are moved out of
    the cyclic collector's way (``freeze``): its full passes would otherwise
    re-scan them again and again while orders and trades are being created. A
    larger young generation lets the short-lived objects of each order
    (notification copies, fills) die before a collection has to scan them.
    The C allocator is tuned once per process on the way (``tune_allocator``)."""
    tune_allocator()
    if freeze:
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
