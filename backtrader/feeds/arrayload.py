"""How a feed hands out bars it can read as whole arrays.

Feeds whose source gives ``{line name: float64 array}`` (CSV files through
``csvtable.CSVTable``, DataFrames column-wise) implement ``_load_arrays()``;
preloading then fills the line arrays in one go (``_vector_preload``) and
applies ``fromdate``/``todate`` with array masks, and the bar-by-bar path
(``_load``) hands the arrays out one bar at a time -- a block at a time for
sources that stream (``_stream_arrays``), so a long file is never held whole.

Layer: feeds (numpy; the feed's own lines and clock).
"""
from __future__ import annotations

from typing import Iterator, Optional

import numpy as np

__all__ = ['ArrayLoading']

_INF = float('inf')


class ArrayLoading:
    """Mixin of ``AbstractDataBase``: whole-array and block loading."""

    def _load_arrays(self) -> Optional[dict]:
        """Whole series as ``{line name: float64 array}`` (datetime as date
        numbers), or None when the feed can only deliver bar by bar."""
        return None

    _preparsed = None     # arrays parsed ahead of the run (ParallelCSVLoader)
    _blocks = None        # iterator of (arrays, error) blocks while streaming

    def _stream_arrays(self) -> Optional[Iterator]:
        """Bar-by-bar loading of a long source in bounded memory: an iterator of
        ``(arrays, error)`` -- the next block of bars as ``_load_arrays`` gives
        them and the error the source stops with after that block (None to go
        on) -- or None when the feed only delivers the whole series at once."""
        return None

    def stream_blocks(self) -> Optional[Iterator]:
        """The bars of a streamed run (``engine/streamed.py``): an iterator of
        ``(arrays, error, ended)`` -- the next block of bars as ``preload``
        would store them (input time zone applied, ``fromdate``/``todate``
        selected), the error the source stops with after it (None to go on),
        True when ``todate`` ends the series there -- or None when this feed
        cannot stream (no blocks, filters, resampling, replaying, bars
        parsed ahead, or no bound on its bar count: ``bars_bound``)."""
        if self._filters or self.resampling or self.replaying or self._barstack \
                or self._barstash or self._preparsed is not None \
                or not self._bounded_source():
            return None
        blocks = self._stream_arrays()
        if blocks is None:
            return None
        self._blocks = self._selected_blocks(blocks)    # closed with the feed (stop)
        return self._blocks

    def _selected_blocks(self, blocks):
        for arrays, error in blocks:
            arrays = self._in_output_zone(arrays)
            total = len(arrays['datetime'])
            hi, keep = self._date_window(arrays['datetime'])
            yield _bars_in(arrays, hi, keep), error, hi < total

    def _bounded_source(self) -> bool:
        """True when ``bars_bound`` can tell (without reading the source)."""
        return False

    def bars_bound(self) -> Optional[int]:
        """At most this many bars come from the source (None: not known
        before reading it)."""
        return None

    def _close_blocks(self) -> None:
        blocks, self._blocks = self._blocks, None
        if blocks is not None and hasattr(blocks, 'close'):
            blocks.close()

    def _open_arrays(self) -> bool:
        """Set up what ``_load`` hands out: the first block of a streamed
        source, or the whole series; False when the feed has no arrays."""
        blocks = self._stream_arrays() if self._preparsed is None else None
        if blocks is not None:
            self._blocks = iter(blocks)
            return self._next_block()
        arrs = self._source_arrays()
        if arrs is None:
            return False
        self._seed_arrays(self._in_output_zone(arrs))
        return True

    def _next_block(self) -> bool:
        """Move on to the next streamed block; False when there is none."""
        for arrs, error in self._blocks:
            self._arrays_end_error = error
            self._seed_arrays(self._in_output_zone(arrs))
            return True
        self._close_blocks()
        return False

    def _in_output_zone(self, arrays: dict) -> dict:
        """``arrays`` with the datetimes read in the input zone (``tzinput``)
        converted to UTC date numbers."""
        if self._tzinput is not None:
            arrays['datetime'] = _convert_tzinput(arrays['datetime'], self._tzinput)
        return arrays

    def _source_arrays(self) -> Optional[dict]:
        """``_load_arrays()``, or the arrays parsed ahead (a fresh dict: the
        loading steps replace entries, never change the arrays in place)."""
        if self._preparsed is not None:
            return dict(self._preparsed)
        return self._load_arrays()

    def _vector_preload(self) -> bool:
        if self._barstack or self._barstash:
            return False
        vfilter = None
        if self._filters:
            # one filter able to work on whole arrays (a resampler), or none
            if len(self._filters) > 1:
                return False
            vfilter = self._filters[0][0]
            if not hasattr(vfilter, 'apply_arrays'):
                return False
        arrays = self._source_arrays()
        if arrays is None:
            return False
        selected = self._select_dates(self._in_output_zone(arrays))
        if vfilter is not None:
            filtered = vfilter.apply_arrays(selected)
            if filtered is None:
                # bar by bar after all: hand the arrays already read to _load
                self._seed_arrays(arrays)
                return False
            selected = filtered
        count = len(selected['datetime'])
        clock = self.lines._clock
        if clock.buflen or clock.lencount:   # preloaded again without a reset
            lookahead = clock.extension
            clock.reset()
            if lookahead:
                clock.extend(lookahead)
        clock.set_length(count)
        for name, line in zip(self.lines._names, self.lines.lines):
            src = selected.get(name)
            if src is not None:
                line.storage()[:count] = src
        clock.idx = count - 1
        clock.lencount = count
        # the source is consumed: later bar-by-bar loads find nothing more
        self._arrays, self._arrlines, self._arrlen, self._arrpos = {}, [], 0, 0
        return True

    def _select_dates(self, arrays: dict) -> dict:
        """The bars ``load()`` keeps: those before ``fromdate`` are dropped
        wherever they are, the first one after ``todate`` ends the series."""
        dt = arrays['datetime']
        hi, keep = self._date_window(dt)
        if hi == len(dt) and self._arrays_end_error is not None:
            raise self._arrays_end_error
        return _bars_in(arrays, hi, keep)

    def _date_window(self, dt: np.ndarray) -> tuple:
        """``(hi, keep)`` for the datetimes ``dt`` of consecutive bars: the
        bars from ``hi`` on are past ``todate`` (the series ends there);
        ``keep``: the indices of the bars kept before ``hi`` when some are
        before ``fromdate``, else None (all of them)."""
        hi = len(dt)
        if self.todate < _INF:
            over = np.flatnonzero(dt > self.todate)
            if len(over):
                hi = int(over[0])
        keep = None
        if self.fromdate > -_INF:
            early = dt[:hi] < self.fromdate
            if early.any():
                keep = np.flatnonzero(~early)
        return hi, keep

    def _seed_arrays(self, arrays: dict) -> None:
        """Arrays already read (input time zone applied) for ``_load``."""
        self._arrays = arrays
        self._arrpos = 0
        self._arrlines = [(line, arrays[name]) for name, line in
                          zip(self.lines._names, self.lines.lines) if name in arrays]
        self._arrlen = len(arrays['datetime'])

    def _load(self) -> bool:
        """Deliver the next bar into ``lines[...][0]``; False at the end.

        This default serves feeds with ``_load_arrays``: the arrays are built on
        the first call (input time zone already applied) and handed out bar by
        bar; a streamed source (``_stream_arrays``) is read a block at a time."""
        if self._arrays is None and not self._open_arrays():
            return False
        i = self._arrpos
        while i >= self._arrlen:
            if self._arrays_end_error is not None:
                raise self._arrays_end_error
            if self._blocks is None or not self._next_block():
                return False
            i = 0
        self._arrpos = i + 1
        for line, src in self._arrlines:
            line[0] = src[i]
        return True


def _bars_in(arrays: dict, hi: int, keep) -> dict:
    """The bars of ``arrays`` a ``_date_window`` ``(hi, keep)`` selects."""
    if keep is None:
        return {name: src[:hi] for name, src in arrays.items()}
    return {name: src[keep] for name, src in arrays.items()}


def _convert_tzinput(dtnums: np.ndarray, tz) -> np.ndarray:
    """Date numbers read in the input zone -> UTC date numbers (as the per-bar
    ``date2num(tz.localize(num2date(x)))``)."""
    from ..utils.dateintern import date2num_array
    from .tzconv import localize_us, num_to_us
    dtnums = np.asarray(dtnums, dtype=np.float64)
    finite = np.isfinite(dtnums)
    out = dtnums.copy()
    if finite.any():
        us = localize_us(num_to_us(dtnums[finite]), tz)
        out[finite] = date2num_array(us.view('datetime64[us]'))
    return out
