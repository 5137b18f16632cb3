"""shelve state files: a ``shelve`` database (the standard library's
``dbm`` files) with one key per variable.

Keys: ``var:<name>`` and ``timed:<name>`` hold the tagged JSON text of a
variable (a timed one: its [time, value] points), ``backtrader-state`` the
meta data, the SHA-256 of all entries and their order. ``shelve.open(path)``
reads them as strings. The database is whatever ``dbm`` backend the Python
version picks (``dbm.sqlite3``, a single SQLite file, from Python 3.13 on;
``dbm.dumb`` files where nothing better is built in): a shelf is read by a
Python that has its backend. Reading here never unpickles anything but
strings (a restricted unpickler), so a shelf from elsewhere cannot run code.

A save writes a new database beside the old one and renames its files into
place; with a backend keeping several files (``dbm.dumb``: ``.dat``/``.dir``)
a crash between two renames leaves a database whose hash does not match,
reported as corrupt rather than read.
"""
from __future__ import annotations

import dbm
import glob
import hashlib
import io
import json
import os
import pathlib
import pickle
import shelve
import sqlite3

from ...core.errors import StateFileCorruptError, StateFileNotFoundError
from ..atomic import fsync_dir, temp_name_prefix
from ..codec import ValueCodec
from ..timed import TimedSeries
from .record import STATE_KIND, STATE_VERSION, StateRecord, _encode_named

__all__ = ['ShelveStore']

_META_KEY = 'backtrader-state'


class _StringsOnly(pickle.Unpickler):
    """Unpickles plain data only: any class or function reference is refused."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError('refusing %s.%s in a shelve state file' % (module, name))


def _text(data) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(',', ':'))


def _digest(entries: dict) -> str:
    h = hashlib.sha256()
    for key in sorted(entries):
        h.update(key.encode('utf-8') + b'\x00' + entries[key].encode('utf-8') + b'\x00')
    return h.hexdigest()


def _files_of(path: str) -> list:
    """The files making up the dbm database called ``path``."""
    return [f for f in [path] + glob.glob(glob.escape(path) + '.*')
            if os.path.isfile(f) and not f.endswith('.tmp')]


class ShelveStore:
    """Reads and writes ``StateRecord`` objects as shelve databases."""

    name = 'shelve'
    uses_pickle = False

    def __init__(self, codec: ValueCodec, durable: bool = True) -> None:
        self.codec = codec
        self.durable = durable

    def save(self, path: str, record: StateRecord) -> None:
        """Write ``record`` as the shelve database ``path``."""
        enc = self.codec.encode
        entries = {'var:' + name: _text(_encode_named(enc, name, value))
                   for name, value in record.values.items()}
        for name, series in record.timed.items():
            entries['timed:' + name] = _text([[_encode_named(enc, name, t),
                                               _encode_named(enc, name, v)] for t, v in series])
        # (the order of the entries: a dbm backend may give its keys back in
        # another, e.g. dbm.sqlite3 sorted)
        meta = {'format': STATE_KIND, 'version': STATE_VERSION, 'meta': record.meta,
                'sha256': _digest(entries), 'order': list(entries)}
        folder = os.path.dirname(os.path.abspath(path))
        tmpbase = os.path.join(folder, temp_name_prefix(path) + 'new')
        for stale in _files_of(tmpbase):
            os.unlink(stale)
        with shelve.open(tmpbase, flag='n') as shelf:
            for key, text in entries.items():
                shelf[key] = text
            shelf[_META_KEY] = _text(meta)
        made = _files_of(tmpbase)
        for f in made:
            if self.durable:
                with open(f, 'rb') as fh:
                    os.fsync(fh.fileno())
        # data first, index (.dir) last
        made.sort(key=lambda f: f.endswith('.dir'))
        for f in made:
            os.replace(f, path + f[len(tmpbase):])
        if self.durable:
            fsync_dir(folder)

    def load(self, path: str) -> StateRecord:
        """The record in the shelve database ``path``."""
        if not self.exists(path):
            raise StateFileNotFoundError('state file %s does not exist' % path)
        where = 'shelve state file %s' % path
        try:
            db = dbm.open(path, 'r')
        except Exception as exc:        # noqa: BLE001 (dbm backends raise their own types)
            raise StateFileCorruptError('%s cannot be opened (%s)' % (where, exc)) from None
        try:
            entries = {}
            for key in db.keys():
                raw = db[key]
                text = _StringsOnly(io.BytesIO(raw)).load()
                if not isinstance(text, str):
                    raise ValueError('entry %r is not text' % (key,))
                entries[key.decode('utf-8') if isinstance(key, bytes) else key] = text
        except Exception as exc:        # noqa: BLE001 (corrupt databases fail in many ways)
            raise StateFileCorruptError('%s is corrupt (%s: %s)' % (where, type(exc).__name__,
                                                                     exc)) from None
        finally:
            db.close()
        try:
            meta = json.loads(entries.pop(_META_KEY))
            if meta.get('format') != STATE_KIND or meta.get('version', 0) > STATE_VERSION:
                raise ValueError('not a state file of a known version')
            if meta.get('sha256') != _digest(entries):
                raise ValueError('its entries do not match their SHA-256 (torn write?)')
            dec = self.codec.decode
            values, timed = {}, {}
            order = meta.get('order')
            if isinstance(order, list) and sorted(order) == sorted(entries):
                entries = {key: entries[key] for key in order}
            for key, text in entries.items():
                kind, _, name = key.partition(':')
                if kind == 'var':
                    values[name] = dec(json.loads(text))
                elif kind == 'timed':
                    series = TimedSeries()
                    for when, value in json.loads(text):
                        series.times.append(dec(when))
                        series.values.append(dec(value))
                    timed[name] = series
        except (KeyError, ValueError, TypeError) as exc:
            raise StateFileCorruptError('%s is corrupt (%s)' % (where, exc)) from None
        return StateRecord(values, timed, meta.get('meta') or {})

    @staticmethod
    def exists(path: str) -> bool:
        """Whether a shelve database is at ``path``."""
        return bool(_files_of(path)) and dbm.whichdb(path) not in (None, '')

    @staticmethod
    def is_sqlite_shelf(path: str) -> bool:
        """Whether the SQLite file ``path`` is a shelf (Python 3.13's
        default ``dbm`` backend, ``dbm.sqlite3``, keeps its entries in one
        table, ``Dict``), not a SQLite state file."""
        try:
            uri = pathlib.Path(os.path.abspath(path)).as_uri() + '?mode=ro'
            db = sqlite3.connect(uri, uri=True)
        except sqlite3.Error:
            return False
        try:
            tables = {row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error:
            return False
        finally:
            db.close()
        return tables == {'Dict'}
