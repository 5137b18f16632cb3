"""Relative Momentum Index: an RSI on changes over ``lookback`` bars."""
from __future__ import annotations

from .rsi import RSI

__all__ = ['RelativeMomentumIndex', 'RMI']


class RelativeMomentumIndex(RSI):
    """RSI with ``period=20`` and ``lookback=5``; line ``rsi`` also named ``rmi``."""

    alias = ('RMI',)
    linealias = (('rsi', 'rmi'),)
    params = (('period', 20), ('lookback', 5),)
    plotlines = dict(rsi=dict(_name='rmi'))

    def _plotlabel(self) -> list:
        plabels = [self.p.period, self.p.lookback]
        plabels += [self.p.movav] * self.p.notdefault('movav')
        return plabels
