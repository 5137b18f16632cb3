"""Observer base: line objects recording what happened on each bar (cash,
value, executions, trades...). They record from the first bar (``prenext``
calls ``next``)."""
from __future__ import annotations

from ..core.context import find_owner
from ..core.registry import get_registry, make_alias_classes
from ..lines.iterator import ObserverBase, LineIterator, StrategyBase

__all__ = ['Observer', 'MetaObserver']


class Observer(ObserverBase):
    """Base of observers; ``_stclock = True`` clocks an observer with the
    strategy instead of its data."""

    _stclock = False
    _OwnerCls = None
    _ltype = LineIterator.ObsType
    csv = True

    plotinfo = dict(plot=False, subplot=True)

    def __init_subclass__(cls, **kwargs):
        if 'alias' not in cls.__dict__:
            cls.alias = ()          # aliases belong to the declaring class only
        super().__init_subclass__(**kwargs)
        cls._plain_next = cls.prenext is Observer.prenext and cls.nextstart is Observer.nextstart
        reg = get_registry('observers')
        reg.register(cls.__name__, cls)
        if cls.__dict__.get('alias'):
            for sub in make_alias_classes(cls):
                reg.register(sub.__name__, sub)

    def _bt_choose_clock(self, datas, owner):
        # observers follow their source clock with a lag: they move when they
        # run, after the strategy's next (see Strategy._follower_clock)
        source = super()._bt_choose_clock(datas, owner)
        if owner is not None and hasattr(owner, '_follower_clock'):
            return owner._follower_clock(source)
        return source

    def _bt_findowner(self):
        # the owning strategy, known by its base type (lines/), so that this
        # layer does not import strategy.py (which sits above it)
        return find_owner(StrategyBase, skip=self)


    # Observers that only react to order/trade notifications can be skipped on
    # bars without any (their lines stay NaN there anyway).
    _notification_driven = False

    # The broker skips the Submitted/Accepted notifications (copies of the
    # order) when nobody reads them. An observer class that ignores orders
    # which have not filled says so in its own body (a subclass, which may
    # read them, does not inherit the claim): see ``skips_unfilled_orders``.
    _skips_unfilled_orders = False

    def _next(self) -> None:
        for ind in self._lineiterators[0]:
            ind._next()
        if self._plain_next:
            self.next()
        else:
            ObserverBase._next(self)

    def prenext(self) -> None:
        """Observers record from the first bar: calls ``next``."""
        self.next()

    def _register_analyzer(self, analyzer) -> None:
        self._analyzers.append(analyzer)

    def _start(self) -> None:
        self.start()

    def start(self) -> None:
        """Called once before the first bar."""
        pass


from ..core.legacymeta import MetaObserver  # noqa: E402,F401 (upstream's metaclass name)


def skips_unfilled_orders(observer) -> bool:
    """True when ``observer``'s own class declares that it never reads the
    notifications of orders without fills."""
    return type(observer).__dict__.get('_skips_unfilled_orders', False)

