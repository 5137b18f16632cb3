"""Checkpoint files: an SQLite database written one transaction per
checkpoint, from a background thread.

Tables: ``meta`` (what the checkpoint is: format, layout, fingerprint, the
bar it was taken after, its roots) and ``nodes`` (one row per node of the
run-state graph, see ``graph``). A checkpoint writes only the rows that
changed since the previous one and deletes the rows no longer reachable;
the whole of it is one SQLite transaction, so a process killed at any
moment leaves the previous checkpoint complete (the journal rolls the
interrupted one back when the file is next opened).

Writes go through a single background thread: the run hands over the rows
and goes on. Checkpoints that arrive while one is being written are merged
(the newest roots, all changed rows), so a slow disk delays checkpoints but
never loses one's rows. ``flush()`` waits until everything handed over is on
disk; ``close()`` flushes and stops the thread. Errors of the thread are
raised by the next call.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from typing import Any, Optional

from ..core.errors import CheckpointError, StateFileCorruptError, StateFileNotFoundError
from .formats.sqlitefile import read_checked

__all__ = ['CheckpointStore', 'read_checkpoint', 'CHECKPOINT_KIND', 'CHECKPOINT_LAYOUT']

CHECKPOINT_KIND = 'backtrader-checkpoint'
CHECKPOINT_LAYOUT = 2         # 2: rows hold inline objects, attribute schemas, deflated chunks

_SCHEMA = (
    'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS nodes (oid INTEGER PRIMARY KEY, row TEXT NOT NULL)',
)


def _text(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(',', ':'))


class _Batch:
    """Work handed to the writer: rows to write, oids to delete, meta."""

    __slots__ = ('rows', 'removed', 'meta', 'fresh')

    def __init__(self, rows: dict, removed, meta: dict, fresh: bool) -> None:
        self.rows = dict(rows)
        self.removed = set(removed)
        self.meta = meta
        self.fresh = fresh

    def merge(self, later: '_Batch') -> None:
        if later.fresh:
            self.rows, self.removed, self.fresh = {}, set(), True
        for oid in later.removed:
            self.rows.pop(oid, None)
        self.removed |= later.removed
        self.rows.update(later.rows)
        self.meta = later.meta


class CheckpointStore:
    """Writes the checkpoints of one run to ``path``."""

    def __init__(self, path: str, durable: bool = True, background: bool = True) -> None:
        self.path = os.path.abspath(os.fspath(path))
        self.durable = durable
        self.background = background
        self.written = 0                # checkpoints committed
        self._pending: Optional[_Batch] = None
        self._first = True
        self._error: Optional[BaseException] = None
        self._lock = threading.Condition()
        self._busy = False
        self._closing = False
        self._thread: Optional[threading.Thread] = None
        self._con: Optional[sqlite3.Connection] = None

    # -- run side -------------------------------------------------------------------------
    def put(self, rows: dict, removed, meta: dict) -> None:
        """Hand over a checkpoint (its changed rows, removed oids and meta)."""
        self._raise()
        batch = _Batch(rows, removed, meta, self._first)
        self._first = False
        if not self.background:
            self._write(batch)
            return
        with self._lock:
            if self._pending is None:
                self._pending = batch
            else:
                self._pending.merge(batch)
            self._lock.notify_all()
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name='backtrader-checkpoint',
                                            daemon=True)
            self._thread.start()

    def flush(self) -> None:
        """Wait until every checkpoint handed over is committed."""
        with self._lock:
            while self._pending is not None or self._busy:
                if self._error is not None:
                    break
                self._lock.wait(0.5)
        self._raise()

    def close(self) -> None:
        """Flush and stop the writer."""
        try:
            self.flush()
        finally:
            with self._lock:
                self._closing = True
                self._lock.notify_all()
            if self._thread is not None:
                self._thread.join()
                self._thread = None
            if self._con is not None:
                self._con.close()
                self._con = None

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise CheckpointError('writing the checkpoint %s failed: %s: %s'
                                  % (self.path, type(error).__name__, error)) from error

    # -- writer side ----------------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._lock:
                while self._pending is None and not self._closing:
                    self._lock.wait()
                if self._pending is None:
                    return
                batch, self._pending = self._pending, None
                self._busy = True
            try:
                self._write(batch)
            except BaseException as exc:      # noqa: BLE001 (reported to the run)
                self._error = exc
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()

    def _connect(self) -> sqlite3.Connection:
        if self._con is None:
            con = sqlite3.connect(self.path, isolation_level=None, timeout=60.0,
                                  check_same_thread=False)
            con.execute('PRAGMA journal_mode=WAL')
            con.execute('PRAGMA synchronous=%s' % ('FULL' if self.durable else 'OFF'))
            self._con = con
        return self._con

    def _write(self, batch: _Batch) -> None:
        con = self._connect()
        try:
            con.execute('BEGIN IMMEDIATE')
            for stmt in _SCHEMA:
                con.execute(stmt)
            kind = con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if kind is not None and json.loads(kind[0]) != CHECKPOINT_KIND:
                raise CheckpointError('%s is an SQLite database but not a checkpoint: not '
                                      'overwritten' % self.path)
            if batch.fresh:
                con.execute('DELETE FROM nodes')
                con.execute('DELETE FROM meta')
            if batch.removed:
                con.executemany('DELETE FROM nodes WHERE oid = ?',
                                [(oid,) for oid in batch.removed])
            if batch.rows:
                con.executemany('INSERT OR REPLACE INTO nodes (oid, row) VALUES (?, ?)',
                                batch.rows.items())
            meta = dict(batch.meta, format=CHECKPOINT_KIND, layout=CHECKPOINT_LAYOUT)
            con.executemany('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)',
                            [(k, _text(v)) for k, v in meta.items()])
            con.execute('COMMIT')
        except BaseException:
            if con.in_transaction:
                con.execute('ROLLBACK')
            raise
        self.written += 1


def read_checkpoint(path: str, nodes: bool = True) -> tuple:
    """(meta, rows) of the checkpoint at ``path``; rows (oid -> text) only
    with ``nodes``. Missing or damaged files raise typed errors."""
    path = os.path.abspath(os.fspath(path))
    if not os.path.isfile(path):
        raise StateFileNotFoundError('checkpoint %s does not exist' % path)
    with open(path, 'rb') as fh:
        head = fh.read(16)
    if head != b'SQLite format 3\x00':
        raise StateFileCorruptError('%s is not a checkpoint (not an SQLite database%s)'
                                    % (path, ': it is empty' if not head else ''))
    meta, rows = read_checked(
        path, 'checkpoint %s' % path, 'a checkpoint',
        lambda con, meta: (meta, dict(con.execute('SELECT oid, row FROM nodes')) if nodes
                           else {}))
    if meta.get('format') != CHECKPOINT_KIND:
        raise StateFileCorruptError('%s is not a checkpoint (an SQLite database of another '
                                    'kind)' % path)
    if not isinstance(meta.get('layout'), int) or meta['layout'] > CHECKPOINT_LAYOUT:
        raise StateFileCorruptError('checkpoint %s has layout %r: this version reads up to %d'
                                    % (path, meta.get('layout'), CHECKPOINT_LAYOUT))
    return meta, rows
