"""``StateRecord``: what a state file holds, independent of its format --
variables, timed variables and a small ``meta`` dict (fingerprint, bars seen,
time of saving)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...core.errors import StateFileCorruptError
from ..codec import ValueCodec
from ..timed import TimedSeries

__all__ = ['StateRecord', 'STATE_KIND', 'STATE_VERSION', 'record_to_json', 'record_from_json']

STATE_KIND = 'backtrader-state'
STATE_VERSION = 1


@dataclass
class StateRecord:
    """Variables (name -> value), timed variables (name -> ``TimedSeries``)
    and meta data (plain JSON data)."""

    values: dict = field(default_factory=dict)
    timed: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)


def record_to_json(record: StateRecord, codec: ValueCodec) -> dict:
    """JSON-ready document of ``record`` (values tagged, exact)."""
    enc = codec.encode
    values = {}
    for name, value in record.values.items():
        values[name] = _encode_named(enc, name, value)
    timed = {}
    for name, series in record.timed.items():
        timed[name] = [[_encode_named(enc, name, when), _encode_named(enc, name, value)]
                       for when, value in series]
    return {'meta': record.meta, 'values': values, 'timed': timed}


def _encode_named(enc, name: str, value):
    from ...core.errors import StateValueError
    try:
        return enc(value)
    except StateValueError as exc:
        raise StateValueError('state variable %r: %s' % (name, exc)) from None


def record_from_json(doc, codec: ValueCodec, where: str) -> StateRecord:
    """The record of a document made by ``record_to_json``."""
    try:
        dec = codec.decode
        values = {name: dec(v) for name, v in doc['values'].items()}
        timed = {}
        for name, points in doc['timed'].items():
            series = TimedSeries()
            for when, value in points:
                series.times.append(dec(when))
                series.values.append(dec(value))
            timed[name] = series
        meta = doc.get('meta') or {}
    except StateFileCorruptError as exc:
        raise StateFileCorruptError('%s: %s' % (where, exc)) from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StateFileCorruptError('%s does not hold state variables as expected (%s: %s)'
                                    % (where, type(exc).__name__, exc)) from None
    return StateRecord(values, timed, meta)
