"""JSON state files (the default format): one readable document, replaced
atomically on every save."""
from __future__ import annotations

import os

from ...core.errors import StateFileNotFoundError
from ..atomic import atomic_write
from ..codec import ValueCodec
from ..envelope import data_text, unwrap, wrap
from .record import STATE_KIND, STATE_VERSION, StateRecord, record_from_json, record_to_json

__all__ = ['JSONStore']


class JSONStore:
    """Reads and writes ``StateRecord`` objects as tagged JSON files."""

    name = 'json'
    uses_pickle = False

    def __init__(self, codec: ValueCodec, durable: bool = True) -> None:
        self.codec = codec
        self.durable = durable

    def save(self, path: str, record: StateRecord) -> None:
        """Write ``record`` to ``path`` atomically."""
        text = data_text(record_to_json(record, self.codec), indent=1)
        atomic_write(path, wrap(STATE_KIND, STATE_VERSION, text), durable=self.durable)

    def load(self, path: str) -> StateRecord:
        """The record in ``path``."""
        try:
            with open(path, 'rb') as fh:
                raw = fh.read()
        except FileNotFoundError:
            raise StateFileNotFoundError('state file %s does not exist' % path) from None
        _, doc = unwrap(raw, STATE_KIND, STATE_VERSION, 'state file %s' % path)
        return record_from_json(doc, self.codec, 'state file %s' % path)

    @staticmethod
    def exists(path: str) -> bool:
        """Whether a state file is at ``path``."""
        return os.path.isfile(path)
