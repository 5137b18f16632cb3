"""Analyzer bases.

An analyzer belongs to a strategy (or to another analyzer, which then drives
it as a child). It sees the strategy's notifications and is called after the
strategy's ``next`` on each bar — but only if it overrides a per-bar hook: the
strategy checks that once at start, so passive analyzers cost nothing per bar.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import pprint as _pprint
from collections import OrderedDict
from typing import Any

from ..core.context import find_owner, owner_stack
from ..core.params import ParamsBase, leftover_kwargs
from ..core.registry import get_registry
from ..lines.iterator import StrategyBase
from ..utils.dateintern import num2date
from ..utils.timeframe import TimeFrame

__all__ = ['Analyzer', 'TimeFrameAnalyzerBase', 'MetaAnalyzer', 'MetaTimeFrameAnalyzerBase']

_BAR_HOOKS = ('prenext', 'nextstart', 'next', '_prenext', '_nextstart', '_next')


class Analyzer(ParamsBase):
    """Base of analyzers: ``create_analysis``/``start``/``next``/``stop`` hooks,
    notifications, ``get_analysis`` (default ``self.rets``)."""

    csv = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        get_registry('analyzers').register(cls.__name__, cls)

    def _bt_build(self, init, args, kwargs):
        kwargs = self._bt_takeparams(kwargs)
        kwargs = leftover_kwargs(type(self), init, kwargs)
        # the owner: a strategy (known by its base type, which lives below this
        # layer) or a parent analyzer
        owner = find_owner((StrategyBase, Analyzer), skip=self)
        self._children = []
        if isinstance(owner, Analyzer):
            self._parent = owner
            self.strategy = owner.strategy
        else:
            self._parent = None
            self.strategy = owner
        strategy = self.strategy
        datas = strategy.datas if strategy is not None else []
        self.datas = datas
        if datas:
            self.data = datas[0]
            for i, data in enumerate(datas):
                setattr(self, 'data%d' % i, data)
                # each line by name and by number (data0_close, data0_0; data_ for data0)
                for j, name in enumerate(data.lines.getlinealiases()):
                    line = data.lines[j]
                    for key in (name, j):
                        setattr(self, 'data%d_%s' % (i, key), line)
                        if i == 0:
                            setattr(self, 'data_%s' % key, line)
        self.create_analysis()
        owner_stack.append(self)
        self._bt_building = True
        try:
            init(self, *args, **kwargs)
        finally:
            self._bt_building = False
            owner_stack.pop()
        if self._parent is not None:
            self._parent._register(self)

    def __len__(self) -> int:
        return len(self.strategy)

    def _register(self, child) -> None:
        self._children.append(child)

    def _needs_bar_calls(self) -> bool:
        cls = type(self)
        if any(getattr(cls, h) is not getattr(Analyzer, h) for h in _BAR_HOOKS):
            return True
        return any(c._needs_bar_calls() for c in self._children)

    # -- drivers (children first) --------------------------------------------------------------
    def _prenext(self) -> None:
        for child in self._children:
            child._prenext()
        self.prenext()

    def _nextstart(self) -> None:
        for child in self._children:
            child._nextstart()
        self.nextstart()

    def _next(self) -> None:
        for child in self._children:
            child._next()
        self.next()

    def _notify_cashvalue(self, cash: float, value: float) -> None:
        for child in self._children:
            child._notify_cashvalue(cash, value)
        self.notify_cashvalue(cash, value)

    def _notify_fund(self, cash: float, value: float, fundvalue: float, shares: float) -> None:
        for child in self._children:
            child._notify_fund(cash, value, fundvalue, shares)
        self.notify_fund(cash, value, fundvalue, shares)

    def _notify_trade(self, trade) -> None:
        for child in self._children:
            child._notify_trade(trade)
        self.notify_trade(trade)

    def _notify_order(self, order) -> None:
        for child in self._children:
            child._notify_order(order)
        self.notify_order(order)

    def _start(self) -> None:
        for child in self._children:
            child._start()
        self.start()

    def _stop(self) -> None:
        for child in self._children:
            child._stop()
        self.stop()

    # -- hooks ------------------------------------------------------------------------------------
    def notify_cashvalue(self, cash: float, value: float) -> None:
        """Called on each bar with the broker's cash and portfolio value."""
        pass

    def notify_fund(self, cash: float, value: float, fundvalue: float, shares: float) -> None:
        """Called on each bar with cash, value, fund value and fund shares."""
        pass

    def notify_order(self, order) -> None:
        """Called with each order notification the strategy gets."""
        pass

    def notify_trade(self, trade) -> None:
        """Called with each trade notification the strategy gets."""
        pass

    def prenext(self) -> None:
        """Called on bars before the strategy's minimum period; calls ``next`` by default."""
        self.next()

    def nextstart(self) -> None:
        """Called on the first bar of the strategy's minimum period; calls ``next`` by default."""
        self.next()

    def next(self) -> None:
        """Called on each bar after the strategy's ``next``."""
        pass

    def start(self) -> None:
        """Called once before the first bar."""
        pass

    def stop(self) -> None:
        """Called once after the last bar: finish the analysis here."""
        pass

    def create_analysis(self) -> None:
        """Create ``self.rets``, the ordered dict the analysis is written to."""
        self.rets = OrderedDict()

    def get_analysis(self):
        """The analysis results (``self.rets`` by default)."""
        return self.rets

    def get_analysis_df(self):
        """The analysis as a pandas Series or DataFrame (see
        ``backtrader.analyzers.export.to_frame``)."""
        from .export import to_frame
        return to_frame(self)

    def print(self, *args, **kwargs) -> None:
        """Write ``{ClassName: analysis}`` through a ``WriterFile``."""
        from ..writer import WriterFile
        writer = WriterFile(*args, **kwargs)
        writer.start()
        pdct = dict()
        pdct[type(self).__name__] = self.get_analysis()
        writer.writedict(pdct)
        writer.stop()

    def pprint(self, *args, **kwargs) -> None:
        """Pretty-print ``get_analysis()``."""
        _pprint.pprint(self.get_analysis(), *args, **kwargs)


