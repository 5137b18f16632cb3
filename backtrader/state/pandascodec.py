"""pandas values in tagged JSON: Timestamps, Timedeltas, NaT, Index kinds,
Series and DataFrames with their dtypes, exactly.

Column data is carried by kind: numpy-backed arrays as raw bytes
(``$ndarray``), tz-aware datetimes as their int64 values with the zone,
categoricals as codes and categories, other extension arrays (nullable
integers, strings, periods, intervals...) as their items and dtype name.
pandas is imported when a value needs it: a codec installs these types
when it meets a pandas value or one of ``TAGS`` (see ``ValueCodec``).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..core.errors import StateFileCorruptError
from .timezones import tz_from_json

__all__ = ['install', 'TAGS']

#: the tags of the values ``install`` teaches a codec
TAGS = ('$timestamp', '$pdtimedelta', '$nat', '$na', '$series', '$frame', '$index')


def install(codec) -> None:
    """Teach ``codec`` (a ``ValueCodec``) the pandas types."""
    try:
        import pandas as pd
    except ImportError:         # pragma: no cover - pandas is a dependency
        return
    enc, dec = _Pandas(codec, pd), None
    dec = enc
    codec.register(pd.Timestamp, enc.timestamp, '$timestamp', dec.dec_timestamp)
    codec.register(pd.Timedelta, enc.timedelta, '$pdtimedelta', dec.dec_timedelta)
    codec.register(type(pd.NaT), lambda v: {'$nat': None}, '$nat', lambda v, o: pd.NaT)
    codec.register(type(pd.NA), lambda v: {'$na': None}, '$na', lambda v, o: pd.NA)
    codec.register(pd.Series, enc.series, '$series', dec.dec_series)
    codec.register(pd.DataFrame, enc.frame, '$frame', dec.dec_frame)
    for cls in (pd.Index, pd.RangeIndex, pd.DatetimeIndex, pd.TimedeltaIndex, pd.PeriodIndex,
                pd.CategoricalIndex, pd.MultiIndex, pd.IntervalIndex):
        codec.register(cls, enc.index, '$index', dec.dec_index)


def _unit(value) -> str:
    """The resolution of a Timestamp/Timedelta (pandas before 2.0 has only ns,
    and no ``unit``)."""
    return getattr(value, 'unit', 'ns')


class _Pandas:
    """Encoders/decoders bound to a codec and the pandas module."""

    def __init__(self, codec, pd) -> None:
        self.codec = codec
        self.pd = pd

    # -- scalars ----------------------------------------------------------------------
    def timestamp(self, ts) -> dict:
        out = {'$timestamp': int(ts.asm8.view('<i8')), 'unit': _unit(ts)}
        if ts.tzinfo is not None:
            out['tz'] = self.codec._enc_tz(ts.tzinfo, None)
        return out

    def dec_timestamp(self, value: int, obj: dict):
        pd = self.pd
        ts = pd.Timestamp(np.array(value, dtype='<i8').view('M8[%s]' % obj['unit'])[()])
        if 'tz' in obj:
            ts = ts.tz_localize('UTC').tz_convert(tz_from_json(obj['tz']))
        return ts

    def timedelta(self, td) -> dict:
        return {'$pdtimedelta': int(td.asm8.view('<i8')), 'unit': _unit(td)}

    def dec_timedelta(self, value: int, obj: dict):
        return self.pd.Timedelta(np.array(value, dtype='<i8').view('m8[%s]' % obj['unit'])[()])

    # -- arrays (a Series' values, a DataFrame column, an Index' values) -------------------
    def array(self, holder) -> dict:
        """JSON for the values of a Series/column/Index, dtype included."""
        pd = self.pd
        enc = self.codec._enc
        dtype = holder.dtype
        if isinstance(dtype, np.dtype):
            return {'numpy': enc(holder.to_numpy(copy=False))}
        values = holder.array
        if isinstance(dtype, pd.DatetimeTZDtype):
            naive = np.asarray(values.tz_convert('UTC').tz_localize(None)
                               if hasattr(values, 'tz_convert') else
                               pd.array(values).tz_convert('UTC').tz_localize(None))
            return {'datetimetz': enc(naive), 'tz': self.codec._enc_tz(dtype.tz, None)}
        if isinstance(dtype, pd.CategoricalDtype):
            cat = pd.Categorical(values)
            return {'categorical': enc(np.asarray(cat.codes)),
                    'categories': self.index(cat.categories), 'ordered': bool(cat.ordered)}
        return {'extension': str(dtype), 'items': enc(list(values))}

    def dec_array(self, obj: dict):
        pd = self.pd
        dec = self.codec.decode
        if 'numpy' in obj:
            return dec(obj['numpy'])
        if 'datetimetz' in obj:
            naive = pd.DatetimeIndex(dec(obj['datetimetz']))
            return pd.array(naive.tz_localize('UTC').tz_convert(tz_from_json(obj['tz'])))
        if 'categorical' in obj:
            categories = self.dec_index(obj['categories']['$index'], obj['categories'])
            return pd.Categorical.from_codes(dec(obj['categorical']), categories=categories,
                                             ordered=obj['ordered'])
        if 'extension' in obj:
            return pd.array(dec(obj['items']), dtype=obj['extension'])
        raise StateFileCorruptError('unknown pandas array description')

    # -- Index -----------------------------------------------------------------------------
    def index(self, idx) -> dict:
        pd = self.pd
        enc = self.codec._enc
        name = enc(idx.name) if not isinstance(idx, pd.MultiIndex) else None
        if isinstance(idx, pd.RangeIndex):
            return {'$index': 'range', 'start': idx.start, 'stop': idx.stop, 'step': idx.step,
                    'name': name}
        if isinstance(idx, pd.MultiIndex):
            return {'$index': 'multi', 'levels': [self.index(lv) for lv in idx.levels],
                    'codes': [enc(np.asarray(c)) for c in idx.codes],
                    'names': enc(list(idx.names))}
        out = {'$index': 'values', 'values': self.array(idx), 'name': name}
        freq = getattr(idx, 'freqstr', None)
        if freq is not None:
            out['freq'] = freq
        return out

    def dec_index(self, kind: str, obj: dict):
        pd = self.pd
        dec = self.codec.decode
        if kind == 'range':
            return pd.RangeIndex(obj['start'], obj['stop'], obj['step'], name=dec(obj['name']))
        if kind == 'multi':
            levels = [self.dec_index(lv['$index'], lv) for lv in obj['levels']]
            return pd.MultiIndex(levels=levels, codes=[dec(c) for c in obj['codes']],
                                 names=dec(obj['names']), verify_integrity=False)
        if kind == 'values':
            values = self.dec_array(obj['values'])
            idx = pd.Index(values, name=dec(obj['name']), copy=False,
                           dtype=getattr(values, 'dtype', None))
            if 'freq' in obj:
                idx.freq = obj['freq']
            return idx
        raise StateFileCorruptError('unknown index kind %r' % (kind,))

    # -- Series / DataFrame -----------------------------------------------------------------------
    def series(self, s) -> dict:
        return {'$series': self.array(s), 'index': self.index(s.index),
                'name': self.codec._enc(s.name)}

    def dec_series(self, values: dict, obj: dict):
        pd = self.pd
        index = self.dec_index(obj['index']['$index'], obj['index'])
        data = self.dec_array(values)
        return pd.Series(data, index=index, name=self.codec.decode(obj['name']), copy=False,
                         dtype=getattr(data, 'dtype', None))

    def frame(self, df) -> dict:
        columns = [self.array(df.iloc[:, i]) for i in range(df.shape[1])]
        return {'$frame': columns, 'index': self.index(df.index),
                'columns': self.index(df.columns)}

    def dec_frame(self, columns: list, obj: dict):
        pd = self.pd
        index = self.dec_index(obj['index']['$index'], obj['index'])
        names = self.dec_index(obj['columns']['$index'], obj['columns'])
        data = {}
        for i, col in enumerate(columns):
            values = self.dec_array(col)
            data[i] = pd.Series(values, index=index, copy=False,
                                dtype=getattr(values, 'dtype', None))
        df = pd.DataFrame(data, index=index) if data else pd.DataFrame(index=index)
        df.columns = names
        return df
