"""The outer layer of every JSON file ``backtrader.state`` writes: what the
file is, its layout version and the SHA-256 of its data.

    {"format": "backtrader-state", "version": 1, "sha256": "<hex>", "data": {...}}

The hash covers the exact text of ``data``, so a file cut short or changed
by a stray write is reported as corrupt instead of being half-read. A file
written by hand without the ``sha256`` key is read unchecked.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from ..core.errors import PickleNotAllowedError, StateFileCorruptError

__all__ = ['wrap', 'unwrap', 'pickle_refused', 'sniff', 'data_text', 'PICKLE_MAGIC', 'SQLITE_MAGIC']

PICKLE_MAGIC = b'\x80'
SQLITE_MAGIC = b'SQLite format 3\x00'
_PREFIX = re.compile(rb'\{"format": "([A-Za-z0-9_.-]+)", "version": (\d+), '
                     rb'"sha256": "([0-9a-f]{64})", "data": ')


def wrap(kind: str, version: int, data_text: str) -> bytes:
    """File bytes holding ``data_text`` (JSON text) as ``kind``."""
    raw = data_text.encode('utf-8')
    head = '{"format": "%s", "version": %d, "sha256": "%s", "data": ' % (
        kind, version, hashlib.sha256(raw).hexdigest())
    return head.encode('ascii') + raw + b'}\n'


def sniff(head: bytes) -> str:
    """What the first bytes of a file look like: 'json', 'sqlite', 'pickle' or '?'."""
    if head.startswith(SQLITE_MAGIC):
        return 'sqlite'
    if head.startswith(PICKLE_MAGIC):
        return 'pickle'
    if head.lstrip()[:1] == b'{':
        return 'json'
    return '?'


def pickle_refused(where: str) -> PickleNotAllowedError:
    """The error for a pickle file met without the caller opting in."""
    return PickleNotAllowedError(
        '%s is a pickle file: refusing to load it, since loading a pickle runs code '
        'stored in the file. Only if you wrote it yourself, load it with '
        "allow_pickle=True (or format='pickle')" % where)


def unwrap(raw: bytes, kind: str, max_version: int, where: str) -> tuple:
    """(version, data) of file bytes ``raw`` made by ``wrap`` for ``kind``.

    ``where`` names the file in errors. A pickle is refused
    (``PickleNotAllowedError``); anything else not a complete, intact file of
    that kind raises ``StateFileCorruptError``.
    """
    if not raw.strip():
        raise StateFileCorruptError('%s is empty' % where)
    if sniff(raw[:16]) == 'pickle':
        raise pickle_refused(where)
    match = _PREFIX.match(raw)
    if match is not None:
        body = raw[match.end():].rstrip()
        if not body.endswith(b'}'):
            raise StateFileCorruptError('%s is truncated (its end is missing)' % where)
        body = body[:-1]
        if hashlib.sha256(body).hexdigest() != match.group(3).decode('ascii'):
            raise StateFileCorruptError('%s is corrupt: its content does not match its '
                                        'SHA-256 (truncated or modified)' % where)
        found, version = match.group(1).decode('ascii'), int(match.group(2))
        text = body
    else:
        text = raw
        found = version = None
    try:
        doc = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StateFileCorruptError('%s is not a valid %s file (%s)' % (where, kind, exc)
                                    ) from None
    if match is None:
        # written by hand: the outer keys, unchecked
        if not isinstance(doc, dict) or 'data' not in doc:
            raise StateFileCorruptError('%s is not a %s file' % (where, kind))
        found, version, doc = doc.get('format'), doc.get('version', 1), doc['data']
    if found != kind:
        raise StateFileCorruptError('%s is a %r file, not a %s file' % (where, found, kind))
    if not isinstance(version, int) or version > max_version:
        raise StateFileCorruptError('%s has layout version %r: this version of backtrader '
                                    'reads up to %d' % (where, version, max_version))
    return version, doc


def data_text(data: Any, indent=None) -> str:
    """JSON text of JSON-ready ``data`` (NaN/inf are tagged before): compact,
    or indented for people to read."""
    if indent is None:
        return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(',', ':'))
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=indent)
