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

import numpy as np

from .core.context import find_owner, building
from .core.descriptors import InstanceLookup
from .brokers.priceevaluator import PriceEvaluator
from .core import strict as _strict
from .core.errors import OrderError
from .lines.buffer import Clock, NAN
from .lines.iterator import StrategyBase, LineIterator, clock_of
from .lines.root import LineRoot
from .observers.base import skips_unfilled_orders
from .order import BuyOrder, Order, SellOrder, _shallow_copy
from .sizers.fixedsize import FixedSize
from .unavailable import not_available
from .trade import Trade
from .utils.autodict import AutoOrderedDict, AutoDictList, DotDict

__all__ = ['Strategy', 'MetaStrategy', 'ItemCollection']


class ItemCollection:
    """Ordered items reachable by position and, when named, as attributes
    (``strategy.analyzers``, ``strategy.stats``)."""

    def __init__(self) -> None:
        self._entries = []          # (name or '', item)

    def append(self, item, name: Optional[str] = None) -> None:
        """Add ``item`` at the end; with a ``name`` it is also an attribute."""
        setattr(self, name, item)
        self._entries.append((name or '', item))

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        return (item for _, item in self._entries)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return [item for _, item in self._entries[key]]
        return self._entries[key][1]

    def getnames(self) -> list:
        """The names of the named items, in order."""
        return [name for name, _ in self._entries if name]

    def getitems(self):
        """``(name, item)`` pairs of the named items, in order."""
        return [(name, item) for name, item in self._entries if name]

    def getbyname(self, name: str):
        """The item called ``name`` (ValueError if there is none)."""
        for entry_name, item in self._entries:
            if entry_name == name:
                return item
        raise ValueError('%r is not in the collection' % (name,))


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


def _hook_overridden(obj, name: str, base) -> bool:
    return getattr(type(obj), name) is not getattr(base, name)


def _hook_live(obj, name: str, base) -> bool:
    return name in obj.__dict__ or _hook_overridden(obj, name, base)


