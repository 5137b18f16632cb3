"""Strict mode: opt-in checks that upstream does not make.

By default the project accepts exactly what upstream 1.9.78.123 accepts (unknown
keywords a base class would swallow, orders without prices, size 0, NaN, ...),
so that legacy scripts run unchanged. Strict mode turns the checks that catch
user mistakes into typed errors (``ParameterError`` naming the valid
parameters, ``OrderError`` naming the order and the field at fault).

One process-wide switch, read where a check would run (object construction,
order creation):

* ``bt.Cerebro(strict=True)``: on while that cerebro runs (strategies,
  indicators, analyzers, observers, sizers and orders are created then);
* ``bt.set_strict(True)`` / ``with bt.strict_mode():``: for everything created
  meanwhile, e.g. data feeds or objects built outside a run.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Optional

__all__ = ['enabled', 'set_strict', 'strict_mode', 'ENABLED']

#: the switch itself (a module attribute: one dictionary lookup where read)
ENABLED = False


def enabled() -> bool:
    """True while strict mode is on."""
    return ENABLED


def set_strict(on: bool = True) -> bool:
    """Turn strict mode on or off for the whole process; returns the previous state."""
    global ENABLED
    previous, ENABLED = ENABLED, bool(on)
    return previous


@contextmanager
def strict_mode(on: Optional[bool] = True) -> Iterator[None]:
    """Strict mode on (or off, with ``on=False``) while the body runs; None
    leaves the current state alone."""
    if on is None:
        yield
        return
    previous = set_strict(on)
    try:
        yield
    finally:
        set_strict(previous)
