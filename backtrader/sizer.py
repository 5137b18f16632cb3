"""Sizer base: decides the stake of orders created without an explicit size."""
from __future__ import annotations

from typing import Any

from .core.legacymeta import MetaParams, with_metaclass  # noqa: F401 (upstream's names)
from .core.params import ParamsBase
from .core.registry import get_registry

__all__ = ['Sizer', 'SizerBase']


class Sizer(ParamsBase):
    """Base class of sizers.

    A strategy calls ``set(strategy, broker)`` once and then ``getsizing(data,
    isbuy)`` whenever it needs a size; subclasses implement ``_getsizing``. A size
    of 0 means no order is created.
    """

    strategy: Any = None
    broker: Any = None

    def __init__(self) -> None:
        # no extra arguments: unknown keywords raise ParameterError (a TypeError)
        super().__init__()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # only the framework's own sizers: a user class must not shadow them
        if cls.__module__.startswith('backtrader.'):
            get_registry('sizers').register(cls.__name__, cls)

    def getsizing(self, data: Any, isbuy: bool) -> Any:
        """Size for an order on ``data`` (``isbuy`` tells the direction)."""
        comminfo = self.broker.getcommissioninfo(data)
        return self._getsizing(comminfo, self.broker.getcash(), data, isbuy)

    def _getsizing(self, comminfo: Any, cash: float, data: Any, isbuy: bool) -> Any:
        """Return the size; ``comminfo`` is the scheme of ``data`` and ``cash`` the
        broker's current cash."""
        raise NotImplementedError

    def set(self, strategy: Any, broker: Any) -> None:
        """Attach the strategy and broker the sizer works for."""
        self.strategy = strategy
        self.broker = broker


SizerBase = Sizer  # upstream alias (same class)
get_registry('sizers').register('Sizer', Sizer)
get_registry('sizers').register('SizerBase', Sizer)
