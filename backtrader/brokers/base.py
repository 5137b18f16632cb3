"""Broker base: commission schemes per data and the public broker API."""
from __future__ import annotations

from typing import Any, NamedTuple, Optional

from ..comminfo import CommInfoBase
from ..core.params import ParamsBase
from ..unavailable import not_available

__all__ = ['BrokerBase', 'BrokerCapabilities', 'MetaBroker', 'capabilities_of']


class BrokerCapabilities(NamedTuple):
    """What a broker lets the run loops do with less work (``broker.capabilities()``).

    Each flag promises that the shortcut gives what the general path gives;
    a broker promising nothing (the default) is run through its public
    methods only."""

    #: the deque ``get_notification`` pops from (the loops may pop it
    #: directly), or None
    queue: Any = None
    #: ``_defer_start(clock)`` / ``_deferring`` / ``_defer_stop()``: bars on
    #: which the broker only values held plain positions may be skipped
    defer: bool = False
    #: ``cash``, ``_value``, ``_fundval``, ``_fundshares`` hold what
    #: ``getcash``/``getvalue``/``get_fundvalue``/``get_fundshares`` return
    figures: bool = False
    #: ``buy``/``sell`` are ``submit(_make_order(...))`` with the same arguments
    orders: bool = False
    #: ``_reserve_position(data)`` gives the Position ``getposition(data)``
    #: will return for the whole run
    positions: bool = False


def capabilities_of(broker: Any) -> BrokerCapabilities:
    """``broker.capabilities()``; none for an object that is not a
    ``BrokerBase`` (a duck-typed broker is run through its public methods)."""
    ask = getattr(broker, 'capabilities', None)
    return ask() if ask is not None else BrokerCapabilities()


class BrokerBase(ParamsBase):
    """Holds commission schemes (by data name, ``None`` = default) and defines
    the interface every broker offers."""

    params = (
        ('commission', CommInfoBase(percabs=True)),
    )

    def __init__(self) -> None:
        self.comminfo = dict()
        self.init()

    def init(self) -> None:
        """Set the run state up (called at creation and by ``start``)."""
        if None not in self.comminfo:
            self.comminfo = dict({None: self.p.commission})

    def start(self) -> None:
        """A run starts."""
        self.init()

    def stop(self) -> None:
        """A run ended."""

    def add_order_history(self, orders, notify: bool = False) -> None:
        raise not_available('%s.add_order_history()' % type(self).__name__, 'broker-fidelity')

    def set_fund_history(self, fund) -> None:
        raise not_available('%s.set_fund_history()' % type(self).__name__, 'broker-fidelity')

    def getcommissioninfo(self, data) -> CommInfoBase:
        """Scheme for ``data``: by its name, else the default."""
        name = data._name
        comminfo = self.comminfo
        if name in comminfo:
            return comminfo[name]
        return comminfo[None]

    def setcommission(self, commission: float = 0.0, margin: Optional[float] = None,
                      mult: float = 1.0, commtype: Optional[int] = None, percabs: bool = True,
                      stocklike: bool = False, interest: float = 0.0,
                      interest_long: bool = False, leverage: float = 1.0,
                      automargin: bool = False, name: Optional[str] = None) -> None:
        """Install a ``CommInfoBase`` built from these values for data ``name``
        (None: the default for every data)."""
        comm = CommInfoBase(commission=commission, margin=margin, mult=mult,
                            commtype=commtype, stocklike=stocklike, percabs=percabs,
                            interest=interest, interest_long=interest_long,
                            leverage=leverage, automargin=automargin)
        self._wake()
        self.comminfo[name] = comm
        self._schemes_changed()

    def addcommissioninfo(self, comminfo: CommInfoBase, name: Optional[str] = None) -> None:
        """Install the scheme ``comminfo`` for data ``name`` (None: the default)."""
        self._wake()
        self.comminfo[name] = comminfo
        self._schemes_changed()

    def capabilities(self) -> BrokerCapabilities:
        """The shortcuts this broker allows the run loops (none here)."""
        return BrokerCapabilities()

    def _sync_history(self) -> None:
        """Brokers writing value histories late bring them up to date here."""

    def _wake(self) -> None:
        """Cash, orders or schemes are about to change: brokers skipping
        per-bar work resume it."""

    def _schemes_changed(self) -> None:
        """Commission schemes changed: brokers caching what they imply drop it."""

    def getcash(self) -> float:
        """Cash available (subclasses implement)."""
        raise NotImplementedError('%s.getcash' % type(self).__name__)

    def getvalue(self, datas=None) -> float:
        """Portfolio value (subclasses implement)."""
        raise NotImplementedError('%s.getvalue' % type(self).__name__)

    def get_fundshares(self) -> float:
        return 1.0

    fundshares = property(get_fundshares)

    def get_fundvalue(self) -> float:
        return self.getvalue()

    fundvalue = property(get_fundvalue)

    BrokerBase = getvalue       # (upstream's class has this alias of the base getvalue)

    def set_fundmode(self, fundmode: bool, fundstartval: Optional[float] = None) -> None:
        """Fund accounting is a BackBroker feature; the base ignores it."""

    def get_fundmode(self) -> bool:
        return False

    fundmode = property(get_fundmode, set_fundmode)

    def _abstract(self, what: str):
        raise NotImplementedError('%s does not implement %s' % (type(self).__name__, what))

    def getposition(self, data):
        """Position held on ``data``."""
        return self._abstract('getposition')

    def submit(self, order):
        """Accept an order for execution."""
        return self._abstract('submit')

    def cancel(self, order):
        """Cancel a pending order."""
        return self._abstract('cancel')

    def buy(self, owner, data, size, price=None, plimit=None, exectype=None, valid=None,
            tradeid=0, oco=None, trailamount=None, trailpercent=None, **kwargs):
        """Create and submit a buy order."""
        return self._abstract('buy')

    def sell(self, owner, data, size, price=None, plimit=None, exectype=None, valid=None,
             tradeid=0, oco=None, trailamount=None, trailpercent=None, **kwargs):
        """Create and submit a sell order."""
        return self._abstract('sell')

    def next(self) -> None:
        pass


from ..core.legacymeta import MetaBroker  # noqa: E402,F401 (upstream's metaclass name)
