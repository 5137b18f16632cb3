"""Streamed runs: the memory-saving modes (``exactbars >= 1``, ``preload=False``)
at runonce speed.

Upstream runs both bar by bar: every indicator steps in Python on every bar
(over lines that keep only their lookback with ``exactbars >= 1``, over every
bar loaded so far with ``preload=False``). A streamed run gives the
same results a block of bars at a time: the feed parses a block of its file
vectorised (``stream_blocks``), every indicator computes the block vectorised
(``StrategyDriver.once_span``), the strategy, broker, analyzers and observers
run bar by bar over it as in a runonce run (``Engine.run_streamed``), and the
memory of bars older than the longest lookback is handed back
(``lines/virtual.py``: lines as long as the run whose pages exist only where
bars are in use). Memory is flat in the bar count.

``plan_stream`` is the one rule deciding when a run streams; other runs keep
the ``exactbars`` rings and step bar by bar.
"""
from __future__ import annotations

from typing import Iterator, Optional

from ..lines.iterator import clock_of
from ..lines.virtual import VirtualStorage, available

__all__ = ['plan_stream', 'StreamPlan', 'CHUNK_BARS']

#: most bars computed as one block (None: a block of the file as read, about
#: 17,000 bars); tests vary it to show block boundaries change nothing
CHUNK_BARS: Optional[int] = None

# slots beyond the longest lookback kept before a block, and filled ahead of
# it (observers and the strategy may stand a bar or two off the data)
_MARGIN = 64


class StreamPlan:
    """What a streamed run needs: the data's ``blocks`` (``stream_blocks``),
    the run's line ``storage``, the bars to ``keep`` before each block, the
    analyzers' ``folds`` to call after it and the run's ``exactbars`` (the
    rings the lines end in)."""

    __slots__ = ('blocks', 'storage', 'keep', 'folds', 'exactbars')

    def __init__(self, blocks: Iterator, storage: VirtualStorage, keep: int,
                 folds: list, exactbars: int) -> None:
        self.blocks = blocks
        self.storage = storage
        self.keep = keep
        self.folds = folds
        self.exactbars = exactbars

    @property
    def chunk(self) -> Optional[int]:
        return CHUNK_BARS


def plan_stream(drivers: list, datas: list, plan, exactbars: int, preload: bool, control,
                live: bool) -> Optional[StreamPlan]:
    """The plan of a streamed run, or None when the run does not stream.

    A run streams when all of these hold: ``exactbars >= 1``, or ``preload=False``
    (every bar kept, in a temporary file: ``VirtualStorage(keep_history=True)``);
    not live; the platform can hand memory back; no checkpoints; one strategy on one data
    in the lean runonce loop (``plan``: a RunPlan made for runonce); every
    indicator computes a block at a time (``can_stream``); the data streams
    its source in parsed blocks (``stream_blocks``). Then the strategy's
    analyzers and observers are switched to the streamed run's figures
    (``StrategyDriver.stream``)."""
    keep_history = not preload and exactbars == 0
    if (exactbars < 1 and not keep_history) or live or control is not None \
            or not available() or not plan.lean:
        return None
    if len(datas) != 1 or len(drivers) != 1 or not drivers[0].can_stream():
        return None
    data, driver = datas[0], drivers[0]
    blocks = data.stream_blocks()       # (lazy: nothing read until iterated)
    if blocks is None:
        return None
    clocks, lookback = driver.stream_clocks(clock_of(data))
    storage = VirtualStorage(clocks, data.bars_bound() + 2, keep_history)
    if not storage.reserve():
        return None                     # the system refuses the mappings
    return StreamPlan(blocks, storage, 2 * lookback + _MARGIN, driver.stream(exactbars),
                      exactbars)
