"""Know Sure Thing (Pring): weighted sum of smoothed rates of change."""
from __future__ import annotations

from .base import Indicator
from .momentum import ROC100
from .sma import SMA

__all__ = ['KnowSureThing', 'KST']


class KnowSureThing(Indicator):
    """``kst = sum(rfactors[i] * _rmovav(ROC100(x, rp_i), rma_i))``;
    ``signal = _smovav(kst, rsignal)``."""

    alias = ('KST',)
    lines = ('kst', 'signal',)
    params = (('rp1', 10), ('rp2', 15), ('rp3', 20), ('rp4', 30),
              ('rma1', 10), ('rma2', 10), ('rma3', 10), ('rma4', 10),
              ('rsignal', 9), ('rfactors', [1.0, 2.0, 3.0, 4.0]),
              ('_rmovav', SMA), ('_smovav', SMA),)
    plotinfo = dict(plothlines=[0.0])

    def __init__(self) -> None:
        p = self.p
        pairs = ((p.rp1, p.rma1), (p.rp2, p.rma2), (p.rp3, p.rma3), (p.rp4, p.rma4))
        terms = [factor * p._rmovav(ROC100(self.data, period=roc), period=ma)
                 for factor, (roc, ma) in zip(p.rfactors, pairs)]
        self.l.kst = sum(terms)
        self.l.signal = p._smovav(self.l.kst, period=p.rsignal)
        super().__init__()
