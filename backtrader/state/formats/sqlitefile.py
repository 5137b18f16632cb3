"""SQLite state files: saved incrementally, each save one transaction.

A variable is one row of ``vars`` (its tagged JSON), written only when its
text changed since the last save; a timed variable's points are rows of
``timed`` and a save appends the points added since the previous one --
nothing already written is rewritten, unless the series was changed other
than by appending. A crash during a save rolls back to the previous save
(SQLite's journal), so the file always holds one complete save.

A file written by another process (or another manager) since this store
last wrote it is rewritten in full: each save bumps ``revision`` and stamps
the writer's ``token`` in ``meta``.
"""
from __future__ import annotations

import json
import os
import sqlite3
import uuid

from ...core.errors import StateFileCorruptError, StateFileNotFoundError
from ..codec import ValueCodec
from ..timed import TimedSeries
from .record import STATE_KIND, STATE_VERSION, StateRecord, _encode_named

__all__ = ['SQLiteStore', 'read_checked']

_SCHEMA = (
    'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS vars (name TEXT PRIMARY KEY, value TEXT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS timed (name TEXT NOT NULL, seq INTEGER NOT NULL, '
    'at TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (name, seq))',
)


def _text(data) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(',', ':'))


class SQLiteStore:
    """Reads and writes ``StateRecord`` objects in an SQLite database."""

    name = 'sqlite'
    uses_pickle = False

    def __init__(self, codec: ValueCodec, durable: bool = True) -> None:
        self.codec = codec
        self.durable = durable
        self._token = uuid.uuid4().hex
        self._forget()

    def _forget(self) -> None:
        """Drop what is known about the file: the next save writes it whole."""
        self._path = None
        self._revision = None
        self._vars: dict = {}           # name -> text written
        self._timed: dict = {}          # name -> (series, generation, points written)

    def _connect(self, path: str) -> sqlite3.Connection:
        con = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        con.execute('PRAGMA synchronous=%s' % ('FULL' if self.durable else 'OFF'))
        return con

    # -- saving --------------------------------------------------------------------------
    def save(self, path: str, record: StateRecord) -> None:
        """Write what changed in ``record`` since the last save to ``path``."""
        enc = self.codec.encode
        # encode first: a value that cannot be stored fails before the file is touched
        texts = {name: _text(_encode_named(enc, name, value))
                 for name, value in record.values.items()}
        path = os.path.abspath(path)
        try:
            con = self._connect(path)
        except sqlite3.Error as exc:
            raise StateFileCorruptError('cannot open state database %s (%s)' % (path, exc)
                                        ) from None
        try:
            try:
                con.execute('BEGIN IMMEDIATE')
                for stmt in _SCHEMA:
                    con.execute(stmt)
                known = dict(con.execute("SELECT key, value FROM meta WHERE key IN "
                                         "('format', 'token', 'revision')"))
                if known.get('format', _text(STATE_KIND)) != _text(STATE_KIND):
                    raise StateFileCorruptError('%s is an SQLite database but not a state '
                                                'file' % path)
                mine = (path == self._path and known.get('token') == _text(self._token)
                        and known.get('revision') == _text(self._revision))
                if not mine:
                    con.execute('DELETE FROM vars')
                    con.execute('DELETE FROM timed')
                    self._vars, self._timed = {}, {}
                self._write_vars(con, texts)
                self._write_timed(con, record.timed, enc)
                revision = (self._revision or 0) + 1 if mine else 1
                meta = {'format': STATE_KIND, 'version': STATE_VERSION, 'token': self._token,
                        'revision': revision, 'meta': record.meta,
                        # the variables' order (rows have none)
                        'order': [list(record.values), list(record.timed)]}
                con.executemany('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)',
                                [(k, _text(v)) for k, v in meta.items()])
                con.execute('COMMIT')
            except BaseException:
                if con.in_transaction:
                    con.execute('ROLLBACK')
                self._forget()
                raise
        except sqlite3.DatabaseError as exc:
            raise StateFileCorruptError('state database %s cannot be written (%s)'
                                        % (path, exc)) from None
        finally:
            con.close()
        self._path, self._revision = path, revision

    def _write_vars(self, con, texts: dict) -> None:
        written = self._vars
        changed = [(name, text) for name, text in texts.items() if written.get(name) != text]
        if changed:
            con.executemany('INSERT OR REPLACE INTO vars (name, value) VALUES (?, ?)', changed)
        gone = [(name,) for name in written if name not in texts]
        if gone:
            con.executemany('DELETE FROM vars WHERE name = ?', gone)
        self._vars = texts

    def _write_timed(self, con, timed: dict, enc) -> None:
        written = self._timed
        for name, series in timed.items():
            state = written.get(name)
            start = 0
            if state is not None and state[0] is series and state[1] == series.generation \
                    and state[2] <= len(series):
                start = state[2]
            elif state is not None:
                con.execute('DELETE FROM timed WHERE name = ?', (name,))
            if start < len(series):
                rows = [(name, i, _text(_encode_named(enc, name, series.times[i])),
                         _text(_encode_named(enc, name, series.values[i])))
                        for i in range(start, len(series))]
                con.executemany('INSERT OR REPLACE INTO timed (name, seq, at, value) '
                                'VALUES (?, ?, ?, ?)', rows)
            written[name] = (series, series.generation, len(series))
        for name in [n for n in written if n not in timed]:
            con.execute('DELETE FROM timed WHERE name = ?', (name,))
            del written[name]

    # -- loading -------------------------------------------------------------------------
    def load(self, path: str) -> StateRecord:
        """The record in ``path``; the store then continues it incrementally."""
        path = os.path.abspath(path)
        if not os.path.isfile(path):
            raise StateFileNotFoundError('state file %s does not exist' % path)
        where = 'state database %s' % path

        def read(con, meta):
            if meta.get('format') != STATE_KIND:
                raise StateFileCorruptError('%s is not a state file' % where)
            if not isinstance(meta.get('version'), int) or meta['version'] > STATE_VERSION:
                raise StateFileCorruptError('%s has layout version %r: this version reads up '
                                            'to %d' % (where, meta.get('version'),
                                                       STATE_VERSION))
            return meta, con.execute('SELECT name, value FROM vars').fetchall(), \
                con.execute('SELECT name, seq, at, value FROM timed ORDER BY name, seq'
                            ).fetchall()

        meta, rows, trows = read_checked(path, where, 'a state file', read)
        dec = self.codec.decode
        order = meta.get('order') or [[], []]
        rows = _ordered(rows, order[0])
        trows = _ordered(trows, order[1])
        try:
            texts = dict(rows)
            values = {name: dec(json.loads(text)) for name, text in texts.items()}
            timed: dict = {}
            for name, seq, at, value in trows:
                series = timed.setdefault(name, TimedSeries())
                if seq != len(series):
                    raise ValueError('timed variable %r misses point %d' % (name, len(series)))
                series.times.append(dec(json.loads(at)))
                series.values.append(dec(json.loads(value)))
        except (ValueError, TypeError, KeyError) as exc:
            raise StateFileCorruptError('%s holds invalid data (%s)' % (where, exc)) from None
        self._path, self._revision = path, meta.get('revision')
        self._token = meta.get('token') or self._token
        self._vars = texts
        self._timed = {name: (series, series.generation, len(series))
                       for name, series in timed.items()}
        return StateRecord(values, timed, meta.get('meta') or {})

    @staticmethod
    def exists(path: str) -> bool:
        """Whether a state file is at ``path``."""
        return os.path.isfile(path)


