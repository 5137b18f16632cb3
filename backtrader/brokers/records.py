"""Value records of the simulated broker: cash, value and share value after
every broker cycle, written once into the storage of the consumers that read
them, and the deferred valuation that fills skipped bars in one pass.

Consumers register a column: an analyzer a history of values or share
values (``value_history``: an ``array('d')`` it reads, e.g. DrawDown), the
Broker observer its own cash and value lines (``add_value_sink``: the broker
writes them, the observer needs no call per bar). A cycle's figures go to
every column through one method each; there is no other copy.

Deferred valuation. In a runonce loop over one data (``Engine._run_once_lean``)
a broker with nothing pending and at most one plain stock-like position has
nothing to do per bar but value that position and record the figures. The
loop then stops calling the broker's ``next`` (``_deferring``). A value read
computes the current bar's figures only; a state change (the broker's
``_wake``: an order, cash added...) closes the stretch of skipped bars as a
segment (its parameters, and room reserved in every column). Segments are
written into the columns in one vectorised pass when those are read
(``sync``) and at the end of the loop, with the same formula as the per-bar
valuation (``valuation.stock_position``), so with the same figures.
"""
from __future__ import annotations

import array
from typing import Any, Optional

import numpy as np

from . import bars
from .valuation import held_value, select_arrays

__all__ = ['ValueRecords']

# fewer deferred bars than this are written one by one (array set-up costs more)
_BATCH_MIN = 64


class _History:
    """The value (or, with ``fund``, the share value) after every cycle,
    appended to an ``array('d')`` (8 bytes a value) the consumer reads."""

    __slots__ = ('fund', 'data')

    def __init__(self, fund: bool) -> None:
        self.fund = fund
        self.data = array.array('d')

    def put(self, cash: float, value: float, fundval: float) -> None:
        self.data.append(fundval if self.fund else value)

    def reserve(self, n: int) -> int:
        first = len(self.data)
        self.data.frombytes(bytes(8 * n))
        return first

    def put_at(self, i: int, cash: float, value: float, fundval: float) -> None:
        self.data[i] = fundval if self.fund else value

    def put_many(self, dest: np.ndarray, figures: tuple) -> None:
        np.frombuffer(self.data, dtype=np.float64)[dest] = figures[2 if self.fund else 1]


class _Sink:
    """Cash and value into an observer's two lines (on one clock), at the
    slot the observer fills for the cycle: the one after its current one
    while the broker runs every bar; while deferring, counted from there
    (``next``, set by ``ValueRecords.begin``)."""

    __slots__ = ('cashline', 'valueline', 'next', 'clock', 'capacity', 'cashslots',
                 'valueslots')

    def __init__(self, cashline: Any, valueline: Any) -> None:
        self.cashline = cashline
        self.valueline = valueline
        self.next = 0
        self.clock = None               # storage handles: taken at the first cycle
        self.capacity = -1
        self.cashslots = self.valueslots = None

    def __getstate__(self) -> tuple:
        # (pickling) the storage handles are taken again at the next write
        return self.cashline, self.valueline, self.next

    def __setstate__(self, state: tuple) -> None:
        self.cashline, self.valueline, self.next = state
        self.clock = None
        self.capacity = -1
        self.cashslots = self.valueslots = None

    def _handles(self, size: int) -> None:
        self.clock, self.cashslots = bars.slots(self.cashline, size)
        self.valueslots = bars.slots(self.valueline, size)[1]
        self.capacity = self.clock.capacity

    def put(self, cash: float, value: float, fundval: float) -> None:
        # every cycle the broker runs: handles indexed, taken again when the
        # storage is reallocated (the clock's capacity changes)
        clock = self.clock
        if clock is None:
            self._handles(0)
            clock = self.clock
        slot = clock.idx + 1
        if slot >= self.capacity or clock.capacity != self.capacity:
            self._handles(slot + 1)
        self.cashslots[slot] = cash
        self.valueslots[slot] = value

    def reserve(self, n: int) -> int:
        first = self.next
        self.next = first + n
        return first

    def put_at(self, i: int, cash: float, value: float, fundval: float) -> None:
        bars.write_pair(self.cashline, self.valueline, i, cash, value)

    def put_many(self, dest: np.ndarray, figures: tuple) -> None:
        bars.write_many(self.cashline, dest, figures[0])
        bars.write_many(self.valueline, dest, figures[1])


