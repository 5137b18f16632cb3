"""State file formats: JSON (the default), SQLite (incremental), shelve and,
only on request, pickle. Every format stores a ``StateRecord``.

A format is chosen by name (``format=``) or else by the file's extension;
loading also looks at the file's first bytes, so a file is read as what it
is. Pickle is used only when asked for: ``format='pickle'``,
``allow_pickle=True`` or a ``.pkl``/``.pickle`` path; a pickle file found
anywhere else is refused (``PickleNotAllowedError``).

Layer: tools. May import: engine, strategy, components, model, lines, utils, core.
"""
from __future__ import annotations

import dbm
import os
from typing import Optional

from ...core.errors import StateFileNotFoundError, StateFormatError
from ..envelope import pickle_refused, sniff
from .jsonfile import JSONStore
from .picklefile import PICKLE_WARNING, PickleStore
from .record import StateRecord
from .shelvefile import ShelveStore
from .sqlitefile import SQLiteStore

__all__ = ['FORMATS', 'format_for', 'pickle_requested', 'format_of_file', 'make_store',
           'StateRecord', 'JSONStore', 'SQLiteStore', 'PickleStore', 'ShelveStore',
           'PICKLE_WARNING']

FORMATS = {'json': JSONStore, 'sqlite': SQLiteStore, 'pickle': PickleStore,
           'shelve': ShelveStore}
_ALIASES = {'sqlite3': 'sqlite', 'db': 'sqlite', 'pkl': 'pickle', 'shelf': 'shelve'}
_EXTENSIONS = {'.json': 'json', '.sqlite': 'sqlite', '.sqlite3': 'sqlite', '.db': 'sqlite',
               '.pkl': 'pickle', '.pickle': 'pickle', '.shelf': 'shelve',
               '.shelve': 'shelve'}


def format_for(path: Optional[str], fmt: Optional[str] = None) -> str:
    """The format named ``fmt``, else the one of ``path``'s extension, else 'json'."""
    if fmt is not None:
        name = str(fmt).lower()
        name = _ALIASES.get(name, name)
        if name not in FORMATS:
            raise StateFormatError('unknown state format %r: use one of %s'
                                   % (fmt, ', '.join(sorted(FORMATS))))
        return name
    if path is not None:
        return _EXTENSIONS.get(os.path.splitext(os.fspath(path))[1].lower(), 'json')
    return 'json'


def pickle_requested(path: Optional[str], fmt: Optional[str],
                     allow_pickle: Optional[bool]) -> bool:
    """Whether the caller opted in to pickle: ``allow_pickle`` when given,
    else a pickle format by name or extension."""
    if allow_pickle is not None:
        return bool(allow_pickle)
    return format_for(path, fmt) == 'pickle'


def format_of_file(path: str, fmt: Optional[str], allow_pickle: bool) -> str:
    """The format to read ``path`` with: what its content shows, else the
    one named or implied by its extension. Refuses pickle unless allowed."""
    declared = format_for(path, fmt)
    if not os.path.isfile(path):
        if ShelveStore.exists(path):
            return 'shelve'
        raise StateFileNotFoundError('state file %s does not exist' % path)
    with open(path, 'rb') as fh:
        head = fh.read(16)
    seen = sniff(head)
    if seen == 'pickle' or (declared == 'pickle' and seen == '?'):
        if not allow_pickle:
            raise pickle_refused('state file %s' % path)
        return 'pickle'
    if seen == 'sqlite' and ShelveStore.is_sqlite_shelf(path):
        return 'shelve'                 # (dbm.sqlite3, Python 3.13's default backend)
    if seen in ('sqlite', 'json'):
        return seen
    if declared == 'shelve' or _is_dbm(path):
        return 'shelve'
    return declared


def _is_dbm(path: str) -> bool:
    try:
        return dbm.whichdb(path) not in (None, '')
    except OSError:
        return False


def make_store(name: str, codec, durable: bool = True):
    """A store object for format ``name``."""
    return FORMATS[name](codec, durable=durable)
