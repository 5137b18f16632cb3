"""``SignalStrategy``: a strategy driven by signal indicators (placeholder).

Signal-driven trading (``cerebro.add_signal``, ``SignalStrategy``) is not
available in this version; the signal constants and the ``Signal`` indicator
are in ``backtrader.signal``.
"""
from __future__ import annotations

from .unavailable import unavailable

__all__ = ['SignalStrategy', 'MetaSigStrategy']

SignalStrategy = unavailable('SignalStrategy', 'signal-driven strategies',
                             'signals', __name__)
from .core.legacymeta import MetaSigStrategy  # noqa: E402,F401 (upstream's metaclass name)
