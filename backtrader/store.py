"""``Store``: base of the connection objects live feeds and brokers share.

There is one store instance per class: every ``StoreClass(...)`` call after the
first returns that first instance unchanged (later arguments are ignored).
A subclass names the feed and broker classes it serves in ``DataCls`` and
``BrokerCls``; ``getdata``/``getbroker`` create them linked to the store.
"""
from __future__ import annotations

import collections
from typing import Any, Optional

from .core.params import ParamsBase

__all__ = ['Store', 'MetaSingleton']


class Store(ParamsBase):
    """Singleton-per-class base of stores."""

    DataCls: Optional[type] = None
    BrokerCls: Optional[type] = None
    _started: bool = False
    _singleton: Optional['Store'] = None

    def __new__(cls, *args: Any, **kwargs: Any) -> 'Store':
        # looked up in the class' own dict: a subclass gets its own instance
        inst = cls.__dict__.get('_singleton')
        if inst is None:
            inst = super().__new__(cls)
            inst._bt_ready = False
        return inst

    def __init__(self) -> None:
        pass

    def _bt_build(self, init, args, kwargs) -> None:
        if self._bt_ready:
            return      # the singleton is configured once, by its first creation
        super()._bt_build(init, args, kwargs)
        self._bt_ready = True
        type(self)._singleton = self    # only a successfully built instance is kept

    def getdata(self, *args: Any, **kwargs: Any) -> Any:
        """A ``DataCls`` feed built with the arguments, linked to this store."""
        data = self.DataCls(*args, **kwargs)
        data._store = self
        return data

    @classmethod
    def getbroker(cls, *args: Any, **kwargs: Any) -> Any:
        """A ``BrokerCls`` broker built with the arguments, linked to the store class."""
        broker = cls.BrokerCls(*args, **kwargs)
        broker._store = cls
        return broker

    def start(self, data: Any = None, broker: Any = None) -> None:
        """Register a feed and/or the broker using the store (first call also
        sets up the notification queue)."""
        if not self._started:
            self._started = True
            self.datas, self.broker = [], None
            self.notifs = collections.deque()
        if data is not None:
            self._env = self._cerebro = data._env
            self.datas.append(data)
        if broker is not None:
            self.broker = broker

    def stop(self) -> None:
        """Release resources (nothing in the base)."""

    def put_notification(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Queue a notification ``(msg, args, kwargs)``."""
        self.notifs.append((msg, args, kwargs))

    def get_notifications(self) -> list:
        """The notifications queued so far (the queue is emptied)."""
        pending = self.notifs
        out = [pending.popleft() for _ in range(len(pending))]
        return out


from .core.legacymeta import MetaParams, MetaSingleton, with_metaclass  # noqa: E402,F401
