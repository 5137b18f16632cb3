"""Fingerprints: what a state file or checkpoint was made with, so that
loading it into a different setup is refused with a list of what differs.

A fingerprint is plain JSON data:

* the project: backtrader's version and the file layout version;
* a strategy: its class (module and qualified name) and parameter values;
* a data feed: its class, name, parameters and its source -- a file by path,
  size and the SHA-256 of its first and last 64 KiB (and of the whole file
  up to 4 MiB), a DataFrame by shape, columns and a hash of its rows.

A data source that has only *grown* (new bars appended to the file or the
DataFrame) still matches when the caller allows growth: the live-style
continuation of yesterday's run on today's longer file.
"""
from __future__ import annotations

import hashlib
import os
from typing import Any, Optional

from ..version import __version__
from .codec import encode_value

__all__ = ['project_fingerprint', 'strategy_fingerprint', 'data_fingerprint',
           'file_fingerprint', 'frame_fingerprint', 'describe', 'differences',
           'data_differences']

_EDGE = 64 * 1024               # bytes hashed at each end of a file
_WHOLE = 4 * 1024 * 1024        # files up to this size are hashed whole


def qualname(obj: Any) -> str:
    """``module.QualifiedName`` of a class or function."""
    return '%s.%s' % (getattr(obj, '__module__', '?'),
                      getattr(obj, '__qualname__', getattr(obj, '__name__', '?')))


def describe(value: Any) -> Any:
    """A JSON description of a parameter value that is equal for equal
    settings: the value itself when it can be stored exactly, a class or
    function by name, else its type's name (no memory addresses)."""
    if isinstance(value, type) or callable(value) and hasattr(value, '__qualname__'):
        return {'$name': qualname(value)}
    try:
        return encode_value(value)
    except Exception:           # noqa: BLE001 (any value may be a parameter)
        return {'$type': qualname(type(value))}


def project_fingerprint(layout: int) -> dict:
    """The project's version and the file layout version."""
    return {'backtrader': __version__, 'layout': layout}


def strategy_fingerprint(strategy_or_class, params: Optional[dict] = None) -> dict:
    """Class and parameter values of a strategy (an instance, or a class and
    the keyword arguments it is built with)."""
    if isinstance(strategy_or_class, type):
        cls = strategy_or_class
        values = dict(cls.params._getitems()) if hasattr(cls, 'params') else {}
        values.update(params or {})
    else:
        cls = type(strategy_or_class)
        values = dict(strategy_or_class.params._getkwargs())
    return {'class': qualname(cls), 'params': {k: describe(v) for k, v in values.items()}}


def _sha(fh, start: int, size: int) -> str:
    fh.seek(start)
    h = hashlib.sha256()
    left = size
    while left > 0:
        chunk = fh.read(min(left, 1 << 20))
        if not chunk:
            break
        h.update(chunk)
        left -= len(chunk)
    return h.hexdigest()


def file_fingerprint(path: str, size: Optional[int] = None) -> dict:
    """Size and hashes of the first ``size`` bytes of a file (all of it by default)."""
    if size is None:
        size = os.path.getsize(path)
    with open(path, 'rb') as fh:
        out = {'path': os.fspath(path), 'size': size,
               'head': _sha(fh, 0, min(size, _EDGE)),
               'tail': _sha(fh, max(0, size - _EDGE), min(size, _EDGE))}
        if size <= _WHOLE:
            out['sha256'] = _sha(fh, 0, size)
    return out


def frame_fingerprint(df, rows: Optional[int] = None) -> dict:
    """Shape, columns and a hash of the first ``rows`` rows (all by default)."""
    import pandas as pd
    if rows is None:
        rows = len(df)
    part = df.iloc[:rows]
    row_hashes = pd.util.hash_pandas_object(part, index=True).to_numpy()
    return {'rows': int(rows), 'columns': [str(c) for c in df.columns],
            'rowhash': hashlib.sha256(row_hashes.tobytes()).hexdigest()}


