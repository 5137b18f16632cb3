"""Small statistics helpers used by the analyzers (``bt.mathsupport``).

Sums use ``math.fsum`` (exactly rounded), so results do not depend on the
order of the values.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ['average', 'variance', 'standarddev']


def average(x: Sequence[float], bessel: bool = False) -> float:
    """Mean of ``x``; with ``bessel`` the sum is divided by ``len(x) - 1``.

    Raises ``ZeroDivisionError`` for an empty sequence (or a single value with
    ``bessel``)."""
    return math.fsum(x) / (len(x) - bessel)


def variance(x: Sequence[float], avgx: float | None = None) -> list:
    """Squared deviations of each value from ``avgx`` (default: the mean of ``x``)."""
    if avgx is None:
        avgx = average(x)
    return [pow(y - avgx, 2.0) for y in x]


def standarddev(x: Sequence[float], avgx: float | None = None, bessel: bool = False) -> float:
    """Standard deviation of ``x`` (population, or sample with ``bessel``)."""
    return math.sqrt(average(variance(x, avgx), bessel=bessel))