class ValueRecords:
    """The columns of one broker run and its deferred segments."""

    __slots__ = ('columns', 'histories', 'sinks', 'clock', 'dfrom', 'segments')

    def __init__(self) -> None:
        self.columns = []
        self.histories = {}         # fund? -> its _History (one of each)
        self.sinks = []
        self.clock = None           # the data's clock while deferral is allowed
        self.dfrom = 0              # first bar of the stretch being skipped
        # closed stretches not written yet: (first bar, bars, first slot of
        # each column, cash, value, share value, shares, held position's
        # (close line, size, price, mult, leverage) or None)
        self.segments = []

    # -- consumers ---------------------------------------------------------------------------
    def history(self, fund: bool, private: bool = False) -> array.array:
        """The history column of values (``fund``: share values), shared by
        every consumer; ``private``: one of the consumer's own, which it may
        empty once read (no segment is pending then: ``sync`` first)."""
        column = None if private else self.histories.get(fund)
        if column is None:
            column = _History(fund)
            if not private:
                self.histories[fund] = column
            self.columns.append(column)
        return column.data

    def add_sink(self, cashline: Any, valueline: Any) -> None:
        sink = _Sink(cashline, valueline)
        self.sinks.append(sink)
        self.columns.append(sink)

    # -- deferral ----------------------------------------------------------------------------
    def begin(self) -> None:
        """Bars after the current one are skipped from now on."""
        self.dfrom = self.clock.idx + 1
        for sink in self.sinks:
            # the cycle just run wrote the sink's next slot (and took its clock)
            clock = sink.clock
            sink.next = (clock.idx + 1 if clock is not None else
                         bars.next_slot(sink.cashline)) + 1

    def close_segment(self, ledger: Any, hold: Optional[tuple], now: bool = False) -> None:
        """End the stretch of skipped bars at the current bar: the ledger's
        figures of the current bar now, the stretch recorded as a segment
        (with ``now``, a short stretch is written at once)."""
        cur = self.clock.idx
        start = self.dfrom
        n = cur + 1 - start
        if n <= 0:
            return
        self.dfrom = cur + 1
        if hold is not None and cur != ledger.vidx:
            ledger.value_held(hold)
            ledger.vidx = cur
        columns = self.columns
        if not columns:
            return                      # nobody keeps the figures of past bars
        cash, value, fundval = ledger.cash, ledger.value, ledger.fundval
        if n == 1 and now and not self.segments:
            # just the current bar (a strategy reading every bar): its figures
            for column in columns:
                column.put_at(column.reserve(1), cash, value, fundval)
            return
        dests = []                      # (a loop: no comprehension frame per order)
        for column in columns:
            dests.append(column.reserve(n))
        if hold is None:
            params = None
        else:
            closeline, position, mult, leverage = hold
            params = (closeline, position.size, position.price, mult, leverage)
        seg = (start, n, dests, cash, value, fundval, ledger.fundshares, params)
        if now and n < _BATCH_MIN and not self.segments:
            self._write_loop((seg,))
        else:
            self.segments.append(seg)

    def write_segments(self) -> None:
        """Write the recorded segments into the columns: one array
        computation over all their bars."""
        segs, self.segments = self.segments, []
        # the segments' fields as columns, each turned into one array (one
        # pass over the segments, however many orders made them)
        starts, lengths, dests, cash, value, fundval, shares, params = zip(*segs)
        lengths = np.array(lengths, dtype=np.int64)
        total = int(lengths.sum())
        if total < _BATCH_MIN:
            self._write_loop(segs)
            return
        firsts = np.cumsum(lengths) - lengths        # offset of each segment in the batch
        within = np.arange(total) - np.repeat(firsts, lengths)
        # per segment: cash, value, share value, shares (idle: constant over its bars)
        figures = np.array((cash, value, fundval, shares), dtype=np.float64)
        cash, values, funds = np.repeat(figures[:3], lengths, axis=1)
        held = np.array([p is not None for p in params], dtype=bool)
        if held.any():
            mask = np.repeat(held, lengths)
            hlen = lengths[held]
            bar = np.repeat(np.array(starts, dtype=np.int64)[held], hlen) + within[mask]
            hparams = [p for p in params if p is not None]
            closes = bars.take(hparams[0][0], bar)      # one data in this loop
            size, price, mult, leverage = [np.repeat(np.array(col, dtype=np.float64), hlen)
                                           for col in list(zip(*hparams))[1:]]
            hvalues = held_value(np.repeat(figures[0][held], hlen), size, price, closes, mult,
                                 leverage, select_arrays)
            values[mask] = hvalues
            funds[mask] = hvalues / np.repeat(figures[3][held], hlen)
        for k, column in enumerate(self.columns):
            first = np.array([d[k] for d in dests], dtype=np.int64)    # its slot per segment
            column.put_many(np.repeat(first, lengths) + within, (cash, values, funds))

    def _write_loop(self, segs) -> None:
        """``write_segments`` bar by bar, for a few bars (a strategy reading
        the observers or DrawDown every bar): cheaper than array set-up."""
        columns = self.columns
        for start, n, dests, cash, value, fundval, shares, params in segs:
            if params is not None:
                closeline, size, price, mult, leverage = params
                closes = bars.window(closeline, start, n)
            for j in range(n):
                if params is not None:
                    value = held_value(cash, size, price, closes[j], mult, leverage)
                    fundval = value / shares
                for column, first in zip(columns, dests):
                    column.put_at(first + j, cash, value, fundval)
