"""Value records of the simulated broker: cash, value and share value after
every broker cycle, written once into the storage of the consumers that read
them, and the deferred valuation that computes them late, many bars in one
pass.

Consumers register a column: an analyzer a history of values or share
values (``value_history``: an ``array('d')`` it reads, e.g. DrawDown), the
Broker observer its own cash and value lines (``add_value_sink``: the broker
writes them, the observer needs no call per bar). A cycle's figures go to
every column through one method each; there is no other copy.

Deferred valuation. In a runonce loop whose datas move together
(``Engine._run_lean``, ``Engine._run_stepped`` over one timeline), while
every open position (any number, or none) is a plain stock-like one and
nothing accrues, a bar's figures depend only on the state a broker cycle
left (cash, fund shares, each position's size and price) and the bar's
closes. Such a cycle values nothing: it leaves a *mark* (its bar and that
state), which holds for the bars after it until the next cycle's mark; while
nothing is pending the loop stops calling the broker's ``next`` at all
(``_deferring``). A value read computes the current bar's figures from the
last mark; the columns are written (``write``) when they are read, at the
end of the loop and every ``_MARKS_MAX`` marks: every bar since the last
write in one array computation with the formula of the per-bar valuation
(``valuation.stock_position``, positions added in the same order), so with
the same figures.
"""
from __future__ import annotations

import array
from itertools import chain
from typing import Any

import numpy as np

from . import bars
from .ledger import held_state
from .valuation import held_figures, select_arrays, stock_position

__all__ = ['ValueRecords']

# fewer bars than this are written one by one (array set-up costs more)
_BATCH_MIN = 64
# marks kept at most before they are written (memory stays bounded)
_MARKS_MAX = 4096


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

    def put_many(self, first: int, figures: tuple) -> None:
        values = figures[2 if self.fund else 1]
        np.frombuffer(self.data, dtype=np.float64)[first:first + len(values)] = values


class _Sink:
    """Cash and value into an observer's two lines (on one clock), at the
    slot the observer fills for the cycle: the one after its current one
    while the broker writes every bar; while deferring, counted from there
    (``next``, set by ``ValueRecords.mark``)."""

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

    def put_many(self, first: int, figures: tuple) -> None:
        bars.write_many(self.cashline, first, figures[0])
        bars.write_many(self.valueline, first, figures[1])


