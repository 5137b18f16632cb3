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
from ..core.params import ParamsBase, check_leftover_kwargs
from ..core.registry import get_registry
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
        from ..strategy import Strategy
        kwargs = self._bt_takeparams(kwargs)
        check_leftover_kwargs(type(self), init, kwargs)
        owner = find_owner((Strategy, Analyzer), skip=self)
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
                for name in data.lines.getlinealiases():
                    setattr(self, 'data%d_%s' % (i, name), getattr(data.lines, name))
                    if i == 0:
                        setattr(self, 'data_%s' % name, getattr(data.lines, name))
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
        pass

    def notify_fund(self, cash: float, value: float, fundvalue: float, shares: float) -> None:
        pass

    def notify_order(self, order) -> None:
        pass

    def notify_trade(self, trade) -> None:
        pass

    def prenext(self) -> None:
        self.next()

    def nextstart(self) -> None:
        self.next()

    def next(self) -> None:
        pass

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def create_analysis(self) -> None:
        self.rets = OrderedDict()

    def get_analysis(self):
        return self.rets

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
        _pprint.pprint(self.get_analysis(), *args, **kwargs)


class TimeFrameAnalyzerBase(Analyzer):
    """Analyzer acting on period boundaries of the strategy's datetime:
    ``on_dt_over()`` runs whenever a new period (``timeframe``/``compression``,
    default data0's) starts."""

    params = (
        ('timeframe', None),
        ('compression', None),
        ('_doprenext', True),
    )

    def __init_subclass__(cls, **kwargs):
        if '_on_dt_over' in cls.__dict__ and 'on_dt_over' not in cls.__dict__:
            cls.on_dt_over = cls.__dict__['_on_dt_over']
        super().__init_subclass__(**kwargs)

    def _start(self) -> None:
        self.timeframe = self.p.timeframe or self.data._timeframe
        self.compression = self.p.compression or self.data._compression
        self.dtcmp, self.dtkey = self._get_dt_cmpkey(_dt.datetime.min)
        super()._start()

    def _prenext(self) -> None:
        for child in self._children:
            child._prenext()
        if self._dt_over():
            self.on_dt_over()
        if self.p._doprenext:
            self.prenext()

    def _nextstart(self) -> None:
        for child in self._children:
            child._nextstart()
        if self._dt_over() or not self.p._doprenext:
            self.on_dt_over()
        self.nextstart()

    def _next(self) -> None:
        for child in self._children:
            child._next()
        if self._dt_over():
            self.on_dt_over()
        self.next()

    def on_dt_over(self) -> None:
        pass

    def _dt_over(self) -> bool:
        if self.timeframe == TimeFrame.NoTimeFrame:
            dtcmp, dtkey = _dt.datetime.max, _dt.datetime.max
        else:
            dt = self.strategy.datetime.datetime()
            dtcmp, dtkey = self._get_dt_cmpkey(dt)
        if self.dtcmp is None or dtcmp > self.dtcmp:
            self.dtkey, self.dtkey1 = dtkey, self.dtkey
            self.dtcmp, self.dtcmp1 = dtcmp, self.dtcmp
            return True
        return False

    def _get_dt_cmpkey(self, dt):
        tf = self.timeframe
        if tf == TimeFrame.NoTimeFrame:
            return None, None
        if tf == TimeFrame.Years:
            dtcmp = dt.year
            dtkey = _dt.date(dt.year, 12, 31)
        elif tf == TimeFrame.Months:
            dtcmp = dt.year * 100 + dt.month
            _, lastday = calendar.monthrange(dt.year, dt.month)
            dtkey = _dt.datetime(dt.year, dt.month, lastday)
        elif tf == TimeFrame.Weeks:
            isoyear, isoweek, isoweekday = dt.isocalendar()
            dtcmp = isoyear * 100 + isoweek
            sunday = dt + _dt.timedelta(days=7 - isoweekday)
            dtkey = _dt.datetime(sunday.year, sunday.month, sunday.day)
        elif tf == TimeFrame.Days:
            dtcmp = dt.year * 10000 + dt.month * 100 + dt.day
            dtkey = _dt.datetime(dt.year, dt.month, dt.day)
        else:
            dtcmp, dtkey = self._get_subday_cmpkey(dt)
        return dtcmp, dtkey

    def _get_subday_cmpkey(self, dt):
        # right edge of the bucket the time falls in, minus one unit
        tf, comp = self.timeframe, self.compression
        point = dt.hour * 60 + dt.minute
        if tf < TimeFrame.Minutes:
            point = point * 60 + dt.second
        if tf < TimeFrame.Seconds:
            point = point * 1000000 + dt.microsecond
        point = point // comp
        point += 1
        point *= comp
        ph, pm, ps, pus = 0, 0, 0, 0
        if tf == TimeFrame.Minutes:
            ph, pm = divmod(point, 60)
            ps = pus = 0
        elif tf == TimeFrame.Seconds:
            ph, pm = divmod(point, 3600)
            pm, ps = divmod(pm, 60)
            pus = 0
        elif tf < TimeFrame.Seconds:
            ph, pm = divmod(point, 3600 * 1000000)
            pm, ps = divmod(pm, 60 * 1000000)
            ps, pus = divmod(ps, 1000000)
        extradays = 0
        if ph > 23:
            extradays, ph = divmod(ph, 24)
        dtcmp = dt.replace(hour=ph, minute=pm, second=ps, microsecond=pus)
        dtcmp -= _tf_unit(tf)
        if extradays:
            dtcmp += _dt.timedelta(days=extradays)
        return dtcmp, dtcmp


def _tf_unit(tf) -> _dt.timedelta:
    if tf == TimeFrame.Minutes:
        return _dt.timedelta(minutes=1)
    if tf == TimeFrame.Seconds:
        return _dt.timedelta(seconds=1)
    return _dt.timedelta(microseconds=1)


MetaAnalyzer = Analyzer
MetaTimeFrameAnalyzerBase = TimeFrameAnalyzerBase