class Strategy(StrategyBase):
    """Base class for user strategies (see the Strategy API in the docs)."""

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
        self._trades = collections.defaultdict(AutoDictList)
        # every fill booked into the trades in booking order, as (order, fill, bar
        # datetime), and a copy of each trade as it closed: backtrader.results reads them
        self._fill_log = []
        self._closed_trades = []
        self._tradehistoryon = False
        self.stats = self.observers = ItemCollection()
        self.analyzers = ItemCollection()
        self._alnames = collections.defaultdict(itertools.count)
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
        pass

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

    def _resolve_data(self, data):
        if data is None:
            return self.datas[0]
        if isinstance(data, str):
            return self.getdatabyname(data)
        return data

    # -- positions ----------------------------------------------------------------------------------
    def getposition(self, data=None, broker=None):
        """The position held on ``data`` (default: data0) at ``broker`` (default: the run's)."""
        data = self.datas[0] if data is None else data
        return (broker or self.broker).getposition(data)

    class _PositionView:
        """``strategy.position``: the position on data0. A non-data descriptor,
        so a run with the simulated broker can store the (stable) Position
        object on the instance and make the lookup a plain attribute read."""

        def __get__(self, obj, cls=None):
            if obj is None:
                return self
            return obj.broker.getposition(obj.datas[0])

    position = _PositionView()

    def getpositionbyname(self, name=None, broker=None):
        """The position held on the data called ``name`` (default: data0)."""
        data = self.datas[0] if not name else self.getdatabyname(name)
        return (broker or self.broker).getposition(data)

    def getpositions(self, broker=None):
        """Every position of ``broker`` (default: the run's), by data."""
        return (broker or self.broker).positions

    @property
    def positions(self):
        """Every position of the run's broker, by data."""
        return self.broker.positions

    def getpositionsbyname(self, broker=None):
        """Every position of ``broker`` (default: the run's), by data name."""
        broker = broker or self.broker
        positions = broker.positions
        out = collections.OrderedDict()
        for name, data in self._env.datasbyname.items():
            out[name] = positions[data]
        return out

    @property
    def positionsbyname(self):
        """Every position of the run's broker, by data name."""
        return self.getpositionsbyname()

    # -- orders ------------------------------------------------------------------------------------------
    def _check_order_args(self, side: str, size, price, plimit, exectype) -> None:
        """Strict mode: refuse what upstream silently turns into a harmful
        order (a Limit at the current close, a buy that sells...)."""
        if size is not None:
            try:
                ok = size == size and size != 0
            except TypeError:
                ok = False
            if not ok:
                raise OrderError('%s: size must be a non-zero number, got %r' % (side, size))
        if price is None and plimit is None and not exectype:
            return                      # a plain market order: nothing more to check
        for label, val in (('price', price), ('plimit', plimit)):
            if val is not None and not isinstance(val, PriceEvaluator):
                try:
                    bad = val < 0 or val != val
                except TypeError:
                    bad = True
                if bad:
                    raise OrderError('%s: %s must be a non-negative number, got %r'
                                     % (side, label, val))
        if exectype:
            # upstream would use the current close as the missing price
            if exectype == Order.Limit:
                if not (price or plimit):
                    raise OrderError('%s: a Limit order needs a (positive) price' % side)
            elif exectype in (Order.Stop, Order.StopLimit) and not price:
                raise OrderError('%s: a %s order needs a (positive) stop price'
                                 % (side, Order.ExecTypes[exectype]))
            if exectype == Order.StopLimit and not plimit:
                raise OrderError('%s: a StopLimit order needs a (positive) plimit' % side)

    def _order_size(self, side: str, data, size, price, plimit, exectype):
        """``(data, size)`` of a new order: the data resolved, the size given
        or asked from the sizer, made absolute; size 0: no order (as upstream).
        Strict mode checks the arguments first."""
        data = self._resolve_data(data)
        if _strict.ENABLED:
            self._check_order_args(side, size, price, plimit, exectype)
        if size is None:
            size = self.getsizing(data, isbuy=side == 'buy')
        return data, abs(size) if size else 0

    def buy(self, data=None, size=None, price=None, plimit=None, exectype=None, valid=None,
            tradeid=0, oco=None, trailamount=None, trailpercent=None, parent=None,
            transmit=True, **kwargs):
        """Create a buy order (market by default). ``size`` None asks the sizer;
        a size of 0 from the sizer creates no order (None is returned)."""
        data, size = self._order_size('buy', data, size, price, plimit, exectype)
        if not size:
            return None
        if self._plain_orders and not kwargs:
            # BackBroker.buy without the keyword call (same steps)
            broker = self.broker
            return broker.submit(broker._make_order(
                BuyOrder, self, data, size, price, plimit, exectype, valid, tradeid, oco,
                trailamount, trailpercent, parent, transmit, False, kwargs))
        return self.broker.buy(self, data, size=size, price=price, plimit=plimit,
                               exectype=exectype, valid=valid, tradeid=tradeid, oco=oco,
                               trailamount=trailamount, trailpercent=trailpercent,
                               parent=parent, transmit=transmit, **kwargs)

    def sell(self, data=None, size=None, price=None, plimit=None, exectype=None, valid=None,
             tradeid=0, oco=None, trailamount=None, trailpercent=None, parent=None,
             transmit=True, **kwargs):
        """Create a sell order (market by default); see ``buy``."""
        data, size = self._order_size('sell', data, size, price, plimit, exectype)
        if not size:
            return None
        if self._plain_orders and not kwargs:
            broker = self.broker
            return broker.submit(broker._make_order(
                SellOrder, self, data, size, price, plimit, exectype, valid, tradeid, oco,
                trailamount, trailpercent, parent, transmit, False, kwargs))
        return self.broker.sell(self, data, size=size, price=price, plimit=plimit,
                                exectype=exectype, valid=valid, tradeid=tradeid, oco=oco,
                                trailamount=trailamount, trailpercent=trailpercent,
                                parent=parent, transmit=transmit, **kwargs)

    def close(self, data=None, size=None, **kwargs):
        """Close the position on ``data`` (None if flat)."""
        data = self._resolve_data(data)
        possize = self.getposition(data, self.broker).size
        size = abs(size if size else possize)
        if possize > 0:
            return self.sell(data=data, size=size, **kwargs)
        elif possize < 0:
            return self.buy(data=data, size=size, **kwargs)
        return None

    def cancel(self, order) -> None:
        """Cancel a pending order (returns None, as upstream; the broker's
        ``cancel`` tells whether the order was still pending)."""
        self.broker.cancel(order)

    def _check_bracket(self, isbuy: bool, main: dict, stopprice, stopexec, stopargs,
                       limitprice, limitexec, limitargs) -> None:
        """Strict mode: refuse a bracket whose protective stop or take-profit
        side lies on the wrong side of the entry (upstream fills it at once), or
        which lacks the price its order type needs -- before any order exists."""
        side = 'buy_bracket' if isbuy else 'sell_bracket'
        entry = main.get('price')
        if entry is None or isinstance(entry, PriceEvaluator):
            entry = main.get('plimit')
        if entry is None or isinstance(entry, PriceEvaluator):
            entry = self._resolve_data(main.get('data')).close[0]
        for label, exectype, price, args, below in (
                ('stop', stopexec, stopprice, stopargs, isbuy),
                ('limit', limitexec, limitprice, limitargs, not isbuy)):
            if exectype is None:
                continue
            price = args.get('price', price)
            if price is None:
                if exectype in (Order.Limit, Order.Stop, Order.StopLimit):
                    raise OrderError('%s: the %s side (%s) needs %sprice'
                                     % (side, label, Order.ExecTypes[exectype], label))
                continue
            if isinstance(price, PriceEvaluator):
                continue
            if (price >= entry) if below else (price <= entry):
                raise OrderError('%s: %sprice %r must lie %s the entry price %r'
                                 % (side, label, price, 'below' if below else 'above', entry))

    def buy_bracket(self, data=None, size=None, price=None, plimit=None,
                    exectype=Order.Limit, valid=None, tradeid=0, trailamount=None,
                    trailpercent=None, oargs={}, stopprice=None, stopexec=Order.Stop,
                    stopargs={}, limitprice=None, limitexec=Order.Limit, limitargs={},
                    **kwargs):
        """Main buy order plus a protective sell stop below and a take-profit
        sell limit above; returns ``[main, stop, limit]``."""
        main = dict(size=size, data=data, price=price, plimit=plimit, exectype=exectype,
                    valid=valid, tradeid=tradeid, trailamount=trailamount,
                    trailpercent=trailpercent)
        return self._bracket(True, main, oargs, (stopexec, stopprice, stopargs),
                             (limitexec, limitprice, limitargs), kwargs)

    def sell_bracket(self, data=None, size=None, price=None, plimit=None,
                     exectype=Order.Limit, valid=None, tradeid=0, trailamount=None,
                     trailpercent=None, oargs={}, stopprice=None, stopexec=Order.Stop,
                     stopargs={}, limitprice=None, limitexec=Order.Limit, limitargs={},
                     **kwargs):
        """Main sell order plus a protective buy stop above and a take-profit
        buy limit below; returns ``[main, stop, limit]``."""
        main = dict(size=size, data=data, price=price, plimit=plimit, exectype=exectype,
                    valid=valid, tradeid=tradeid, trailamount=trailamount,
                    trailpercent=trailpercent)
        return self._bracket(False, main, oargs, (stopexec, stopprice, stopargs),
                             (limitexec, limitprice, limitargs), kwargs)

    def _bracket(self, isbuy: bool, main: dict, oargs: dict, stop: tuple, limit: tuple,
                 kwargs: dict) -> list:
        """The three orders of a bracket. The main order waits (transmit=False)
        for its children; the stop side waits for the limit side when there is
        one; each side gets the main order's size, validity and tradeid, its
        own ``*args`` and then the common ``kwargs``."""
        (stopexec, stopprice, stopargs), (limitexec, limitprice, limitargs) = stop, limit
        common = dict(valid=main['valid'], tradeid=main['tradeid'])    # before oargs
        main.update(oargs)
        main.update(kwargs)
        main['transmit'] = stopexec is None and limitexec is None
        if _strict.ENABLED:
            self._check_bracket(isbuy, main, stopprice, stopexec, stopargs, limitprice,
                                limitexec, limitargs)
        enter, leave = (self.buy, self.sell) if isbuy else (self.sell, self.buy)
        parent = enter(**main)
        if parent is None:
            if _strict.ENABLED:
                return [None, None, None]
            # upstream goes on with the missing main order and fails reading it
            raise AttributeError('%s: size 0 creates no main order, so the bracket has no '
                                 'parent for its stop and limit sides'
                                 % ('buy_bracket' if isbuy else 'sell_bracket'))
        out = [parent]
        for exectype, price, args, transmit in ((stopexec, stopprice, stopargs, limitexec is None),
                                                (limitexec, limitprice, limitargs, True)):
            if exectype is None:
                out.append(None)
                continue
            leg = dict(common, data=parent.data, size=abs(parent.size), price=price,
                       exectype=exectype)
            leg.update(args)
            leg.update(kwargs)
            leg['parent'], leg['transmit'] = parent, transmit
            out.append(leave(**leg))
        return out

    def order_target_size(self, data=None, target: float = 0, **kwargs):
        """Orders needed to bring the position to ``target`` units."""
        data = self._resolve_data(data)
        possize = self.getposition(data, self.broker).size
        if not target and possize:
            return self.close(data=data, size=possize, **kwargs)
        if target > possize:
            return self.buy(data=data, size=target - possize, **kwargs)
        if target < possize:
            return self.sell(data=data, size=possize - target, **kwargs)
        return None

    def order_target_value(self, data=None, target: float = 0.0, price=None, **kwargs):
        """Orders needed to bring the position's value to ``target``."""
        data = self._resolve_data(data)
        possize = self.getposition(data, self.broker).size
        if not target and possize:
            return self.close(data=data, size=possize, price=price, **kwargs)
        value = self.broker.getvalue(datas=[data])
        comminfo = self.broker.getcommissioninfo(data)
        price = price if price is not None else data.close[0]
        # a difference worth less than one unit creates no order (upstream
        # passes size 0 on, which buy/sell ignore; strict mode would reject it)
        if target > value:
            size = comminfo.getsize(price, target - value)
            return self.buy(data=data, size=size, price=price, **kwargs) if size else None
        if target < value:
            size = comminfo.getsize(price, value - target)
            return self.sell(data=data, size=size, price=price, **kwargs) if size else None
        return None

    def order_target_percent(self, data=None, target: float = 0.0, **kwargs):
        """Orders needed to make the position ``target`` (fraction) of the portfolio."""
        data = self._resolve_data(data)
        value = self.broker.getvalue()
        return self.order_target_value(data=data, target=value * target, **kwargs)

    # -- hooks (override) ---------------------------------------------------------------------------
    def start(self) -> None:
        """Called once before the first bar."""
        pass

    def stop(self) -> None:
        """Called once after the last bar."""
        pass

    def notify_order(self, order) -> None:
        """Called with each order whose status changed (submitted, accepted, executed,
        cancelled...)."""
        pass

    def notify_trade(self, trade) -> None:
        """Called with each trade that opened, changed or closed."""
        pass

    def notify_cashvalue(self, cash: float, value: float) -> None:
        """Called on each bar with the broker's cash and portfolio value."""
        pass

    def notify_fund(self, cash: float, value: float, fundvalue: float, shares: float) -> None:
        """Called on each bar with cash, value, fund value and fund shares."""
        pass

    def notify_store(self, msg, *args, **kwargs) -> None:
        """Called with messages of stores (live connections)."""
        pass

    def notify_data(self, data, status, *args, **kwargs) -> None:
        """Called when a data feed changes status (live feeds)."""
        pass

    def notify_timer(self, timer, when, *args, **kwargs) -> None:
        """Called when a timer scheduled with ``add_timer`` fires."""
        pass

    def prenext_open(self) -> None:
        """Cheat-on-open counterpart of ``prenext``, called before the broker acts on the bar."""
        pass

    def nextstart_open(self) -> None:
        """Cheat-on-open counterpart of ``nextstart``; calls ``next_open`` by default."""
        self.next_open()

    def next_open(self) -> None:
        """Cheat-on-open counterpart of ``next``: sees the new bar's open before the broker acts
        on it."""
        pass

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

    # -- writer support -------------------------------------------------------------------------------
    def getwriterheaders(self) -> list:
        """Column names for writers: this strategy, its indicators and observers, line by line."""
        self.indobscsv = [self]
        indobs = itertools.chain(self.getindicators_lines(), self.getobservers())
        self.indobscsv.extend(filter(lambda x: x.csv, indobs))
        headers = []
        for iocsv in self.indobscsv:
            name = iocsv.plotinfo.plotname or type(iocsv).__name__
            headers.append(name)
            headers.append('len')
            headers.extend(iocsv.lines.getlinealiases())
        return headers

    def getwritervalues(self) -> list:
        """The current bar's values for writers, in ``getwriterheaders`` order."""
        values = []
        for iocsv in self.indobscsv:
            name = iocsv.plotinfo.plotname or type(iocsv).__name__
            values.append(name)
            lio = len(iocsv)
            values.append(lio)
            if lio:
                values.extend(line[0] for line in iocsv.lines.itersize())
            else:
                values.extend([''] * iocsv.lines.size())
        return values

    def getwriterinfo(self):
        """Summary tree written by writers at the end of a run."""
        def describe(obj):
            return obj.lines.getlinealiases() or None, obj.p._getkwargs() or None

        info = AutoOrderedDict()
        info['Params'] = self.p._getkwargs()
        for section, members in (('Indicators', self.getindicators_lines()),
                                 ('Observers', self.getobservers())):
            node = info[section]
            for obj in members:
                entry = node[type(obj).__name__]
                entry.Lines, entry.Params = describe(obj)
        an = info.Analyzers
        an.Value.Begin, an.Value.End = self.broker.startingcash, self.broker.getvalue()
        for name, analyzer in self.analyzers.getitems():
            an[name].Params = analyzer.p._getkwargs() or None
            an[name].Analysis = analyzer.get_analysis()
        return info

    # -- run lifecycle (engine side) --------------------------------------------------------------------
    def _start(self) -> None:
        self._periodset()
        # indicators an analyzer creates in start() (a screener) belong to us:
        # computed and listed like ours, without delaying our next()
        with building(self):
            for analyzer in itertools.chain(self._slavesanalyzers, self.analyzers):
                analyzer._start()
        for obs in self._lineiterators[LineIterator.ObsType]:
            if isinstance(obs, list):
                for o in obs:
                    o._start()
            else:
                obs._start()
        self._prepare_dispatch()
        self._minperstatus_done = False
        self._dlens = [len(d) for d in self.datas]
        if self._env is not None and self._env.p.quicknotify:
            # hooks were called in the broker step (_notify_quick)
            self._notify_events = _events_delivered
        with building(self):
            self.start()
        # notify_order/notify_trade are called only when overridden (in the
        # class, or set on the instance up to start())
        self._st_order = _hook_live(self, 'notify_order', Strategy)
        self._st_trade = _hook_live(self, 'notify_trade', Strategy)
        # does anybody read notifications of orders without fills (Submitted,
        # Accepted)? If not, the broker does not make them (BackBroker._submit)
        self._hears_unfilled = bool(self._st_order or self._an_order or not all(
            skips_unfilled_orders(o) for o in self._obs_flat_all()))

    def _periodset(self) -> None:
        """Per data, the longest minimum period of the indicators clocked by it."""
        dataids = [id(clock_of(d)) for d in self.datas]
        req = [1] * len(self.datas)
        for ind in self._lineiterators[LineIterator.IndType]:
            cid = id(_root_clock(ind))
            try:
                i = dataids.index(cid)
            except ValueError:
                i = 0
            if ind._minperiod > req[i]:
                req[i] = ind._minperiod
        self._minperiods = req
        self._dlens_req = list(zip(self.datas, req))

    def _getminperstatus(self) -> int:
        status = None
        for data, req in self._dlens_req:
            s = req - len(data)
            if status is None or s > status:
                status = s
        return status if status is not None else -1

    def _prepare_dispatch(self) -> None:
        """Decide once which per-bar hooks need calling: nothing is done for a
        hook nobody overrides. Bound methods are kept ready in lists."""
        from .analyzers.base import Analyzer
        from .brokers.backbroker import BackBroker
        # analyzers computing from the broker's history take no per-bar calls
        analyzers = [a for a in itertools.chain(self._slavesanalyzers, self.analyzers)
                     if not getattr(a, '_bt_bar_free', False)]

        def pick(a, name):
            # without children the public hook can be called directly
            return getattr(a, name if not a._children else '_' + name)

        self._an_order = [pick(a, 'notify_order') for a in analyzers
                          if a._children or _hook_overridden(a, 'notify_order', Analyzer)]
        self._an_trade = [pick(a, 'notify_trade') for a in analyzers
                          if a._children or _hook_overridden(a, 'notify_trade', Analyzer)]
        self._an_cash = [pick(a, 'notify_cashvalue') for a in analyzers
                         if a._children or _hook_overridden(a, 'notify_cashvalue', Analyzer)]
        self._an_fund = [pick(a, 'notify_fund') for a in analyzers
                         if a._children or _hook_overridden(a, 'notify_fund', Analyzer)]
        stepped = [a for a in analyzers if a._needs_bar_calls()]
        plain = [a for a in stepped if not a._children and
                 all(getattr(type(a), h) is getattr(Analyzer, h)
                     for h in ('_next', '_nextstart', '_prenext'))]
        self._an_next = [a.next if a in plain else a._next for a in stepped]
        self._an_nextstart = [a.nextstart if a in plain else a._nextstart for a in stepped]
        self._an_prenext = [a.prenext if a in plain else a._prenext for a in stepped]
        self._st_cash = _hook_overridden(self, 'notify_cashvalue', Strategy)
        self._st_fund = _hook_overridden(self, 'notify_fund', Strategy)
        self._has_values = bool(self._an_cash or self._an_fund or self._st_cash or self._st_fund)
        broker = self.broker
        bcls = type(broker)
        self._broker_fast = isinstance(broker, BackBroker) and all(
            getattr(bcls, m) is getattr(BackBroker, m)
            for m in ('getcash', 'getvalue', 'get_fundvalue', 'get_fundshares'))
        self._plain_orders = isinstance(broker, BackBroker) and \
            bcls.buy is BackBroker.buy and bcls.sell is BackBroker.sell
        obs = [o for o in self._obs_flat_all() if not getattr(o, '_bt_bar_free', False)]

        def obs_call(o):
            plain = o._plain_next and not any(o._lineiterators)
            return o.next if plain else o._next
        self._obs_always = [obs_call(o) for o in obs if not o._notification_driven]
        self._obs_events = [obs_call(o) for o in obs if o._notification_driven]
        self._obs_flat = obs
        self._followers = list(self._followerclocks.values())
        if not (self._has_values or self._an_next or self._followers or self._obs_always
                or self._obs_events or self._an_order or self._an_trade):
            # nothing but the strategy itself to step: a shorter cycle
            self._cycle = self._cycle_bare
        # the broker keeps one Position object per data for a whole run
        self._pos0 = broker._reserve_position(self.datas[0]) \
            if isinstance(broker, BackBroker) and self.datas else None
        if self._pos0 is not None:
            self.__dict__['position'] = self._pos0

    def _bt_relayout(self) -> None:
        """Lay the per-bar hooks out again (an analyzer was added in ``start``)."""
        self.__dict__.pop('_cycle', None)
        self._prepare_dispatch()

    def _can_follow(self) -> bool:
        """True when nothing but our datetime line moves with our own clock."""
        own = self._sclock
        return len(own.buffers) == 1 and own.buffers[0] is self._dtline and \
            not own.rings and len(self.datas) == 1

    def _follow_clock(self, clock) -> None:
        """For a run over one data: move with that data's clock instead of
        our own (the two advance together), sharing its datetime storage."""
        own = self._sclock
        self._ownclock = own
        dtline = self._dtline
        own.detach(dtline)
        src = self.datas[0].lines.datetime
        dtline._a, dtline._mv, dtline._c = src._a, src._mv, clock
        self._sclock = clock
        self._followers = _merge_followers(
            [(clock if source is own else source, fol) for source, fol in self._followers])

    def _unfollow_clock(self) -> None:
        """Back on our own clock, positioned where the data's clock ended,
        with our own copy of the datetimes."""
        clock, own = self._sclock, self._ownclock
        dtline = self._dtline
        n = clock.lencount
        own._ensure(n)
        values = np.full(own.capacity, NAN)
        values[:n] = dtline._a[:n]
        dtline._a, dtline._mv, dtline._c = values, memoryview(values), own
        own.attach(dtline)
        own.idx, own.lencount, own.buflen = n - 1, n, n
        self._sclock = own
        self._followers = [(own if source is clock else source, fol)
                           for source, fol in self._followers]

    def _presize(self, nbars: int) -> None:
        """Reserve room for ``nbars`` bars on the strategy's and the observers'
        clocks (runonce knows the length up front)."""
        self._sclock._ensure(nbars)
        for _, follower in self._followers:
            follower._ensure(nbars)

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

    def _stop(self) -> None:
        with building(self):
            self.stop()
        for analyzer in itertools.chain(self.analyzers, self._slavesanalyzers):
            analyzer._stop()
        # after the run ``position`` asks the broker again (which, reused by
        # the next optimisation run, reports that run's position, as upstream)
        self.__dict__.pop('position', None)

    def _settz(self, tz) -> None:
        self.lines.datetime._tz = tz

    # -- notifications ------------------------------------------------------------------------------------
    def _addnotification(self, order, quicknotify: bool = False) -> None:
        """Queue a broker notification; fills also update the trades of
        (data, tradeid), whose openings and closings are queued for notify_trade."""
        if not order.p.simulated:
            self._orderspending.append(order)
        if quicknotify:
            self._notify_quick(order)
            return
        if order.executed.size:
            self._book_fills(order)

    def _notify_quick(self, order) -> None:
        """``quicknotify``: the order, then the trades its fills opened or
        closed, go to the hooks at once (in the broker step); they stay queued
        for the observers, but the bar's cycle does not deliver them again."""
        queue = self._tradespending
        before = len(queue)
        if order.executed.size:
            self._book_fills(order)
        Strategy._notify_events(self, [order], queue[before:])

    def _book_fills(self, order) -> None:
        data = order.data if order.data._compensate is None else order.data._compensate
        history = self._trades[data][order.tradeid]
        queue = self._tradespending
        trade = history[-1] if history else self._new_trade(data, order.tradeid, history)
        log, closedlog = self._fill_log, self._closed_trades
        when = order.data.datetime[0]       # the bar the fills are booked in
        for fill in order.executed.iterpending():
            if fill is None:
                break
            log.append((order, fill, when))
            ci = order.comminfo
            if fill.closed:
                trade.update(order, fill.closed, fill.price, fill.closedvalue,
                             fill.closedcomm, fill.pnl, comminfo=ci)
                if trade.isclosed:
                    closedlog.append(_shallow_copy(trade))
                    queue.append(closedlog[-1])
            if fill.opened:
                if trade.isclosed:      # a closed trade is never reopened: start anew
                    trade = self._new_trade(data, order.tradeid, history)
                trade.update(order, fill.opened, fill.price, fill.openedvalue,
                             fill.openedcomm, fill.pnl, comminfo=ci)
                if trade.isclosed:
                    closedlog.append(_shallow_copy(trade))
                    queue.append(closedlog[-1])
            # after both parts: the fill may have opened the trade through either
            if trade.justopened:
                queue.append(_shallow_copy(trade))

    def _new_trade(self, data, tradeid, history):
        trade = Trade(data=data, tradeid=tradeid, historyon=self._tradehistoryon)
        history.append(trade)
        return trade

    def _notify_events(self, procorders, proctrades) -> None:
        """``notify_order``/``notify_trade`` (strategy first, then analyzers)."""
        an_order = self._an_order
        if self._st_order or an_order:
            st_order = self._st_order
            for order in procorders:
                if st_order and (order.exectype != Order.Historical or order.histnotify):
                    self.notify_order(order)
                for call in an_order:
                    call(order)
        an_trade = self._an_trade
        if self._st_trade or an_trade:
            st_trade = self._st_trade
            for trade in proctrades:
                if st_trade:
                    self.notify_trade(trade)
                for call in an_trade:
                    call(trade)

    def _notify(self, qorders=None, qtrades=None) -> None:
        if qorders is not None:
            self._notify_events(qorders, qtrades)
            return
        if self._orderspending or self._tradespending:
            self._notify_events(self._orderspending, self._tradespending)
        if self._has_values:
            self._notify_values()

    def _notify_values(self) -> None:
        broker = self.broker
        if self._broker_fast:
            cash, value = broker.cash, broker._value
        else:
            cash, value = broker.getcash(), broker.getvalue()
        if self._st_cash:
            self.notify_cashvalue(cash, value)
        for call in self._an_cash:
            call(cash, value)
        if self._st_fund or self._an_fund:
            if self._broker_fast:
                fundvalue, shares = broker._fundval, broker._fundshares
            else:
                fundvalue, shares = broker.get_fundvalue(), broker.get_fundshares()
            if self._st_fund:
                self.notify_fund(cash, value, fundvalue, shares)
            for call in self._an_fund:
                call(cash, value, fundvalue, shares)

    def clear(self) -> None:
        """Forget the order and trade notifications still pending."""
        if self._orderspending:
            self._orderspending = []
        if self._tradespending:
            self._tradespending = []

    # -- per bar (engine side) -----------------------------------------------------------------------------
    def _minperstatus(self) -> int:
        if self._minperstatus_done:
            return -1
        status = self._getminperstatus()
        if status < 0:
            self._minperstatus_done = True
        return status

    def _cycle(self) -> None:
        """Tail of every engine cycle: notifications, user hook by minimum
        period status, analyzers, observers."""
        if self._orderspending or self._tradespending:
            self._notify_events(self._orderspending, self._tradespending)
        if self._has_values:
            broker = self.broker
            if self._broker_fast and not self._st_cash and not self._an_cash:
                fund = self._an_fund
                if self._st_fund:
                    self.notify_fund(broker.cash, broker._value, broker._fundval,
                                     broker._fundshares)
                for call in fund:
                    call(broker.cash, broker._value, broker._fundval, broker._fundshares)
            else:
                self._notify_values()
        if self._minperstatus_done:
            status = -1
            self.next()
            for call in self._an_next:
                call()
        else:
            status = self._minperstatus()
            if status < 0:
                self.next()
                for call in self._an_next:
                    call()
            elif status == 0:
                self.nextstart()
                for call in self._an_nextstart:
                    call()
            else:
                self.prenext()
                for call in self._an_prenext:
                    call()
        self._last_status = status
        self._analyzed += 1         # cycles whose analyzer step is done
        for source, follower in self._followers:
            if follower.lencount < source.lencount:
                n = follower.buflen + 1
                if n <= follower.capacity and not follower.rings:
                    # presized plain storage: moving is three assignments
                    follower.idx += 1
                    follower.lencount += 1
                    follower.buflen = n
                else:
                    follower.forward()
        for call in self._obs_always:
            call()
        if self._orderspending or self._tradespending:
            for call in self._obs_events:
                call()
            self.clear()

    def _cycle_bare(self) -> None:
        """``_cycle`` for a strategy without analyzers, observers or value
        listeners (same steps, fewer checks)."""
        if self._orderspending or self._tradespending:
            self._notify_events(self._orderspending, self._tradespending)
            self.clear()
        if self._minperstatus_done:
            self.next()
            self._last_status = -1
        else:
            status = self._minperstatus()
            if status < 0:
                self.next()
            elif status == 0:
                self.nextstart()
            else:
                self.prenext()
            self._last_status = status
        self._analyzed += 1

    def _steady_step(self, clock, nbars: int):
        """``(next, follower clocks)`` when, past the minimum period, a bar
        without notifications is just: ``next``, one more analyzer step, and
        the observers' clocks (presized, following ``clock``) one bar on;
        None when the cycle has more to do (values pushed to the strategy or
        analyzers, analyzers or observers stepped every bar)."""
        if not self._minperstatus_done or self._last_status >= 0 or self._has_values \
                or self._an_next or self._obs_always:
            return None
        followers = []
        for source, fol in self._followers:
            if source is not clock or fol.rings or fol.capacity < nbars + 1 \
                    or fol.lencount != clock.lencount:
                return None
            followers.append(fol)
        return self.next, followers

    def _dispatch(self, status: int) -> None:
        """Compatibility shim: run the cycle tail (status is recomputed)."""
        self._cycle()

    def _next(self) -> None:
        """One cycle in next mode."""
        self._advance()
        self._cycle()

    def _advance(self) -> None:
        """Next mode, the part computed from the data alone: our clock and
        datetime, the indicators stepped bar by bar (what a resumed run
        replays up to its checkpoint)."""
        datas = self.datas
        dlens = self._dlens
        grew = False
        dtmax = None
        for i, d in enumerate(datas):
            n = len(d)
            if n != dlens[i]:
                # a data may also shrink (a replayed bar given back)
                if n > dlens[i]:
                    grew = True
                dlens[i] = n
            if n:
                v = d.lines.datetime[0]
                if dtmax is None or v > dtmax:
                    dtmax = v
        if grew:
            self._sclock.forward()
        if dtmax is not None:
            self._dtline[0] = dtmax
        for ind in self._next_inds:
            ind._next()

    def _precompute(self) -> None:
        """Next mode on preloaded datas: indicators whose values depend only on
        one data (built-in classes, or user classes that only compose them in
        __init__) are computed vectorised now; the others step bar by bar."""
        from .lines.iterator import precomputable
        remaining = []
        for ind in self._lineiterators[LineIterator.IndType]:
            if precomputable(ind):
                ind._once()
            else:
                remaining.append(ind)
        self._next_inds = remaining

    def _oncepost(self, dt: float) -> None:
        """One cycle in runonce mode: indicators were computed beforehand and
        move with their datas' clocks."""
        c = self._sclock
        i = c.idx + 1
        if i >= c.capacity:
            c._ensure(i + 1)
        c.idx = i
        c.lencount = c.buflen = i + 1
        self._dtline._mv[i] = dt
        self._cycle()

    def _once(self) -> None:
        for ind in self._lineiterators[LineIterator.IndType]:
            ind._once()

    def _next_open(self) -> None:
        status = self._last_status
        if status < 0:
            self.next_open()
        elif status == 0:
            self.nextstart_open()
        else:
            self.prenext_open()

    def qbuffer(self, savemem: int = 0, replaying: bool = False) -> None:
        if savemem < 0:
            # strategy-level indicators keep everything; their internals go bounded
            for ind in self._lineiterators[LineIterator.IndType]:
                bounded = not hasattr(ind, 'plotinfo') or \
                    (savemem <= -2 and not ind.plotinfo.plot) or _is_line_op(ind)
                if bounded:
                    ind.qbuffer(savemem=1)
                else:
                    for sub in ind._lineiterators[LineIterator.IndType]:
                        sub.qbuffer(savemem=1)
        elif savemem > 0:
            for line in self.lines.lines:
                line.qbuffer()
            for ind in self._lineiterators[LineIterator.IndType]:
                ind.qbuffer(savemem=1)
            for obs in self._obs_flat_all():
                obs.qbuffer(savemem=1)
            for data in self.datas:
                data.minbuffer(1)

    def _obs_flat_all(self) -> list:
        out = []
        for o in self._lineiterators[LineIterator.ObsType]:
            out.extend(o if isinstance(o, list) else [o])
        return out


def _events_delivered(procorders, proctrades) -> None:
    """The cycle's ``_notify_events`` under quicknotify: nothing left to call."""


def _merge_followers(pairs: list) -> list:
    """Followers of the same source that stand at the same bar become one
    clock (their lines move together anyway): fewer moves per bar."""
    merged: list = []
    for source, fol in pairs:
        for msource, mfol in merged:
            if msource is source and mfol.idx == fol.idx and mfol.lencount == fol.lencount \
                    and mfol.capacity == fol.capacity and not fol.rings and not mfol.rings:
                for buf in list(fol.buffers):
                    buf._c = mfol
                    mfol.attach(buf)
                fol.buffers.clear()
                break
        else:
            merged.append((source, fol))
    return merged


def _is_line_op(ind) -> bool:
    from .lines.ops import LineActions
    return isinstance(ind, LineActions)


def _root_clock(ind):
    return clock_of(ind)


class _EnvMarker:
    """Mixin marking the object (Cerebro) strategies take as environment."""


from .core.legacymeta import (MetaSigStrategy, MetaStrategy,  # noqa: E402,F401 (upstream's names)
                              with_metaclass)
