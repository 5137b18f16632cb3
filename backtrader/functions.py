"""Compat: upstream's import path ``backtrader.functions``; re-exports the line functions."""
from .lines.logic import (And, Or, If, Max, Min, Sum, Any, All, Cmp, CmpEx, DivByZero,  # noqa: F401
                        DivZeroByZero, Reduce, MultiLogic, MultiLogicReduce, Logic, List)
