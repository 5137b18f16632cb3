"""Broker cash/value observers."""
from __future__ import annotations

from typing import Any

from .base import Observer

__all__ = ['Cash', 'Value', 'Broker', 'CashValue', 'FundValue', 'FundShares']


class Cash(Observer):
    """Broker cash on each bar."""
    _skips_unfilled_orders = True

    _stclock = True
    lines = ('cash',)
    plotinfo = dict(plot=True, subplot=True)
    plotlines = dict(cash=dict())

    def next(self) -> None:
        self._l0[0] = self._owner.broker.getcash()


class Value(Observer):
    """Portfolio value (fund value in fund mode) on each bar."""
    _skips_unfilled_orders = True

    _stclock = True
    params = (('fund', None),)
    lines = ('value',)
    plotinfo = dict(plot=True, subplot=True)
    plotlines = dict(value=dict())

    def start(self) -> None:
        fund = self.p.fund
        self._fundmode = self._owner.broker.fundmode if fund is None else fund

    def next(self) -> None:
        broker = self._owner.broker
        self._l0[0] = broker.fundvalue if self._fundmode else broker.getvalue()


class Broker(Observer):
    """Cash and value of the broker on each bar."""
    _skips_unfilled_orders = True

    _stclock = True
    alias = ('CashValue',)
    params = (('fund', None),)
    lines = ('cash', 'value')
    plotinfo = dict(plot=True, subplot=True)
    plotlines = dict(cash=dict(), value=dict())

    def start(self) -> None:
        fund = self.p.fund
        self._fundmode = self._owner.broker.fundmode if fund is None else fund
        if self._fundmode:
            _set_plotline(self.plotlines, 'cash', _plotskip=True)
            _set_plotline(self.plotlines, 'value', _name='FundValue')
        self._broker = self._owner.broker
        self._cashline = self.lines.cash
        self._valueline = self.lines.value
        self._slots_clock = None        # storage handles: taken at the first bar
        self._slots_capacity = 0
        self._cashslots = self._valueslots = None
        # runonce with the simulated broker: the broker writes both lines itself
        # after each cycle, so this observer needs no call per bar
        env = self._owner._env
        if env is not None and env._dorunonce and env._dopreload and not env._exactbars:
            self._values_from_broker()

    def _values_from_broker(self) -> None:
        """Runonce (or a streamed run, engine/streamed.py) with the simulated
        broker: the broker writes both lines itself after each cycle, so this
        observer needs no call per bar."""
        if type(self) is Broker and not self._fundmode and \
                hasattr(self._broker, 'add_value_sink'):
            self._broker.add_value_sink(self._cashline, self._valueline)
            self._bt_bar_free = True

    _bt_streamed = _values_from_broker

    def next(self) -> None:
        broker = self._broker
        if self._fundmode:
            # fund mode records only the fund value (cash stays NaN, as upstream)
            self._valueline[0] = broker.fundvalue
            return
        cash = broker.getcash()
        value = broker.getvalue()
        clock = self._slots_clock
        if clock is None or clock.capacity != self._slots_capacity:
            clock = self._take_slots()
        cashslots = self._cashslots
        if cashslots is None:
            self._cashline[0] = cash
            self._valueline[0] = value
        else:
            # plain storage: write the current slots directly (hot path)
            i = clock.idx
            cashslots[i] = cash
            self._valueslots[i] = value

    def __getstate__(self) -> dict:
        # (pickling: a strategy sent back by an optimisation worker) memoryviews
        # do not pickle; the storage handles are taken again at the next bar
        state = self.__dict__.copy()
        state.update(_slots_clock=None, _slots_capacity=0, _cashslots=None, _valueslots=None)
        return state

    def _take_slots(self):
        """Take the storage handles of both lines (docs/lines-api.md): at the
        first bar and again whenever their clock reallocated its storage.
        Rings and bound lines keep the general write (None)."""
        cl, vl = self._cashline, self._valueline
        clock = cl.clock
        self._slots_clock = clock
        self._slots_capacity = clock.capacity
        if cl.maxlen or cl.bindings or vl.maxlen or vl.bindings or vl.clock is not clock:
            self._cashslots = self._valueslots = None
        else:
            self._cashslots, self._valueslots = cl.scalars(), vl.scalars()
        return clock


class _SinkFed:
    """Attribute of the ``Broker`` observer whose lines the broker may fill
    late (deferred valuation in runonce, ``BackBroker._defer_start``):
    reading it brings them up to date first."""

    def __init__(self, name: str, classvalue: Any = None) -> None:
        self.name = name
        self.classvalue = classvalue

    def __get__(self, obj: Any, cls: Any = None) -> Any:
        if obj is None:
            return self if self.classvalue is None else self.classvalue
        d = obj.__dict__
        broker = d.get('_broker')
        if broker is not None:
            broker._sync_history()
        try:
            return d[self.name]
        except KeyError:
            raise AttributeError(self.name) from None

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


for _name in ('cash', 'value'):
    setattr(Broker, _name, _SinkFed(_name))
Broker.lines = _SinkFed('lines', Broker.lines)
Broker.l = _SinkFed('l', Broker.lines)


def _set_plotline(plotlines, name: str, **kwargs) -> None:
    """Update one entry of an instance's plotlines without touching the class defaults."""
    entry = getattr(plotlines, name, None)
    if isinstance(entry, dict) or entry is None:
        setattr(plotlines, name, dict(entry or {}, **kwargs))
    else:
        for key, val in kwargs.items():
            setattr(entry, key, val)


class FundValue(Observer):
    """Fund (share) value on each bar."""
    _skips_unfilled_orders = True

    _stclock = True
    alias = ('FundShareValue', 'FundVal')
    lines = ('fundval',)
    plotinfo = dict(plot=True, subplot=True)
    plotlines = dict(fundval=dict())

    def next(self) -> None:
        self._l0[0] = self._owner.broker.fundvalue


class FundShares(Observer):
    """Fund shares on each bar."""
    _skips_unfilled_orders = True

    _stclock = True
    lines = ('fundshares',)
    plotinfo = dict(plot=True, subplot=True)
    plotlines = dict(fundshares=dict())

    def next(self) -> None:
        self._l0[0] = self._owner.broker.fundshares
