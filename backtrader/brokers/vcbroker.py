"""``VCBroker``: VisualChart live broker (placeholder, see ``backtrader.unavailable``)."""
from __future__ import annotations

from ..unavailable import unavailable

__all__ = ['VCBroker']

VCBroker = unavailable('VCBroker', 'VisualChart live trading (broker)', 'live-trading',
                       __name__)
