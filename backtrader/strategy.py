"""``Strategy``: the user's trading logic, stepped bar by bar by the engine.

A strategy has its own clock (its ``datetime`` line grows when any data
delivers a bar). Indicators built in ``__init__`` attach to it automatically;
observers and analyzers are added by the engine. Per bar it receives the
broker's notifications (orders, trades, cash/value), then ``prenext``,
``nextstart`` or ``next`` according to the minimum periods of its indicators.
"""
from __future__ import annotations

import collections
import copy
import datetime as _dt
import itertools
import operator
from typing import Any, Optional

from .core.context import find_owner, building
from .core.descriptors import InstanceLookup
from .lines.buffer import Clock
from .lines.iterator import StrategyBase, LineIterator
from .lines.root import LineRoot
from .order import BuyOrder, Order, SellOrder
from .sizers.fixedsize import FixedSize
from .strategykit.collection import ItemCollection
from .strategykit.driver import StrategyDriver, start_run, stop_run
from .strategykit.layout import (hook_live as _hook_live, hook_overridden as _hook_overridden,
                                 lay_out)
from .strategykit.hooks import StrategyHooks
from .strategykit.memory import apply_memory_mode
from .strategykit.orders import OrderEntry
from .strategykit.positions import PositionAccess
from .strategykit.writing import WriterOutput
from .trade import Trade
from .utils.autodict import AutoOrderedDict, AutoDictList, DotDict
from .utils.count import Count

__all__ = ['Strategy', 'MetaStrategy', 'ItemCollection', 'StrategyDriver']


# Makes a strategy's StateManager (``strategy.state``); set by backtrader.state,
# which sits above this layer.
_state_factory = None


def set_state_factory(factory) -> None:
    """Install the maker of ``strategy.state`` (called by ``backtrader.state``)."""
    global _state_factory
    _state_factory = factory


class _StateOnFirstUse(InstanceLookup):
    """``strategy.state``: the strategy's ``StateManager``, made on first read
    (a strategy that never reads it pays nothing). A user's own attribute
    ``state`` wins: it lands in the instance and hides this; the manager
    stays reachable by the engine as ``_bt_state``."""

    __slots__ = ()

    def lookup(self, obj):
        manager = obj.__dict__.get('_bt_state')
        if manager is None:
            if _state_factory is None:
                raise AttributeError('state')
            manager = obj.__dict__['_bt_state'] = _state_factory(obj)
        obj.__dict__['state'] = manager
        return manager


