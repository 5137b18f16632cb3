"""The valuation formula of the simulated broker, written once.

The portfolio value is cash plus, for every open position, what of the
position's value belongs to the holder: a positive value counts its cost net
of borrowed money (``(value - pnl) / leverage``) plus the unrealized pnl, a
negative one (a short) counts whole. Positions are added in the order the
broker first used them (float sums depend on the order).

The functions are plain arithmetic with the branch passed in as ``where``: the
default picks between two floats, ``numpy.where`` between two arrays, so the
per-bar valuation and the one-pass valuation of many deferred bars are the
same float operations and give the same figures.
"""
from __future__ import annotations

from typing import Any, Callable

__all__ = ['add_position', 'stock_figures', 'held_figures']


def _pick(cond: bool, yes: float, no: float) -> float:
    return yes if cond else no


def add_position(acc: Any, dvalue: Any, unrealized: Any, leverage: Any,
                 where: Callable = _pick) -> Any:
    """``acc`` plus the holder's part of a position valued ``dvalue`` with
    ``unrealized`` pnl, bought with ``leverage`` (both branches are computed:
    a leverage of 0 is refused here)."""
    return where(dvalue > 0, acc + (dvalue - unrealized) / leverage + unrealized, acc + dvalue)


def stock_figures(size: Any, price: Any, close: Any, mult: Any) -> tuple:
    """(value, unrealized pnl) of a stock-like position of ``size`` entered at
    ``price``, at ``close``: what ``CommInfoBase.getvaluesize`` and
    ``profitandloss`` compute, without their calls."""
    return size * close, size * (close - price) * mult


def held_figures(close: Any, cash: Any, size: Any, price: Any, mult: Any, leverage: Any,
                 where: Callable = _pick) -> tuple:
    """(value, positions value, unlevered positions value, unrealized pnl)
    of ``cash`` and one stock-like position."""
    dvalue, unrealized = stock_figures(size, price, close, mult)
    unlevered = add_position(0.0, dvalue, unrealized, leverage, where)
    return cash + unlevered, 0.0 + dvalue, unlevered, 0.0 + unrealized