class TimeFrameAnalyzerBase(Analyzer):
    """Analyzer acting on period boundaries of the strategy's datetime:
    ``on_dt_over()`` runs whenever a new period (``timeframe``/``compression``,
    default data0's) starts."""

    params = dict(timeframe=None, compression=None, _doprenext=True)

    def __init_subclass__(cls, **kwargs):
        if '_on_dt_over' in cls.__dict__ and 'on_dt_over' not in cls.__dict__:
            cls.on_dt_over = cls.__dict__['_on_dt_over']
        super().__init_subclass__(**kwargs)

    def _start(self) -> None:
        self.timeframe = self.p.timeframe or self.data._timeframe
        self.compression = self.p.compression or self.data._compression
        # the period "before time": any real bar starts a new period
        self.dtcmp, self.dtkey = self._get_dt_cmpkey(_dt.datetime.min)
        self.dtcmp1 = self.dtkey1 = None
        super()._start()

    def _prenext(self) -> None:
        for child in self._children:
            child._prenext()
        # periods are tracked even before every data has a bar
        changed = self._dt_over()
        if changed:
            self.on_dt_over()
        if self.p._doprenext:
            self.prenext()

    def _nextstart(self) -> None:
        for child in self._children:
            child._nextstart()
        changed = self._dt_over()
        # without prenext tracking the first full bar always opens a period
        if changed or not self.p._doprenext:
            self.on_dt_over()
        self.nextstart()

    def _next(self) -> None:
        for child in self._children:
            child._next()
        if self._dt_over():
            self.on_dt_over()
        self.next()

    def on_dt_over(self) -> None:
        """Called when the strategy's datetime enters a new period."""
        pass

    def _dt_over(self) -> bool:
        """True when the strategy's datetime entered a new period; then
        ``dtkey``/``dtcmp`` describe the new period, ``dtkey1``/``dtcmp1`` the
        previous one."""
        if self.timeframe == TimeFrame.NoTimeFrame:
            new_cmp = new_key = _dt.datetime.max
        else:
            new_cmp, new_key = self._get_dt_cmpkey(self.strategy.datetime.datetime())
        if self.dtcmp is not None and not new_cmp > self.dtcmp:
            return False
        self.dtcmp1, self.dtkey1 = self.dtcmp, self.dtkey
        self.dtcmp, self.dtkey = new_cmp, new_key
        return True

    def _get_dt_cmpkey(self, dt):
        """(comparable period value, period key) of ``dt``."""
        return period_of(dt, self.timeframe, self.compression)


_SUBDAY_UNIT = {
    TimeFrame.Minutes: _dt.timedelta(minutes=1),
    TimeFrame.Seconds: _dt.timedelta(seconds=1),
    TimeFrame.MicroSeconds: _dt.timedelta(microseconds=1),
    TimeFrame.Ticks: _dt.timedelta(microseconds=1),
}


def period_of(dt: _dt.datetime, timeframe: int, compression: int = 1):
    """Period a datetime belongs to, as (comparable value, key).

    Keys: Years -> date(y, 12, 31); Months -> datetime of the month's last day;
    Weeks -> datetime of the ISO week's Sunday; Days -> the day at midnight;
    sub-day -> the last unit of the ``compression``-sized bucket holding ``dt``
    (5-minute buckets: 09:07 -> 09:09).
    """
    if timeframe == TimeFrame.NoTimeFrame:
        return None, None
    if timeframe == TimeFrame.Years:
        return dt.year, _dt.date(dt.year, 12, 31)
    if timeframe == TimeFrame.Months:
        lastday = calendar.monthrange(dt.year, dt.month)[1]
        return dt.year * 100 + dt.month, _dt.datetime(dt.year, dt.month, lastday)
    if timeframe == TimeFrame.Weeks:
        year, week, weekday = dt.isocalendar()
        sunday = _dt.datetime(dt.year, dt.month, dt.day) + _dt.timedelta(days=7 - weekday)
        return year * 100 + week, sunday
    midnight = _dt.datetime(dt.year, dt.month, dt.day)
    if timeframe == TimeFrame.Days:
        return dt.year * 10000 + dt.month * 100 + dt.day, midnight
    unit = _SUBDAY_UNIT.get(timeframe, _dt.timedelta(microseconds=1))
    comp = compression or 1
    units = (dt - midnight) // unit
    key = midnight + ((units // comp + 1) * comp - 1) * unit
    return key, key


# upstream's metaclass names, for legacy code
from ..core.legacymeta import MetaAnalyzer, MetaTimeFrameAnalyzerBase  # noqa: E402,F401
