"""Tagged JSON: Python values as JSON text, round-tripped exactly, no pickle.

JSON's own types pass through (``None``, bools, ints of any size, strings,
finite floats -- Python writes the shortest text that reads back to the same
bits -- lists, and dicts whose keys are strings not starting with ``$``).
Everything else becomes an object whose first key is a ``$`` tag:

=====================  ==================================================
``$float``             nan/inf/-inf; any other NaN as its 64 bits in hex
``$tuple`` ``$set``    containers (``$frozenset``, ``$odict`` too)
``$dict``              [key, value] pairs (keys that are not plain strings)
``$bytes``             base64 (``$bytearray`` too)
``$complex``           [real, imag]; ``$decimal``, ``$fraction`` as text
``$date`` ``$time``    ISO text; ``$datetime`` adds the zone (``tz``: UTC,
``$datetime``          a fixed offset, a zoneinfo/pytz/dateutil name) and
                       the ``fold``; ``$timedelta`` [days, secs, micros]
``$np``                a numpy scalar: dtype and value (raw bits in hex
                       where a Python number would not be exact)
``$ndarray``           dtype, shape, order and the raw bytes in base64
                       (object arrays: their items, each tagged)
``$index`` ``$series`` pandas objects: values per column with their
``$frame``             dtype (numpy-backed, tz-aware datetimes, categories,
                       extension arrays), index, names
``$timestamp``         pandas Timestamp/Timedelta/NaT, exact to their unit
=====================  ==================================================

A value of another type raises ``StateValueError`` naming where it sits
(``x['a'][3]``). ``ValueCodec.encode_other``/``decode_tag`` are the hooks a
subclass uses to carry more types (the run checkpoints do).
"""
from __future__ import annotations

import base64
import collections
import datetime as _dt
import decimal
import fractions
import json
import math
import struct
import sys
from typing import Any, Callable

import numpy as np

from ..core.errors import StateFileCorruptError, StateValueError
from .timezones import tz_attach, tz_from_json, tz_to_json

__all__ = ['ValueCodec', 'encode_value', 'decode_value', 'dumps', 'loads']

_PLAIN = (type(None), bool, int, str)
_F64 = struct.Struct('<d')
_U64 = struct.Struct('<Q')
_NAN_BITS = _U64.unpack(_F64.pack(float('nan')))[0]


def _float_tag(value: float):
    """JSON for a float: itself when finite, else a ``$float`` tag."""
    if value - value == 0.0:        # finite (inf - inf and nan - nan are nan)
        return value
    if value != value:
        bits = _U64.unpack(_F64.pack(value))[0]
        return {'$float': 'nan' if bits == _NAN_BITS else '0x%016x' % bits}
    return {'$float': 'inf' if value > 0 else '-inf'}


def _float_from(text: str) -> float:
    if text.startswith('0x'):
        return _F64.unpack(_U64.pack(int(text, 16)))[0]
    return float(text)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode('ascii')


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode('ascii'), validate=True)


class _Located(Exception):
    """Internal: an encoding failure and where it happened (innermost last)."""

    def __init__(self, message: str, path: list) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def _where(path: list) -> str:
    return ''.join('[%r]' % (step,) for step in reversed(path))


