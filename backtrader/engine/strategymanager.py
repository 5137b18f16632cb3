"""``StrategyManager``: what strategies to run (plain or optimised parameter
combinations) and everything attached to them — observers, analyzers,
indicators, sizers — plus building them for one run."""
from __future__ import annotations

import collections
import itertools
import math
from typing import Any

from ..core.context import building
from ..core.errors import SignalError, StrategySkipError
from ..strategykit.driver import StrategyDriver
from ..strategykit.memory import apply_memory_mode, bound_memory

__all__ = ['StrategyManager', 'iterize', 'apply_memory_mode', 'bound_memory']


def iterize(iterable) -> list:
    """Wrap strings and non-iterables into 1-tuples."""
    out = []
    for elem in iterable:
        if isinstance(elem, str) or not hasattr(elem, '__iter__'):
            elem = (elem,)
        out.append(elem)
    return out


class StrategyManager:
    """Strategy specs and per-strategy children (observers, analyzers...)."""

    def __init__(self) -> None:
        self.strats: list = []
        self.optimizing = False
        self.observers: list = []
        self.analyzers: list = []
        self.indicators: list = []
        self.sizers: dict = {}
        self.signals: list = []
        self.signal_strat = (None, (), {})
        self.signal_concurrent = False
        self.signal_accumulate = False

    def add(self, strategy, *args, **kwargs) -> int:
        self.strats.append([(strategy, args, kwargs)])
        return len(self.strats) - 1

    def add_optimised(self, strategy, *args, **kwargs) -> None:
        """Every value is a sequence of candidates; one run per element of the
        cartesian product (positional candidates vary slowest)."""
        self.optimizing = True
        keys = list(kwargs)
        kwsets = [dict(zip(keys, combo))
                  for combo in itertools.product(*iterize(kwargs.values()))]
        self.strats.append([(strategy, argset, kw)
                            for argset in itertools.product(*iterize(args))
                            for kw in kwsets])

    def add_signal_strategy(self) -> None:
        """With signals registered: schedule the strategy trading them (the
        class given to ``signal_strategy``, default ``SignalStrategy``)."""
        if not self.signals:
            return
        stratcls, args, kwargs = self.signal_strat
        if stratcls is None:
            if self.strats:
                # upstream fails here too (ValueError): it does not pick the
                # class itself when other strategies were added
                raise SignalError(
                    'add_signal with strategies added by addstrategy/optstrategy: name the '
                    'class receiving the signals with cerebro.signal_strategy(cls)')
            from ..signalstrategy import SignalStrategy
            stratcls, args, kwargs = SignalStrategy, (), {}
        self.add(stratcls, *args, signals=self.signals, _accumulate=self.signal_accumulate,
                 _concurrent=self.signal_concurrent, **kwargs)

    def combinations(self):
        """One tuple of (cls, args, kwargs) per run."""
        return itertools.product(*self.strats)

    def ncombinations(self) -> int:
        """How many runs ``combinations`` yields."""
        return math.prod(len(specs) for specs in self.strats)

    # -- building a run -------------------------------------------------------------
    def instantiate(self, iterstrat, datas, env, tradehistory: bool, oldsync: bool) -> list:
        """Build the strategies of one combination on ``datas``; returns
        their drivers (a strategy raising ``StrategySkipError`` is left out)."""
        drivers = []
        with building(env):
            for stratcls, sargs, skwargs in iterstrat:
                sargs = list(datas) + list(sargs)
                try:
                    strat = stratcls(*sargs, **skwargs)
                except StrategySkipError:
                    continue
                driver = StrategyDriver(strat)
                if oldsync:
                    driver.use_oldsync()
                if tradehistory:
                    strat.set_tradehistory()
                drivers.append(driver)
        return drivers

    def attach_children(self, driver, idx: int, ndatas: int, params) -> None:
        """Add the observers, indicators, analyzers and sizer scheduled for
        every strategy (``idx``: the strategy's index) to ``driver``'s."""
        from .. import observers
        if params.stdstats:
            driver.add_observer(False, observers.Broker)
            if params.oldbuysell:
                driver.add_observer(True, observers.BuySell)
            else:
                driver.add_observer(True, observers.BuySell, barplot=True)
            if params.oldtrades or ndatas == 1:
                driver.add_observer(False, observers.Trades)
            else:
                driver.add_observer(False, observers.DataTrades)
        for spec in self.observers:
            driver.add_observer(spec[0], spec[1], *spec[2], **spec[3])
        for spec in self.indicators:
            driver.add_indicator(spec[0], *spec[1], **spec[2])
        for spec in self.analyzers:
            driver.add_analyzer(spec[0], *spec[1], **spec[2])
        # without addsizer the strategy keeps the default sizer it was built with
        # (setsizer is not called: a user attribute may shadow it)
        spec = self.sizers.get(idx, self.sizers.get(None))
        if spec is not None:
            sizer, sargs, skwargs = spec
            driver.strategy.setsizer(sizer(*sargs, **skwargs))