def _source(data) -> dict:
    src = getattr(data.p, 'dataname', None)
    if isinstance(src, (str, os.PathLike)) and os.path.isfile(src):
        return {'file': file_fingerprint(os.fspath(src))}
    if type(src).__name__ == 'DataFrame' and hasattr(src, 'iloc'):
        return {'frame': frame_fingerprint(src)}
    return {'object': qualname(type(src))}


def _described(data) -> dict:
    params = {k: describe(v) for k, v in data.params._getkwargs().items() if k != 'dataname'}
    return {'class': qualname(type(data)), 'name': getattr(data, '_name', ''),
            'params': params}


def data_fingerprint(data) -> dict:
    """Class, name, parameters and source of a data feed."""
    return dict(_described(data), source=_source(data))


# -- comparing -----------------------------------------------------------------------------------
def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + '...'


def differences(old: Any, new: Any, where: str = '') -> list:
    """What differs between two fingerprints (JSON data), one line each."""
    if isinstance(old, dict) and isinstance(new, dict) and not any(
            k.startswith('$') for k in list(old) + list(new)):
        out = []
        for key in list(old) + [k for k in new if k not in old]:
            sub = '%s.%s' % (where, key) if where else key
            if key not in new:
                out.append('%s: was %s, now absent' % (sub, _show(old[key])))
            elif key not in old:
                out.append('%s: absent before, now %s' % (sub, _show(new[key])))
            else:
                out.extend(differences(old[key], new[key], sub))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        out = []
        for i, (a, b) in enumerate(zip(old, new)):
            out.extend(differences(a, b, '%s[%d]' % (where, i)))
        return out
    if old != new:
        return ['%s: was %s, now %s' % (where or 'value', _show(old), _show(new))]
    return []


def data_differences(old: dict, data, label: str, allow_growth: bool) -> list:
    """What differs between a data feed and the fingerprint ``old`` made of
    it before. With ``allow_growth`` a source that only gained rows at its
    end is no difference."""
    new = _described(data)
    out = differences({k: v for k, v in old.items() if k != 'source'}, new, label)
    out.extend(_source_differences(old.get('source') or {}, data, label, allow_growth))
    return out


def _source_differences(old: dict, data, label: str, allow_growth: bool) -> list:
    src = getattr(data.p, 'dataname', None)
    if 'file' in old:
        was = old['file']
        path = os.fspath(src) if isinstance(src, (str, os.PathLike)) else None
        if path is None or not os.path.isfile(path):
            return ['%s: the file %s is gone (now %s)' % (label, was['path'], _show(src))]
        size = os.path.getsize(path)
        if size < was['size']:
            return ['%s: the file %s shrank from %d to %d bytes' % (label, path, was['size'],
                                                                   size)]
        if size > was['size'] and not allow_growth:
            return ['%s: the file %s grew from %d to %d bytes' % (label, path, was['size'],
                                                                 size)]
        now = file_fingerprint(path, was['size'])
        for key in ('head', 'tail', 'sha256'):
            if key in was and was[key] != now.get(key):
                return ['%s: the content of %s changed (its first %d bytes differ from '
                        'those the checkpoint was made with)' % (label, path, was['size'])]
        return []
    if 'frame' in old:
        was = old['frame']
        if not (type(src).__name__ == 'DataFrame' and hasattr(src, 'iloc')):
            return ['%s: the DataFrame is now %s' % (label, qualname(type(src)))]
        if len(src) < was['rows']:
            return ['%s: the DataFrame shrank from %d to %d rows' % (label, was['rows'],
                                                                    len(src))]
        if len(src) > was['rows'] and not allow_growth:
            return ['%s: the DataFrame grew from %d to %d rows' % (label, was['rows'],
                                                                  len(src))]
        now = frame_fingerprint(src, was['rows'])
        if now != was:
            return ['%s: the first %d rows of the DataFrame changed' % (label, was['rows'])]
        return []
    if 'object' in old and old['object'] != qualname(type(src)):
        return ['%s: source was a %s, now a %s' % (label, old['object'], qualname(type(src)))]
    return []
