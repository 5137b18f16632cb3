"""``StrategyHooks``: the methods a strategy overrides to hear about the run
(mixed into ``Strategy``; the engine calls a hook only when it is overridden)."""
from __future__ import annotations

__all__ = ['StrategyHooks']


class StrategyHooks:
    """The overridable hooks of a strategy, doing nothing by default."""

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
