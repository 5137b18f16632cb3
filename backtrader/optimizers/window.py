"""One backtest window: a ``cerebro_factory`` whose data feeds are limited
to a date range (walk-forward folds and pruned Optuna steps use it)."""
from __future__ import annotations

import datetime as _dt
from typing import Callable, Optional, Sequence

from .workload import build_cerebro

__all__ = ['WindowFactory']


class WindowFactory:
    """A ``cerebro_factory`` for one window: the user's factory called with
    ``fromdate``/``todate``, or a Cerebro built from re-created data feeds
    (picklable: spawned workers can use it)."""

    def __init__(self, fromdate: Optional[_dt.datetime], todate: Optional[_dt.datetime],
                 factory: Optional[Callable] = None, strategy: Optional[type] = None,
                 datas: Sequence = (), cash: Optional[float] = None,
                 commission: Optional[float] = None, analyzers: Sequence = (),
                 cerebro_kwargs: Optional[dict] = None) -> None:
        self.fromdate, self.todate = fromdate, todate
        self.factory, self.strategy = factory, strategy
        self.feeds = [(type(d), dict(d.p._getkwargs())) for d in datas]
        self.cash, self.commission = cash, commission
        self.analyzers = list(analyzers)
        self.cerebro_kwargs = dict(cerebro_kwargs or {})

    def __call__(self):
        if self.factory is not None:
            return self.factory(fromdate=self.fromdate, todate=self.todate)
        datas = []
        for cls, kwargs in self.feeds:
            kwargs = dict(kwargs)
            if self.fromdate is not None:
                kwargs['fromdate'] = self.fromdate
            if self.todate is not None:
                kwargs['todate'] = self.todate
            datas.append(cls(**kwargs))
        cerebro = build_cerebro(datas, self.cash, self.commission, self.analyzers,
                                self.cerebro_kwargs)
        cerebro.addstrategy(self.strategy)
        return cerebro
