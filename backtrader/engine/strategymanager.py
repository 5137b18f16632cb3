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
from ..lines.buffer import LineBuffer
from ..lines.iterator import LineIterator, clock_of
from ..lines.ops import LineActions

__all__ = ['StrategyManager', 'iterize', 'apply_memory_mode']


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
        runstrats = []
        with building(env):
            for stratcls, sargs, skwargs in iterstrat:
                sargs = list(datas) + list(sargs)
                try:
                    strat = stratcls(*sargs, **skwargs)
                except StrategySkipError:
                    continue
                if oldsync:
                    strat._oldsync = True
                if tradehistory:
                    strat.set_tradehistory()
                runstrats.append(strat)
        return runstrats

    def attach_children(self, strat, idx: int, ndatas: int, params) -> None:
        from .. import observers
        if params.stdstats:
            strat._addobserver(False, observers.Broker)
            if params.oldbuysell:
                strat._addobserver(True, observers.BuySell)
            else:
                strat._addobserver(True, observers.BuySell, barplot=True)
            if params.oldtrades or ndatas == 1:
                strat._addobserver(False, observers.Trades)
            else:
                strat._addobserver(False, observers.DataTrades)
        for spec in self.observers:
            strat._addobserver(spec[0], spec[1], *spec[2], **spec[3])
        for spec in self.indicators:
            strat._addindicator(spec[0], *spec[1], **spec[2])
        for spec in self.analyzers:
            strat._addanalyzer(spec[0], *spec[1], **spec[2])
        # without addsizer the strategy keeps the default sizer it was built with
        # (setsizer is not called: a user attribute may shadow it)
        spec = self.sizers.get(idx, self.sizers.get(None))
        if spec is not None:
            sizer, sargs, skwargs = spec
            strat.setsizer(sizer(*sargs, **skwargs))


def _tree(obj):
    yield obj
    for group in obj._lineiterators:
        for child in group:
            if isinstance(child, list):
                for c in child:
                    yield from _tree(c)
            else:
                yield from _tree(child)


def _data_line_needs(objs) -> dict:
    """id(line) -> longest minimum period among the objects reading that line
    as one of their inputs (a whole data feed as input reads all its lines)."""
    need: dict = {}
    for obj in objs:
        mp = getattr(obj, '_minperiod', 1)
        for src in getattr(obj, 'datas', ()):
            lines = (src,) if isinstance(src, LineBuffer) else \
                getattr(getattr(src, 'lines', None), 'lines', ())
            for line in lines:
                if need.get(id(line), 0) < mp:
                    need[id(line)] = mp
    return need


def apply_memory_mode(strat, exactbars: int, resampled: bool = False) -> None:
    """Switch lines to bounded rings per the ``exactbars`` level.

    Rings are sized per clock: the longest minimum period of anything moving
    with that clock, plus one slot. ``resampled``: ``resampledata`` or
    ``replaydata`` was used in the run (every data keeps one more bar).
    """
    if not exactbars:
        return
    extra = 1
    objs = list(_tree(strat))
    capbyclock: dict = {}
    for obj in objs:
        c = clock_of(obj)
        mp = getattr(obj, '_minperiod', 1)
        capbyclock[id(c)] = max(capbyclock.get(id(c), 1), mp)

    def ring(obj) -> None:
        c = clock_of(obj)
        cap = capbyclock.get(id(c), 1) + extra
        for line in obj.lines.lines:
            line.to_ring(cap)

    if exactbars > 0:
        for obj in objs:
            ring(obj)
        # A data line keeps as many bars as the longest minimum period of the
        # objects reading it directly (1 when none does), as upstream's do:
        # reads further back wrap around those bars there too (e.g. a Close
        # order filled from the previous close takes the time and the volume
        # of the current bar when its data keeps one bar). A data loaded
        # through a filter that consumes or rewrites bars (resampling,
        # replaying), or any data of a run using resampledata/replaydata,
        # keeps one bar more, as upstream's: loading a bar and giving it back
        # costs the oldest slot of a ring.
        need = _data_line_needs(objs[1:])         # (the strategy reads what it likes)
        for data in strat.datas:
            dextra = 1 if resampled or data.resampling or data.replaying else 0
            for line in data.lines.lines:
                cap = need.get(id(line), 1) + dextra
                if not line.maxlen or line.maxlen < cap:
                    line.to_ring(cap)
        return
    # exactbars < 0: top-level indicators keep everything, their internals go
    # bounded; strategy-level line operations go bounded too (and with -2 also
    # top-level indicators that are not plotted).
    for ind in strat._lineiterators[LineIterator.IndType]:
        keep = not isinstance(ind, LineActions)
        if keep and exactbars <= -2 and not ind.plotinfo.plot:
            keep = False
        if keep:
            for group in ind._lineiterators:
                for child in group:
                    for obj in _tree(child):
                        ring(obj)
        else:
            for obj in _tree(ind):
                ring(obj)