class Strategy(StrategyHooks, OrderEntry, PositionAccess, WriterOutput, StrategyBase):
    """Base class for user strategies (see the Strategy API in the docs).

    Its API comes in groups: order entry (``strategykit/orders.py``), the
    hooks to override (``strategykit/hooks.py``), the positions
    (``strategykit/positions.py``), writer output
    (``strategykit/writing.py``); the engine runs it through a
    ``StrategyDriver`` (``strategykit/driver.py``) and its trades are built
    by the trade ledger (``strategykit/ledger.py``)."""

    lines = ('datetime',)
    csv = True
    _ltype = LineIterator.StratType
    _oldsync = False
    _st_order = _st_trade = _hears_unfilled = True     # until _start knows better
    _plain_orders = False

    state = _StateOnFirstUse('state')

    def __init_subclass__(cls, **kwargs):
        # legacy hook names
        for old, new in (('notify', 'notify_order'), ('notify_operation', 'notify_trade')):
            if old in cls.__dict__ and new not in cls.__dict__:
                setattr(cls, new, cls.__dict__[old])
        super().__init_subclass__(**kwargs)

    # -- construction -------------------------------------------------------------------
    def _bt_findowner(self):
        return None

    def _bt_collect_datas(self, args, owner):
        args = list(args)
        datas = []
        while args and isinstance(args[0], LineRoot):
            datas.append(args.pop(0))
        return datas, args

    def _bt_choose_clock(self, datas, owner):
        return Clock(self)

    def _bt_preinit_hook(self) -> None:
        env = find_owner(_EnvMarker)
        # the engine reads _env: a user may store their own ``env`` or ``cerebro``
        self.env = self.cerebro = self._env = env
        self.broker = env.broker if env is not None else None
        self._id = next(env._stratid) if env is not None else 0
        # the default sizer is there during __init__; Cerebro's addsizer replaces it
        # after __init__ (through setsizer)
        self._sizer = FixedSize()
        self._sizer.set(self, self.broker)
        self._orderspending = []
        self._tradespending = []
        self.writers = []
        self._trades = collections.defaultdict(AutoDictList)
        # every fill booked into the trades in booking order, as (order, fill, bar
        # datetime), and a copy of each trade as it closed: backtrader.results reads them
        self._fill_log = []
        self._closed_trades = []
        self._tradehistoryon = False
        self.stats = self.observers = ItemCollection()
        self.analyzers = ItemCollection()
        self._alnames = collections.defaultdict(Count)
        self._slavesanalyzers = []
        self._minperstatus_done = False
        self._dlens = None
        self._timers = []
        self._last_status = 1
        self._analyzed = 0
        self._pos0 = None
        self._next_inds = self._lineiterators[0]
        self._followerclocks = {}
        self._sclock = self.lines._clock
        self._dtline = self.lines.datetime

    def _get_stats(self) -> ItemCollection:
        # a broker deferring its figures (runonce) writes the observers' cash
        # and value first, so what is read through here is up to date
        if self.broker is not None:
            self.broker._sync_history()
        return self._stats

    def _set_stats(self, stats: ItemCollection) -> None:
        self._stats = stats

    stats = observers = property(_get_stats, _set_stats,
                                 doc='The observers (``self.stats.broker`` ...).')

    # -- children registration ---------------------------------------------------------------
    def _addanalyzer_slave(self, ancls, *args, **kwargs):
        with building(self):
            analyzer = ancls(*args, **kwargs)
        self._slavesanalyzers.append(analyzer)
        return analyzer

    def _addanalyzer(self, ancls, *args, **kwargs):
        anname = kwargs.pop('_name', '') or ancls.__name__.lower()
        nsuffix = next(self._alnames[anname])
        anname += str(nsuffix or '')
        with building(self):
            analyzer = ancls(*args, **kwargs)
        self.analyzers.append(analyzer, anname)

    def _addobserver(self, multi: bool, obscls, *obsargs, **obskwargs):
        obsname = obskwargs.pop('obsname', '')
        if not obsname:
            obsname = obscls.__name__.lower()
        if not multi:
            newargs = list(itertools.chain(self.datas, obsargs))
            with building(self):
                obs = obscls(*newargs, **obskwargs)
            self.stats.append(obs, obsname)
            return
        setattr(self.stats, obsname, list())
        obslist = getattr(self.stats, obsname)
        for data in self.datas:
            with building(self):
                obs = obscls(data, *obsargs, **obskwargs)
            obslist.append(obs)

    def _addindicator(self, indcls, *indargs, **indkwargs):
        with building(self):
            indcls(*indargs, **indkwargs)

    def _addwriter(self, writer) -> None:
        # (upstream's list of a strategy's own writers: kept, none is run)
        self.writers.append(writer)

    # -- sizer ---------------------------------------------------------------------------------
    def setsizer(self, sizer):
        """Use ``sizer`` for orders placed without a size; returns it."""
        self._sizer = sizer
        sizer.set(self, self.broker)
        return sizer

    def getsizer(self):
        """The sizer deciding the size of orders placed without one."""
        return self._sizer

    sizer = property(getsizer, setsizer)

    def getsizing(self, data=None, isbuy: bool = True):
        """The size the sizer gives for an order on ``data`` (default: data0)."""
        data = data if data is not None else self.datas[0]
        return self._sizer.getsizing(data, isbuy=isbuy)

    # -- data access ------------------------------------------------------------------------------
    def getdatanames(self) -> list:
        """The names of the datas of the run."""
        return list(self._env.datasbyname.keys())

    def getdatabyname(self, name: str):
        """The data of the run called ``name``."""
        return self._env.datasbyname[name]

    def set_tradehistory(self, onoff: bool = True) -> None:
        """Keep (or not) the history of each trade's updates in ``trade.history``."""
        self._tradehistoryon = onoff

    def add_timer(self, when, offset=_dt.timedelta(), repeat=_dt.timedelta(), weekdays=[],
                  weekcarry=False, monthdays=[], monthcarry=True, allow=None, tzdata=None,
                  cheat=False, *args, **kwargs):
        """Schedule ``self.notify_timer(timer, when, *args, **kwargs)``; see
        ``bt.Timer`` for the parameters. Returns the timer."""
        return self._env._add_timer(self, when, offset, repeat, weekdays, weekcarry,
                                   monthdays, monthcarry, allow, tzdata, False, cheat,
                                   *args, **kwargs)

    # -- run support -------------------------------------------------------------------------------
    def _follower_clock(self, source):
        """Clock for observers following ``source``: it moves when the
        observers run (after ``next``), so during ``next`` observers still
        show the previous bar, as upstream's do."""
        try:
            return self._followerclocks[id(source)][1]
        except KeyError:
            fol = Clock(self)
            self._followerclocks[id(source)] = (source, fol)
            return fol

    def _start(self) -> None:
        # the run starts (subclasses may extend it: StatefulStrategy)
        start_run(self)

    def _stop(self) -> None:
        # the run ends (subclasses may extend it)
        stop_run(self)

    def _bt_relayout(self) -> None:
        """Lay the per-bar hooks out again (an analyzer was added in ``start``)."""
        lay_out(self)

    def clear(self) -> None:
        """Forget the order and trade notifications still pending."""
        if self._orderspending:
            self._orderspending = []
        if self._tradespending:
            self._tradespending = []

    def qbuffer(self, savemem: int = 0, replaying: bool = False) -> None:
        """Keep only the bars the strategy's lines and indicators need
        (upstream's memory saving, ``exactbars``: ``savemem`` 1 everything
        bounded, -1/-2 the top-level indicators kept whole)."""
        apply_memory_mode(self, savemem, replaying)


class _EnvMarker:
    """Mixin marking the object (Cerebro) strategies take as environment."""


from .core.legacymeta import (MetaSigStrategy, MetaStrategy,  # noqa: E402,F401 (upstream's names)
                              with_metaclass)
