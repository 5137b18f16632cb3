"""The valuation formula of the simulated broker, written once.

The portfolio value is cash plus, for every open position, what of the
position's value belongs to the holder: a positive value counts its cost net
of borrowed money (``(value - pnl) / leverage``) plus the unrealized pnl, a
negative one (a short) counts whole. Positions are added in the order the
broker first used them (float sums depend on the order).

The functions are plain arithmetic; the one branch is a ``select`` of one of
two computed values: ``operator.getitem`` on a pair for floats (the per-bar
valuation), ``select_arrays`` for numpy arrays (the one-pass valuation of
many deferred bars). Both forms are the same float operations, so they give
the same figures. Both branches are computed: a leverage of 0 fails here.
"""
from __future__ import annotations

from operator import getitem
from typing import Any, Callable

import numpy as np

__all__ = ['add_position', 'stock_position', 'held_figures', 'select_arrays']


def select_arrays(choices: tuple, cond: np.ndarray) -> np.ndarray:
    """``choices[cond]`` element by element: ``getitem`` over arrays."""
    no, yes = choices
    return np.where(cond, yes, no)


def add_position(acc: Any, dvalue: Any, unrealized: Any, leverage: Any,
                 select: Callable = getitem) -> Any:
    """``acc`` plus the holder's part of a position valued ``dvalue`` with
    ``unrealized`` pnl, bought with ``leverage``."""
    return select((acc + dvalue, acc + (dvalue - unrealized) / leverage + unrealized),
                  dvalue > 0)


def stock_position(acc: Any, size: Any, price: Any, close: Any, mult: Any, leverage: Any,
                   select: Callable = getitem) -> tuple:
    """(value, unrealized pnl, ``acc`` plus the holder's part) of a
    stock-like position of ``size`` entered at ``price``, at ``close``: what
    ``CommInfoBase.getvaluesize`` and ``profitandloss`` compute, inline."""
    dvalue = size * close
    unrealized = size * (close - price) * mult
    return dvalue, unrealized, add_position(acc, dvalue, unrealized, leverage, select)


def held_figures(cash: float, pairs, terms) -> tuple:
    """(value, (cash, positions value, unlevered positions value, unrealized
    pnl)) of ``cash`` and stock-like positions: ``pairs`` their (size,
    price), ``terms`` their (close, mult, leverage), summed in that order (as
    ``Ledger.revalue``)."""
    pos_value = unlevered = unrealized = 0.0
    for (close, mult, leverage), (size, price) in zip(terms, pairs):
        dvalue, dunrealized, unlevered = stock_position(unlevered, size, price, close, mult,
                                                        leverage)
        pos_value += dvalue
        unrealized += dunrealized
    return cash + unlevered, (cash, pos_value, unlevered, unrealized)