def _ordered(rows: list, names: list) -> list:
    """``rows`` (name first) sorted by the position of their name in
    ``names`` (names not listed last, rows of one name kept in order)."""
    rank = {name: i for i, name in enumerate(names)}
    last = len(rank)
    return sorted(rows, key=lambda row: rank.get(row[0], last))


def read_checked(path: str, where: str, kind: str, read):
    """``read(connection, meta)`` on the SQLite file ``path`` once it opened
    and passed ``PRAGMA quick_check`` (``meta``: its meta table, JSON
    values); damage raises ``StateFileCorruptError`` naming ``where``."""
    try:
        # read-write: a write cut short left a journal that opening rolls back
        con = sqlite3.connect('file:%s?mode=rw' % path, uri=True, timeout=60.0)
    except sqlite3.Error as exc:
        raise StateFileCorruptError('%s cannot be opened (%s)' % (where, exc)) from None
    try:
        check = con.execute('PRAGMA quick_check').fetchone()
        if not check or check[0] != 'ok':
            raise StateFileCorruptError('%s is corrupt (%s)' % (where, check))
        meta = {k: json.loads(v) for k, v in con.execute('SELECT key, value FROM meta')}
        return read(con, meta)
    except sqlite3.DatabaseError as exc:
        raise StateFileCorruptError('%s is corrupt or not %s (%s)' % (where, kind, exc)
                                    ) from None
    except ValueError as exc:
        raise StateFileCorruptError('%s holds invalid data (%s)' % (where, exc)) from None
    finally:
        con.close()
