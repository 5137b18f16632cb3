"""``RunControl``: checkpoints and resume of one run, as the engine sees them.

The engine asks the control where to pause next (``next_stop``: a bar
count), runs its loop up to there, and reports back (``reached``): the
control writes a checkpoint when one is due and says whether the run goes
on. At the end of the loop -- before any ``stop()`` hook -- ``end`` writes
the last checkpoint. Resuming, ``begin`` checks the setup against the
checkpoint's fingerprint and puts the state back; in next mode the engine
first replays the data up to the checkpoint's bar (``catchup_bars``),
computing indicators but running no strategy, broker or analyzer.

With neither ``checkpoint`` nor ``resume`` given, no control exists and the
engine's loops run as they always did.
"""
from __future__ import annotations

import os
import time
from typing import Optional

from ..core.errors import CheckpointError
from .checkpointfile import CheckpointStore, read_checkpoint
from .runstate import RunState, check_setup, setup_fingerprint

__all__ = ['RunControl', 'checkpoint_info']


def checkpoint_info(path: str) -> dict:
    """What a checkpoint file holds: the bar it was taken after (``bar``),
    the datas' bar counts and last datetimes (``datas``), when it was
    written (``written_at``, epoch seconds), its fingerprint. Raises
    ``StateFileNotFoundError``/``StateFileCorruptError``."""
    meta, _ = read_checkpoint(path, nodes=False)
    return {k: meta[k] for k in ('bar', 'datas', 'written_at', 'fingerprint', 'final',
                                 'checkpoints') if k in meta}


class RunControl:
    """Checkpoint/resume settings of one ``cerebro.run``."""

    def __init__(self, cerebro, checkpoint: Optional[str] = None,
                 checkpoint_every: Optional[int] = None, resume: Optional[str] = None,
                 stop_after: Optional[int] = None, durable: bool = True,
                 background: bool = True, verify: bool = True) -> None:
        if checkpoint_every is not None and (not isinstance(checkpoint_every, int)
                                             or checkpoint_every < 1):
            raise CheckpointError('checkpoint_every must be a positive number of bars, not %r'
                                  % (checkpoint_every,))
        if checkpoint_every is not None and checkpoint is None:
            raise CheckpointError('checkpoint_every needs a checkpoint path (checkpoint=...)')
        if stop_after is not None and (not isinstance(stop_after, int) or stop_after < 0):
            raise CheckpointError('stop_after must be a number of bars, not %r' % (stop_after,))
        self.cerebro = cerebro
        self.path = os.fspath(checkpoint) if checkpoint is not None else None
        self.every = checkpoint_every
        self.resume_path = os.fspath(resume) if resume is not None else None
        self.stop_after = stop_after
        self.durable = durable
        self.background = background
        self.verify = verify
        self.paused = False         # the run stopped at stop_after (its stop hooks not run)
        self.checkpoints = 0
        self._state: Optional[RunState] = None
        self._store: Optional[CheckpointStore] = None
        self._loaded = None         # (meta, rows) of the checkpoint resumed
        self._fingerprint = None
        self.bar = 0                # bars run so far (resumed ones included)
        if self.resume_path is not None:
            self._loaded = read_checkpoint(self.resume_path)

    # -- the run starts -------------------------------------------------------------------------
    @property
    def resuming(self) -> bool:
        """Whether this run continues a checkpoint."""
        return self._loaded is not None

    def catchup_bars(self) -> int:
        """Bars to replay (next mode) before the state is put back."""
        return int(self._loaded[0]['bar']) if self._loaded is not None else 0

    def begin(self, runstrats, datas, place_datas: bool) -> None:
        """The run is built and started (and, in next mode, the datas
        replayed up to the checkpoint): check the setup, then put the state
        back (``place_datas``: runonce, the datas' clocks too)."""
        self._state = RunState(self.cerebro, runstrats, datas)
        self._fingerprint = setup_fingerprint(self.cerebro, runstrats, datas)
        if self._loaded is None:
            return
        meta, rows = self._loaded
        if self.verify:
            check_setup(meta['fingerprint'], self._fingerprint, datas, allow_growth=True)
        self._state.restore(meta, rows, place_datas)
        if self.verify:
            self._state.verify_bars(meta)
        self.bar = int(meta['bar'])
        self._loaded = None             # the rows may be large: not kept

    # -- between bars -------------------------------------------------------------------------------
    def next_stop(self) -> Optional[int]:
        """The bar count to pause at next (None: run to the end)."""
        stops = []
        if self.every is not None:
            stops.append((self.bar // self.every + 1) * self.every)
        if self.stop_after is not None:
            stops.append(self.stop_after)
        return min(stops) if stops else None

    def reached(self, bar: int) -> bool:
        """The loop paused after ``bar`` bars: checkpoint if due; True when
        the run must stop here (``stop_after``)."""
        self.bar = bar
        if self.stop_after is not None and bar >= self.stop_after:
            self.paused = True
            return True
        if self.every is not None and bar % self.every == 0:
            self.write(final=False)
        return False

    def write(self, final: bool) -> None:
        """Checkpoint now (after ``self.bar`` bars)."""
        if self.path is None:
            return
        if self._store is None:
            self._store = CheckpointStore(self.path, durable=self.durable,
                                          background=self.background)
        self.checkpoints += 1
        meta, rows, removed = self._state.capture(
            self.bar, {'fingerprint': self._fingerprint, 'written_at': time.time(),
                       'final': final, 'checkpoints': self.checkpoints})
        self._store.put(rows, removed, meta)

    def end(self) -> None:
        """The loop is over (data exhausted, ``runstop`` or ``stop_after``):
        the last checkpoint, written before the stop hooks run."""
        try:
            if self._state is not None:
                self.write(final=not self.paused)
        finally:
            self.close()

    def close(self) -> None:
        """Wait for the writes and release the file."""
        if self._store is not None:
            store, self._store = self._store, None
            store.close()
