"""``BarReplayer_Open`` (alias ``DayStepsFilter``): each bar is replayed in two
steps, its open first, then the complete bar."""
from __future__ import annotations

__all__ = ['BarReplayer_Open', 'DayStepsFilter']


class BarReplayer_Open:
    """Delivers every bar first as an *open tick* (open = high = low = close =
    the bar's open, volume and open interest 0) and then, as an update of the
    same bar, the complete bar -- the data replays (``data.replaying``), so
    orders created on the open tick see the rest of the bar."""

    def __init__(self, data) -> None:
        self.pending = None
        data.resampling = 1
        data.replaying = True

    def __call__(self, data) -> bool:
        bar = [line[0] for line in data.lines.lines]
        opentick = list(bar)
        o = bar[3]
        opentick[0:6] = [o, o, o, o, 0.0, 0.0]
        pending, self.pending = self.pending, bar
        if pending is None:
            # the first bar: its open tick is delivered from the stack (the
            # later filters do not see it), the bar itself is held back
            data._add2stack(opentick)
            data.backwards()
            return True
        # the previous bar completes in place; this one opens next
        data.backwards()
        _write(data, pending)
        data._add2stack(opentick)
        return False

    def last(self, data) -> bool:
        if self.pending is None:
            return False
        _write(data, self.pending)
        self.pending = None
        return True


def _write(data, values) -> None:
    for line, v in zip(data.lines.lines, values):
        line[0] = v


DayStepsFilter = BarReplayer_Open
