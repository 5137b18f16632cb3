"""``HeikinAshi``: rewrites the bars in place as Heikin-Ashi candles."""
from __future__ import annotations

from ..core.params import ParamsBase

__all__ = ['HeikinAshi']


class HeikinAshi(ParamsBase):
    """close = (o + h + l + c) / 4; open = (previous open + previous close) / 2
    of the rewritten bars ((o + c) / 2 on the first bar); high/low widened to
    include the new open and close."""

    def __init__(self, data) -> None:
        pass

    def __call__(self, data) -> bool:
        o, h, lo, c = data.open[0], data.high[0], data.low[0], data.close[0]
        ha_close = (o + h + lo + c) / 4.0
        # (the new close is written before the previous bar is read: in a
        # memory-saving run keeping one bar, ``[-1]`` is the current bar, and
        # upstream's open there is the mean of the raw open and the new close)
        data.close[0] = ha_close
        if len(data) > 1:
            ha_open = (data.open[-1] + data.close[-1]) / 2.0
        else:
            ha_open = (o + c) / 2.0
        data.open[0] = ha_open
        data.high[0] = max(h, ha_open, ha_close)
        data.low[0] = min(lo, ha_open, ha_close)
        return False
