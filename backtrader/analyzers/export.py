"""Analyzer results as pandas objects (``get_analysis()`` itself is unchanged).

``to_frame(analyzer)`` (also ``analyzer.get_analysis_df()``) turns an
analysis into the natural pandas shape:

* a mapping of periods/datetimes to numbers (TimeReturn, AnnualReturn,
  GrossLeverage, LogReturnsRolling, Calmar ...) -> a ``Series`` indexed by them;
* a mapping of datetimes to lists of figures (PositionsValue, Transactions) ->
  a ``DataFrame``, one row per list (Transactions: one row per transaction),
  with the column names of the analyzer's header entry when it has one;
* nested dictionaries (TradeAnalyzer, DrawDown, SharpeRatio, Returns, SQN ...)
  -> a ``Series`` with dotted keys (``won.pnl.total``);
* PyFolio -> its returns ``Series`` (``get_pf_items()`` gives every frame).
"""
from __future__ import annotations

import datetime as _dt
import numbers
from typing import Any, Optional

__all__ = ['to_frame', 'flatten']

_HEADER_KEYS = ('Datetime', 'date')
# column names of the list-valued analyzers without a header entry
_COLUMNS = {'Transactions': ['amount', 'price', 'sid', 'symbol', 'value']}


def flatten(tree: Any, prefix: str = '') -> dict:
    """Nested mappings as one dict with dotted keys (leaves kept as they are)."""
    out = {}
    if isinstance(tree, dict):
        for key, val in tree.items():
            name = '%s.%s' % (prefix, key) if prefix else str(key)
            if isinstance(val, dict):
                out.update(flatten(val, name))
            else:
                out[name] = val
    else:
        out[prefix or 'value'] = tree
    return out


def _is_time_key(key) -> bool:
    return isinstance(key, (_dt.date, _dt.datetime))


def _is_scalar(val) -> bool:
    return val is None or isinstance(val, (numbers.Number, str, bool))


def to_frame(analysis: Any, name: Optional[str] = None):
    """The pandas form of an analyzer (or of an analysis mapping)."""
    import pandas as pd
    source = analysis
    cls = ''
    if hasattr(analysis, 'get_analysis'):
        cls = type(analysis).__name__
        if hasattr(analysis, 'get_pf_items'):
            return analysis.get_pf_items()[0]
        name = name or cls
        analysis = analysis.get_analysis()
    if not isinstance(analysis, dict):
        return pd.Series([analysis], index=[name or 'value'], name=name, dtype=object)
    items = list(analysis.items())
    header = None
    if items and items[0][0] in _HEADER_KEYS and isinstance(items[0][1], (list, tuple)):
        header = list(items[0][1])
        header_key = items[0][0]
        items = items[1:]
    else:
        header_key = 'datetime'
    values = [v for _, v in items]
    if items and all(isinstance(v, (list, tuple)) for v in values):
        nested = all(v and all(isinstance(r, (list, tuple)) for r in v) for v in values)
        rows, index = [], []
        for key, val in items:
            for row in (val if nested else [val]):
                rows.append(list(row))
                index.append(key)
        columns = header or _COLUMNS.get(cls)
        width = max((len(r) for r in rows), default=0)
        if columns is None or len(columns) != width:
            columns = None
        frame = pd.DataFrame(rows, index=index, columns=columns)
        frame.index.name = header_key.lower()
        return frame
    if items and all(_is_scalar(v) for v in values) and \
            all(_is_time_key(k) or isinstance(k, int) for k, _ in items):
        series = pd.Series(dict(items), name=name)
        series.index.name = 'datetime' if all(_is_time_key(k) for k, _ in items) else None
        return series
    flat = flatten(analysis)
    return pd.Series(flat, name=name, dtype=object if not flat else None)
