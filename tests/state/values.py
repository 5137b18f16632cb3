"""Hypothesis strategies for state values, and an exact equality for them.

``same(a, b)`` is stricter than ``==``: identical types throughout, floats
equal bit for bit (NaN payloads and the sign of zero included), numpy arrays
equal in dtype, shape, memory order and bytes, pandas objects equal in
values, dtypes and index (kind, names, frequency), datetimes in zone, offset
and fold.
"""
from __future__ import annotations

import datetime as dt
import decimal
import fractions
import math
import struct

import numpy as np
import pandas as pd
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from hypothesis.extra import pandas as hpd


def _bits(x: float) -> bytes:
    return struct.pack('<d', x)


def same(a, b) -> bool:
    """Exactly the same value (see the module docstring)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return _bits(a) == _bits(b)
    if isinstance(a, complex):
        return same(a.real, b.real) and same(a.imag, b.imag)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (set, frozenset)):
        return a == b
    if isinstance(a, np.ndarray):
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.flags.f_contiguous != b.flags.f_contiguous or \
                a.flags.c_contiguous != b.flags.c_contiguous:
            return False
        if a.dtype.hasobject:
            return all(same(x, y) for x, y in zip(a.ravel(), b.ravel()))
        return a.tobytes() == b.tobytes()
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and a.tobytes() == b.tobytes()
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_index_type=True,
                                      check_column_type=True, check_freq=True)
        return all(same_index(x, y) for x, y in ((a.index, b.index), (a.columns, b.columns)))
    if isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True, check_index_type=True,
                                       check_freq=True)
        return same_index(a.index, b.index) and same(a.name, b.name)
    if isinstance(a, pd.Index):
        return same_index(a, b)
    if isinstance(a, dt.datetime):
        return a == b and a.replace(tzinfo=None) == b.replace(tzinfo=None) and \
            a.tzinfo == b.tzinfo and a.fold == b.fold and a.utcoffset() == b.utcoffset()
    if isinstance(a, dt.time):
        return a == b and a.tzinfo == b.tzinfo and a.fold == b.fold
    return a == b


def same_index(a, b) -> bool:
    """Two pandas indexes of the same kind, dtype, names, values and frequency."""
    pd.testing.assert_index_equal(a, b, exact=True, check_exact=True, check_names=True)
    return type(a) is type(b) and getattr(a, 'freq', None) == getattr(b, 'freq', None)


# -- strategies ----------------------------------------------------------------------------------
_offsets = st.integers(-23 * 60, 23 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
zones = st.one_of(st.none(), st.just(dt.timezone.utc), _offsets, st.timezones())

floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [0.0, -0.0, float('nan'), -float('nan'), struct.unpack('<d', struct.pack(
        '<Q', 0x7ff0000000000123))[0], 5e-324, 1.7976931348623157e308])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-2 ** 200, 2 ** 200), floats,
    st.text(), st.binary(max_size=16),
    st.dates(), st.datetimes(timezones=zones), st.times(), st.timedeltas(),
    st.complex_numbers(allow_nan=True), st.decimals(allow_nan=False),
    st.fractions(),
    hnp.from_dtype(np.dtype('float64')), hnp.from_dtype(np.dtype('float32')),
    hnp.from_dtype(np.dtype('int64')).map(np.int64), st.integers(0, 255).map(np.uint8),
    st.booleans().map(np.bool_),
    st.integers(-10 ** 15, 10 ** 15).map(lambda n: np.datetime64(n, 'ms')),
)

arrays = hnp.arrays(dtype=st.one_of(hnp.scalar_dtypes(), hnp.byte_string_dtypes(max_len=4),
                                    hnp.unicode_string_dtypes(max_len=4)),
                    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
fortran = hnp.arrays(dtype=np.float64, shape=hnp.array_shapes(min_dims=2, max_dims=2,
                                                               min_side=2, max_side=4)
                     ).map(np.asfortranarray)

series = st.one_of(*[hpd.series(dtype=dtype, index=hpd.range_indexes(max_size=6))
                     for dtype in (float, int, bool, 'datetime64[ns]')]) | \
    hpd.series(elements=st.text(max_size=3), dtype=object, index=hpd.indexes(
        elements=st.integers(-5, 5), max_size=6, unique=True))
frames = hpd.data_frames(columns=[hpd.column('a', dtype=float), hpd.column('b', dtype=int),
                                  hpd.column('c', dtype=bool)],
                         index=hpd.range_indexes(max_size=6)) | \
    hpd.data_frames(columns=hpd.columns(['x', 'y'], dtype=float),
                    index=hpd.indexes(dtype='datetime64[ns]', max_size=5))


def _compose(children):
    keys = st.text(max_size=6) | st.integers(-3, 3) | st.tuples(st.integers(0, 3))
    return st.one_of(st.lists(children, max_size=4),
                     st.tuples(children, children),
                     st.dictionaries(st.text(max_size=6), children, max_size=4),
                     st.dictionaries(keys, children, max_size=4),
                     st.frozensets(st.integers(0, 9) | st.text(max_size=2), max_size=4),
                     st.sets(st.integers(0, 9), max_size=4))


values = st.recursive(st.one_of(scalars, arrays, fortran, series, frames), _compose,
                      max_leaves=8)
names = st.text(min_size=1, max_size=8)
