"""``Count``: ``itertools.count`` for objects that get pickled or copied.

Python 3.14 can no longer pickle, copy or deepcopy ``itertools`` iterators
(3.12 and 3.13 warn). A cerebro and a strategy number their strategies and
analyzers with a counter held on the instance, and both are pickled (results
of ``optstrategy`` coming back from worker processes, ``copy.deepcopy`` of a
strategy): their counters are these.
"""
from __future__ import annotations

__all__ = ['Count']


class Count:
    """``next()`` gives ``start``, ``start + step``, ... as ``itertools.count``."""

    def __init__(self, start: int = 0, step: int = 1) -> None:
        self.value = start
        self.step = step

    def __iter__(self) -> 'Count':
        return self

    def __next__(self) -> int:
        value = self.value
        self.value = value + self.step
        return value

    def __repr__(self) -> str:
        return 'Count(%r)' % (self.value,) if self.step == 1 else \
            'Count(%r, %r)' % (self.value, self.step)