class ValueRecords:
    """The columns of one broker run and the marks not written yet."""

    __slots__ = ('columns', 'histories', 'sinks', 'clock', 'marks', 'wfrom', 'upto', 'keyed')

    def __init__(self) -> None:
        self.columns = []
        self.histories = {}         # fund? -> its _History (one of each)
        self.sinks = []
        self.clock = None           # the datas' clock while deferral is allowed
        # (bar, cash, fund shares, held, state) of each cycle that left its
        # figures to be computed (see Ledger.held; state: ledger.held_state
        # of the held positions), oldest first; each holds up to the next one
        self.marks = []
        self.wfrom = 0              # first bar not written into the columns
        self.upto = -1              # last bar whose state is final (a cycle ran)
        self.keyed = []             # (close line, mult, leverage) by key (Ledger.keyed)

    # -- consumers ---------------------------------------------------------------------------
    def history(self, fund: bool, private: bool = False) -> array.array:
        """The history column of values (``fund``: share values), shared by
        every consumer; ``private``: one of the consumer's own, which it may
        empty once read (no mark is pending then: ``write`` first)."""
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

    def put(self, ledger: Any) -> None:
        """The ledger's figures are those of the current bar: into every
        column (after the marks' bars)."""
        if self.marks:
            self.write(self.upto)
            self.marks = []
        for column in self.columns:
            column.put(ledger.cash, ledger.value, ledger.fundval)

    # -- deferral ----------------------------------------------------------------------------
    def mark(self, ledger: Any, bar: int) -> None:
        """The figures of ``bar`` and of the bars after it are those of the
        ledger's state now (``ledger.held`` set); the ledger's figures are
        computed when read (``current``)."""
        ledger.vidx = -1
        marks = self.marks
        if not marks:
            self.wfrom = bar
            self.keyed = ledger.keyed
            for sink in self.sinks:
                # the observer fills this bar's slot after the broker's cycle
                sink.next = bars.next_slot(sink.cashline)
        marks.append((bar, ledger.cash, ledger.fundshares, ledger.held,
                      held_state(ledger.heldpos)))
        self.upto = bar
        if len(marks) >= _MARKS_MAX:
            self.write(bar)

    def current(self, ledger: Any) -> None:
        """The ledger's figures: those of the current bar under the last
        mark (nothing changes them within a bar without a cycle)."""
        idx = self.clock.idx
        if idx != ledger.vidx:
            _, cash, shares, held, state = self.marks[-1]
            ledger.value_state(cash, shares, held, state)
            ledger.vidx = idx

    def write(self, final: int) -> None:
        """Write the figures of the bars up to ``final`` not written yet into
        every column; the last mark holds on."""
        marks = self.marks
        wfrom = self.wfrom
        total = final + 1 - wfrom
        if total <= 0 or not marks:
            return
        self.wfrom = final + 1
        self.marks = [marks[-1]]
        columns = self.columns
        if not columns:
            return                      # nobody keeps the figures of past bars
        firsts = []                     # (a loop: no comprehension frame per write)
        for column in columns:
            firsts.append(column.reserve(total))
        # bars covered by each mark (the first one from wfrom on)
        starts = [m[0] for m in marks]
        starts[0] = wfrom
        ends = starts[1:]
        ends.append(final + 1)
        if total < _BATCH_MIN:
            self._write_loop(marks, starts, ends, firsts)
            return
        starts = np.array(starts, dtype=np.int64)
        lengths = np.array(ends, dtype=np.int64) - starts
        # (one list per field: zip(*marks) over thousands of marks is ten times slower)
        cash = np.repeat(np.array([m[1] for m in marks], dtype=np.float64), lengths)
        acc = self._positions_value(marks, starts - wfrom, lengths, wfrom, total)
        values = cash + acc
        funds = values / np.repeat(np.array([m[2] for m in marks], dtype=np.float64), lengths)
        for column, first in zip(columns, firsts):
            column.put_many(first, (cash, values, funds))

    def _positions_value(self, marks: list, offsets: np.ndarray, lengths: np.ndarray,
                         wfrom: int, total: int) -> np.ndarray:
        """Unlevered positions value of each of ``total`` bars from
        ``wfrom``: mark ``k`` covers ``lengths[k]`` bars from ``offsets[k]``.
        Positions are added in each mark's order: one array step per place
        in that order, over every bar with a position there."""
        acc = np.zeros(total)
        helds = [m[3] for m in marks]
        counts = np.fromiter(map(len, helds), np.int64, len(helds))
        n = int(counts.sum())
        if not n:
            return acc
        # one item per (mark, held position)
        keys = np.fromiter(chain.from_iterable(helds), np.int64, n)
        state = np.fromiter(chain.from_iterable(m[4] for m in marks), np.float64,
                            2 * n).reshape(n, 2)
        if counts.max() == 1 and keys.min() == keys.max():
            # Fast path, when at most one position is held, always the same
            # (one data): the general steps below with one place and one key,
            # without expanding items to (bar, position) pairs.
            line, mult, leverage = self.keyed[int(keys[0])]
            holding = counts.astype(bool)           # marks with the position
            held = np.repeat(holding, lengths)      # bars with it
            reps = lengths[holding]
            close = bars.take(line, np.arange(wfrom, wfrom + total))[held]
            acc[held] = stock_position(acc[held], np.repeat(state[:, 0], reps),
                                       np.repeat(state[:, 1], reps), close, np.float64(mult),
                                       np.float64(leverage), select_arrays)[2]
            return acc
        place = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)
        mark_of = np.repeat(np.arange(len(marks)), counts)
        # ... expanded to one item per (bar, held position)
        reps = lengths[mark_of]
        item = np.repeat(np.arange(n), reps)
        bar = np.repeat(offsets[mark_of], reps) + (
            np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps))
        # the held keys, sorted (np.unique would import numpy.ma on first use: ~7 ms)
        used = np.flatnonzero(np.bincount(keys))
        rank = np.zeros(int(used[-1]) + 1, dtype=np.int64)
        rank[used] = np.arange(len(used))
        keyed = self.keyed
        span = np.arange(wfrom, wfrom + total)
        closes = np.stack([bars.take(keyed[k][0], span) for k in used.tolist()])
        terms = np.array([keyed[k][1:] for k in used.tolist()], dtype=np.float64)
        ranks = rank[keys][item]
        closes = closes[ranks, bar]
        mult, leverage = terms[ranks, 0], terms[ranks, 1]
        size, price = state[item, 0], state[item, 1]
        place = place[item]
        for j in range(int(counts.max())):
            at = np.flatnonzero(place == j)
            b = bar[at]
            acc[b] = stock_position(acc[b], size[at], price[at], closes[at], mult[at],
                                    leverage[at], select_arrays)[2]
        return acc

    def _write_loop(self, marks: list, starts: list, ends: list, firsts: list) -> None:
        """``write`` bar by bar, for a few bars (a strategy reading the
        observers or DrawDown every bar): cheaper than array set-up."""
        columns = self.columns
        wfrom = starts[0]
        keyed = self.keyed
        for (_, cash, shares, held, state), start, end in zip(marks, starts, ends):
            n = end - start
            terms = [(bars.window(keyed[k][0], start, n), keyed[k][1], keyed[k][2])
                     for k in held]
            pairs = iter(state)
            pairs = list(zip(pairs, pairs))
            for j in range(n):
                value = held_figures(cash, pairs, [(c[j], m, lv) for c, m, lv in terms])[0]
                fundval = value / shares
                for column, first in zip(columns, firsts):
                    column.put_at(first + start + j - wfrom, cash, value, fundval)
