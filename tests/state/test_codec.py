"""Tagged JSON round-trips every supported value exactly; other values are
refused with an error naming where they sit."""
from __future__ import annotations

import datetime as dt
import json
import struct
import zoneinfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from backtrader.core.errors import StateFileCorruptError, StateValueError
from backtrader.state.codec import dumps, loads
from values import same, values

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _no_constants(name):
    raise AssertionError('non-standard JSON constant %s' % name)


@SETTINGS
@given(values)
def test_every_value_comes_back_exactly(value):
    text = dumps(value)
    json.loads(text, parse_constant=_no_constants)      # plain JSON: no NaN/Infinity
    assert same(loads(text), value)


@pytest.mark.parametrize('bits', [0x7ff8000000000000, 0xfff8000000000000, 0x7ff0000000000001,
                                  0x7ff0000000000000, 0x8000000000000000, 1])
def test_float_bits(bits):
    x = struct.unpack('<d', struct.pack('<Q', bits))[0]
    back = loads(dumps([x, np.float64(x), np.float32(x)]))
    assert struct.pack('<d', back[0]) == struct.pack('<d', x)
    assert back[1].tobytes() == np.float64(x).tobytes()
    assert back[2].tobytes() == np.float32(x).tobytes()


def test_ambiguous_local_time_keeps_its_fold():
    tz = zoneinfo.ZoneInfo('America/New_York')
    first = dt.datetime(2021, 11, 7, 1, 30, tzinfo=tz)
    second = first.replace(fold=1)
    back = loads(dumps([first, second]))
    assert [b.utcoffset() for b in back] == [first.utcoffset(), second.utcoffset()]
    assert back[1].fold == 1 and back[0].tzinfo is tz


def test_numpy_dtype_shape_and_order():
    a = np.asfortranarray(np.arange(12, dtype=np.int32).reshape(3, 4))
    back = loads(dumps(a))
    assert back.dtype == np.int32 and back.shape == (3, 4) and back.flags.f_contiguous
    assert back.flags.writeable and (back == a).all()
    structured = np.array([(1, 2.5)], dtype=[('a', '<i4'), ('b', '<f8')])
    assert same(loads(dumps(structured)), structured)


def test_pandas_objects():
    idx = pd.date_range('2024-03-30', periods=4, freq='h', tz='Europe/Berlin', name='t')
    df = pd.DataFrame({'p': [1.5, np.nan, 3.0, 4.0], 'n': pd.array([1, None, 3, 4], dtype='Int64'),
                       'c': pd.Categorical(list('abab'), ordered=True), 's': list('wxyz')},
                      index=idx)
    df.columns.name = 'cols'
    assert same(loads(dumps(df)), df)
    mi = pd.MultiIndex.from_product([[1, 2], ['a', 'b']], names=['n', 'l'])
    s = pd.Series(np.arange(4.0), index=mi, name=('x', 1))
    assert same(loads(dumps(s)), s)
    for scalar in (pd.Timestamp('2020-01-01 10:00:00.000000001'),
                   pd.Timestamp('2020-06-01', tz='America/New_York'), pd.Timedelta(1, 'ns')):
        back = loads(dumps(scalar))
        assert back == scalar and getattr(back, 'unit', 'ns') == getattr(scalar, 'unit', 'ns')
        assert str(getattr(back, 'tz', None)) == str(getattr(scalar, 'tz', None))
    assert loads(dumps(pd.NaT)) is pd.NaT


def test_unsupported_values_name_their_place():
    class Custom:
        pass

    with pytest.raises(StateValueError, match=r"Custom.*\['a'\]\[1\]"):
        dumps({'a': [1, Custom()]})
    with pytest.raises(TypeError):          # StateValueError is a TypeError too
        dumps(object())
    with pytest.raises(StateValueError, match='numpy array of dtype'):
        dumps(np.array([(1, object())], dtype=[('a', 'i4'), ('o', 'O')]))


def test_dict_keys_that_look_like_tags():
    value = {'$float': 'nan', '$tuple': [1]}
    assert same(loads(dumps(value)), value)


@pytest.mark.parametrize('text', ['{"$nope": 1}', '{"a": ', '[1, {"$float": 3}]'])
def test_bad_text_is_a_corrupt_file_error(text):
    with pytest.raises((StateFileCorruptError, TypeError, AttributeError)):
        loads(text)


def test_pandas_is_imported_only_for_pandas_values(tmp_path):
    """A state file without pandas values loads without importing pandas;
    one with them imports it on reading (fresh processes)."""
    import os
    import subprocess
    import sys
    from conftest import REPO
    plain, frames = tmp_path / 'plain.json', tmp_path / 'frames.json'
    script = '''
import sys
import backtrader as bt
m = bt.StateManager(sys.argv[1]); m.set('x', 1.5); m.save()
import pandas as pd
m = bt.StateManager(sys.argv[2]); m.set('s', pd.Series([1.0, 2.5], name='n')); m.save()
'''
    env = dict(os.environ, PYTHONPATH=str(REPO))
    subprocess.run([sys.executable, '-c', script, str(plain), str(frames)], env=env, check=True)
    check = '''
import sys
import backtrader as bt
m = bt.StateManager(sys.argv[1]); m.load()
print(m.get(sys.argv[2]), 'pandas' in sys.modules)
'''
    out = subprocess.run([sys.executable, '-c', check, str(plain), 'x'], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    assert out == ['1.5', 'False']
    out = subprocess.run([sys.executable, '-c', check, str(frames), 's'], env=env, check=True,
                         capture_output=True, text=True).stdout
    assert out.split()[-1] == 'True' and '2.5' in out and 'Name: n' in out