class ValueCodec:
    """Encoder/decoder of tagged JSON values (see the module docstring)."""

    def __init__(self) -> None:
        self._encoders: dict = {
            float: _float_tag,
            list: self._enc_list,
            dict: self._enc_dict,
            tuple: lambda v: {'$tuple': self._enc_list(v)},
            set: lambda v: {'$set': self._enc_list(sorted(v, key=_set_order))},
            frozenset: lambda v: {'$frozenset': self._enc_list(sorted(v, key=_set_order))},
            collections.OrderedDict: lambda v: {'$odict': self._enc_pairs(v)},
            bytes: lambda v: {'$bytes': _b64(v)},
            bytearray: lambda v: {'$bytearray': _b64(bytes(v))},
            complex: lambda v: {'$complex': [_float_tag(v.real), _float_tag(v.imag)]},
            decimal.Decimal: lambda v: {'$decimal': str(v)},
            fractions.Fraction: lambda v: {'$fraction': '%d/%d' % (v.numerator,
                                                                    v.denominator)},
            _dt.datetime: self._enc_datetime,
            _dt.date: lambda v: {'$date': v.isoformat()},
            _dt.time: self._enc_time,
            _dt.timedelta: lambda v: {'$timedelta': [v.days, v.seconds, v.microseconds]},
            np.ndarray: self._enc_ndarray,
        }
        self._decoders: dict = {
            '$float': _float_from,
            '$tuple': lambda v, d: tuple(self.decode(x) for x in v),
            '$set': lambda v, d: set(self.decode(x) for x in v),
            '$frozenset': lambda v, d: frozenset(self.decode(x) for x in v),
            '$dict': lambda v, d: {self.decode(k): self.decode(x) for k, x in v},
            '$odict': lambda v, d: collections.OrderedDict(
                (self.decode(k), self.decode(x)) for k, x in v),
            '$bytes': lambda v, d: _unb64(v),
            '$bytearray': lambda v, d: bytearray(_unb64(v)),
            '$complex': lambda v, d: complex(self.decode(v[0]), self.decode(v[1])),
            '$decimal': lambda v, d: decimal.Decimal(v),
            '$fraction': lambda v, d: fractions.Fraction(v),
            '$datetime': self._dec_datetime,
            '$date': lambda v, d: _dt.date.fromisoformat(v),
            '$time': self._dec_time,
            '$timedelta': lambda v, d: _dt.timedelta(days=v[0], seconds=v[1],
                                                     microseconds=v[2]),
            '$np': self._dec_npscalar,
            '$ndarray': self._dec_ndarray,
        }
        # pandas is imported only when a pandas value is met: a pandas object
        # cannot exist unless pandas is loaded, a stored one names its tag
        self._pandas_pending = True
        if 'pandas' in sys.modules:
            self._install_pandas()
        else:
            from .pandascodec import TAGS
            for tag in TAGS:
                self._decoders[tag] = self._decode_after_pandas(tag)

    def _install_pandas(self) -> None:
        if self._pandas_pending:
            self._pandas_pending = False
            from . import pandascodec
            pandascodec.install(self)

    def _decode_after_pandas(self, tag: str) -> Callable:
        def decode(payload, obj):
            self._install_pandas()
            return self._decoders[tag](payload, obj)
        return decode

    def _pandas_type(self, cls: type) -> bool:
        """Whether ``cls`` is a pandas type this codec has not learnt yet
        (it learns them now)."""
        if self._pandas_pending and cls.__module__.startswith('pandas'):
            self._install_pandas()
            return True
        return False

    # -- encoding ----------------------------------------------------------------------
    def encode(self, value: Any) -> Any:
        """``value`` as JSON-ready data (raises ``StateValueError``)."""
        try:
            return self._enc(value)
        except _Located as exc:
            where = _where(exc.path)
            raise StateValueError('%s%s' % (exc.message, (' (at %s)' % where) if where else '')
                                  ) from None

    def _enc(self, value: Any) -> Any:
        cls = type(value)
        if cls in _PLAIN:
            return value
        enc = self._encoders.get(cls)
        if enc is not None:
            return enc(value)
        if isinstance(value, np.generic):
            return self._enc_npscalar(value)
        if self._pandas_type(cls):
            return self._enc(value)
        out = self.encode_other(value)
        if out is NotImplemented:
            raise _Located('cannot store a value of type %s.%s exactly: store numbers, '
                           'strings, bools, None, lists/dicts/tuples/sets of them, dates, '
                           'numpy or pandas values' % (cls.__module__, cls.__qualname__), [])
        return out

    def encode_other(self, value: Any) -> Any:
        """Hook for subclasses: JSON-ready data for a value of a type not
        handled here, or ``NotImplemented``."""
        return NotImplemented

    def register(self, cls: type, encoder: Callable, tag: str, decoder: Callable) -> None:
        """Carry ``cls`` (exact type): ``encoder(value)`` returns the JSON-ready
        tagged object, ``decoder(payload, tagged_object)`` rebuilds the value."""
        if cls is not None:
            self._encoders[cls] = encoder
        self._decoders[tag] = decoder

    def _enc_list(self, items) -> list:
        out = []
        enc = self._enc
        for i, item in enumerate(items):
            if type(item) in _PLAIN:
                out.append(item)
                continue
            try:
                out.append(enc(item))
            except _Located as exc:
                exc.path.append(i)
                raise
        return out

    def _enc_pairs(self, mapping) -> list:
        out = []
        for key, item in mapping.items():
            try:
                pair = [self._enc(key), self._enc(item)]
            except _Located as exc:
                exc.path.append(key)
                raise
            out.append(pair)
        return out

    def _enc_dict(self, mapping: dict):
        for key in mapping:
            if type(key) is not str or key.startswith('$'):
                return {'$dict': self._enc_pairs(mapping)}
        out = {}
        enc = self._enc
        for key, item in mapping.items():
            if type(item) in _PLAIN:
                out[key] = item
                continue
            try:
                out[key] = enc(item)
            except _Located as exc:
                exc.path.append(key)
                raise
        return out

    # dates and times
    def _enc_datetime(self, value: _dt.datetime) -> dict:
        out = {'$datetime': value.replace(tzinfo=None, fold=0).isoformat()}
        if value.tzinfo is not None:
            out['tz'] = self._enc_tz(value.tzinfo, value)
            out['offset'] = self._enc(value.utcoffset())
        if value.fold:
            out['fold'] = 1
        return out

    def _enc_time(self, value: _dt.time) -> dict:
        out = {'$time': value.replace(tzinfo=None, fold=0).isoformat()}
        if value.tzinfo is not None:
            out['tz'] = self._enc_tz(value.tzinfo, None)
        if value.fold:
            out['fold'] = 1
        return out

    def _enc_tz(self, tz, when=None) -> Any:
        spec = tz_to_json(tz)
        if spec is None:
            raise _Located('cannot store the time zone %r exactly (use datetime.timezone, '
                           'zoneinfo, pytz or dateutil zones)' % (tz,), [])
        return spec

    def _dec_datetime(self, text: str, obj: dict) -> _dt.datetime:
        value = _dt.datetime.fromisoformat(text)
        if obj.get('fold'):
            value = value.replace(fold=1)
        spec = obj.get('tz')
        if spec is None:
            return value
        offset = self.decode(obj['offset'])
        return tz_attach(spec, value, offset)

    def _dec_time(self, text: str, obj: dict) -> _dt.time:
        value = _dt.time.fromisoformat(text)
        if obj.get('fold'):
            value = value.replace(fold=1)
        spec = obj.get('tz')
        if spec is not None:
            value = value.replace(tzinfo=tz_from_json(spec))
        return value

    # numpy
    def _enc_npscalar(self, value) -> dict:
        dtype = value.dtype
        kind = dtype.kind
        if kind in 'biu':
            return {'$np': dtype.str, 'value': value.item()}
        if kind == 'f' and dtype.itemsize <= 8:
            as_float = float(value)
            if as_float - as_float == 0.0:
                return {'$np': dtype.str, 'value': as_float}
        elif kind == 'U':
            return {'$np': dtype.str, 'value': str(value)}
        elif kind == 'S':
            return {'$np': dtype.str, 'bytes': _b64(bytes(value))}
        elif kind in 'Mm':
            return {'$np': dtype.str, 'value': int(value.view('<i8'))}
        if dtype.hasobject or kind == 'V':
            raise _Located('cannot store a numpy scalar of dtype %s exactly' % dtype, [])
        return {'$np': dtype.str, 'bytes': _b64(value.tobytes())}

    def _dec_npscalar(self, dtype_str: str, obj: dict):
        dtype = np.dtype(dtype_str)
        if 'bytes' in obj:
            raw = _unb64(obj['bytes'])
            if dtype.kind == 'S':
                return np.bytes_(raw)
            return np.frombuffer(raw, dtype=dtype)[0]
        value = obj['value']
        if dtype.kind in 'Mm':
            return np.array(value, dtype='<i8').view(dtype)[()]
        return dtype.type(value)

    def _enc_ndarray(self, array: np.ndarray) -> dict:
        dtype = array.dtype
        fortran = array.ndim > 1 and array.flags.f_contiguous and not array.flags.c_contiguous
        out = {'$ndarray': self._enc(np.lib.format.dtype_to_descr(dtype)),
               'shape': list(array.shape)}
        if fortran:
            out['order'] = 'F'
        if dtype.hasobject:
            if dtype != np.dtype(object):
                raise _Located('cannot store a numpy array of dtype %s exactly' % dtype, [])
            out['items'] = self._enc_list(array.ravel(order='F' if fortran else 'C').tolist())
        else:
            out['data'] = _b64(array.tobytes(order='F' if fortran else 'C'))
        return out

    def _dec_ndarray(self, descr, obj: dict) -> np.ndarray:
        dtype = np.lib.format.descr_to_dtype(self.decode(descr))
        shape = tuple(obj['shape'])
        order = obj.get('order', 'C')
        if 'items' in obj:
            flat = np.empty(len(obj['items']), dtype=object)
            for i, item in enumerate(obj['items']):
                flat[i] = self.decode(item)
            return flat.reshape(shape, order=order)
        raw = _unb64(obj['data'])
        array = np.frombuffer(raw, dtype=dtype) if dtype.itemsize else \
            np.empty(int(np.prod(shape)), dtype=dtype)
        return array.reshape(shape, order=order).copy(order='K')

    # -- decoding ------------------------------------------------------------------------
    def decode(self, data: Any) -> Any:
        """The value ``data`` (made by ``encode``) stands for."""
        cls = type(data)
        if cls in _PLAIN or cls is float:
            return data
        if cls is list:
            dec = self.decode
            return [x if type(x) in _PLAIN else dec(x) for x in data]
        if cls is dict:
            if data:
                tag = next(iter(data))
                if tag.startswith('$'):
                    return self.decode_tag(tag, data[tag], data)
            dec = self.decode
            return {k: (x if type(x) in _PLAIN else dec(x)) for k, x in data.items()}
        raise StateFileCorruptError('unexpected JSON value of type %s' % cls.__name__)

    def decode_tag(self, tag: str, payload: Any, obj: dict) -> Any:
        """Rebuild the value of a tagged object (subclasses add tags)."""
        dec = self._decoders.get(tag)
        if dec is None:
            raise StateFileCorruptError('unknown value tag %r' % tag)
        if tag == '$float':
            return dec(payload)
        return dec(payload, obj)


def _set_order(item) -> tuple:
    # a stable order for set members of mixed types (the text of the set is
    # then the same run after run)
    return (type(item).__name__, repr(item))


# -- module-level helpers -----------------------------------------------------------------------
_DEFAULT = None


def _codec() -> ValueCodec:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ValueCodec()
    return _DEFAULT


def encode_value(value: Any) -> Any:
    """``value`` as tagged JSON-ready data (``ValueCodec().encode``)."""
    return _codec().encode(value)


def decode_value(data: Any) -> Any:
    """The value tagged JSON-ready ``data`` stands for."""
    return _codec().decode(data)


def dumps(value: Any, indent=None) -> str:
    """``value`` as tagged JSON text."""
    return json.dumps(encode_value(value), indent=indent, ensure_ascii=False,
                      allow_nan=False)


def loads(text: str) -> Any:
    """The value of tagged JSON text (``StateFileCorruptError`` if it is not)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise StateFileCorruptError('not valid JSON: %s' % exc) from None
    return decode_value(data)
