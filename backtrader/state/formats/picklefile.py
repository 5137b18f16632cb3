"""Pickle state files: any picklable value, for those who ask for it
(``format='pickle'``, ``allow_pickle=True`` or a ``.pkl`` path). Loading a
pickle runs code stored in the file: never load one you did not write.
"""
from __future__ import annotations

import os
import pickle
import warnings

from ...core.errors import (PickleSecurityWarning, StateFileCorruptError,
                            StateFileNotFoundError, StateValueError)
from ..atomic import atomic_write
from ..timed import TimedSeries
from .record import STATE_KIND, STATE_VERSION, StateRecord

__all__ = ['PickleStore', 'PICKLE_WARNING']

PICKLE_WARNING = ('pickle state files run code stored in them when loaded: never load one '
                  'you did not write yourself (the JSON and SQLite formats are safe)')


class PickleStore:
    """Reads and writes ``StateRecord`` objects with pickle."""

    name = 'pickle'
    uses_pickle = True

    def __init__(self, codec=None, durable: bool = True) -> None:
        self.durable = durable

    def save(self, path: str, record: StateRecord) -> None:
        """Write ``record`` to ``path`` atomically."""
        doc = {'format': STATE_KIND, 'version': STATE_VERSION, 'meta': record.meta,
               'values': record.values,
               'timed': {name: list(series) for name, series in record.timed.items()}}
        try:
            raw = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:        # noqa: BLE001 (pickling fails in many ways)
            raise StateValueError('cannot pickle the state (%s: %s)' % (type(exc).__name__, exc)
                                  ) from None
        atomic_write(path, raw, durable=self.durable)

    def load(self, path: str) -> StateRecord:
        """The record in ``path`` (warns: pickle runs code from the file)."""
        warnings.warn(PICKLE_WARNING, PickleSecurityWarning, stacklevel=3)
        try:
            with open(path, 'rb') as fh:
                raw = fh.read()
        except FileNotFoundError:
            raise StateFileNotFoundError('state file %s does not exist' % path) from None
        try:
            doc = pickle.loads(raw)
        except Exception as exc:        # noqa: BLE001 (any unpickling failure)
            raise StateFileCorruptError('state file %s is not a valid pickle (%s: %s)'
                                        % (path, type(exc).__name__, exc)) from None
        if not isinstance(doc, dict) or doc.get('format') != STATE_KIND:
            raise StateFileCorruptError('%s is not a pickled state file' % path)
        timed = {name: TimedSeries(points) for name, points in doc['timed'].items()}
        return StateRecord(dict(doc['values']), timed, doc.get('meta') or {})

    @staticmethod
    def exists(path: str) -> bool:
        """Whether a state file is at ``path``."""
        return os.path.isfile(path)
