"""``bt.talib``: the TA-Lib functions as indicators.

When the ``talib`` package (TA-Lib's Python binding) imports, one indicator
class per TA-Lib function is generated here (``bt.talib.SMA``,
``bt.talib.MACD``, ``bt.talib.CDLDOJI``...):

* params: the function's parameters and defaults (``timeperiod``, ``matype``...);
* lines: the function's outputs (``real``; ``macd, macdsignal, macdhist``...);
  candlestick functions get an extra line ``_candleplot`` (the bar's high
  times 1.02 times output / 100) to plot the pattern marks;
* inputs: each positional data gives its line 0, so multi-input functions
  take the lines explicitly: ``bt.talib.ATR(d.high, d.low, d.close)``;
* minimum period: the function's lookback + 1;
* runonce: the function runs once over the whole arrays; bar by bar it runs
  over the last ``lookback + 1`` values (the whole history for functions with
  an unstable period, and for ``SAR``) and the last output is kept. As
  upstream, the two modes can differ (e.g. a running sum against a window
  sum, window-relative indices): the classes are never precomputed in next
  mode.

Without TA-Lib this module defines no public name (as upstream); asking it
for a function (``bt.talib.SMA``) raises an ``AttributeError`` saying what to
install.
"""
from __future__ import annotations

import numpy as _np

from .core.registry import get_registry as _get_registry
from .indicators.base import Indicator as _Indicator
from .lines.series import as_line as _as_line

__all__: list = []

try:
    import talib as _talib
    from talib import abstract as _abstract
except ImportError:          # TA-Lib not installed: the module stays empty
    _talib = None
    _abstract = None


# output flags -> plotlines entries
_LINE_STYLES = {'Line': '-', 'Dashed Line': '--', 'Dotted Line': ':'}
_UPPER = 'Values represent an upper limit'
_LOWER = 'Values represent a lower limit'
_CANDLE_OVER = 1.02          # the candle marks sit 2% above the high


class _TALibIndicator(_Indicator):
    """Base of the generated TA-Lib indicators."""

    _tabstract = None
    _taname = ''
    _iscandle = False
    _unstable = False
    # outputs depend on the mode (see the module docstring)
    _bt_next_differs = True

    def __init__(self, *args) -> None:
        func = _abstract.Function(self._taname)
        kwargs = dict(self.p._getkwargs())
        if kwargs:
            func.set_parameters(**kwargs)
        self._tafunc = getattr(_talib, self._taname)
        self._kwargs = kwargs
        self._lookback = func.lookback + 1
        # only the indicator waits for the lookback: the lines themselves
        # carry no minimum period of their own (as upstream)
        self._minperiod += func.lookback
        self._inputs = [_as_line(d) for d in self.datas]
        self._noutputs = len(func.output_names)
        self._whole = self._unstable or self._taname == 'SAR'
        # candle marks are placed relative to the input given as "high"
        self._highinput = _input_position(func, 'high')

    def _call(self, arrays):
        out = self._tafunc(*arrays, **self._kwargs)
        return out if isinstance(out, (list, tuple)) else (out,)

    def next(self) -> None:
        size = len(self) if self._whole else self._lookback
        arrays = [_np.array(line.view(size=size), dtype=_np.float64) for line in self._inputs]
        outputs = self._call(arrays)
        lines = self.lines
        for i, out in enumerate(outputs):
            lines[i][0] = float(out[-1])
        if self._iscandle:
            high = self._inputs[self._highinput][0]
            lines[self._noutputs][0] = high * _CANDLE_OVER * (lines[0][0] / 100.0)

    def once(self, start: int, end: int) -> None:
        arrays = [_np.ascontiguousarray(line.storage()[:end], dtype=_np.float64)
                  for line in self._inputs]
        outputs = self._call(arrays)
        lines = self.lines
        for i, out in enumerate(outputs):
            lines[i].storage()[:end] = out
        if self._iscandle:
            high = self._inputs[self._highinput].storage()[:end]
            pattern = lines[0].storage()[:end]
            lines[self._noutputs].storage()[:end] = high * _CANDLE_OVER * (pattern / 100.0)

    def oncestart(self, start: int, end: int) -> None:
        self.once(start, end)


def _input_position(func, name: str) -> int:
    names = []
    for value in func.info['input_names'].values():
        names.extend(value if isinstance(value, (list, tuple)) else [value])
    return names.index(name) if name in names else 0


def _plotlines(outputs: dict, name: str, candle: bool) -> dict:
    entries: dict = {}
    if candle:
        entries[list(outputs)[0]] = dict(_plotskip=True)
        entries['_candleplot'] = dict(_name=name, ls='', marker='d', markersize='7.0',
                                      fillstyle='full')
        return entries
    samecolor = False            # a line after an upper band shares its colour
    for line, flags in outputs.items():
        entry = {}
        for flag in flags:
            if flag in _LINE_STYLES:
                entry['ls'] = _LINE_STYLES[flag]
            elif flag == 'Histogram':
                entry['_method'] = 'bar'
            elif flag == _LOWER:
                entry['_samecolor'] = True
        if samecolor:
            entry['_samecolor'] = True
        samecolor = _UPPER in flags
        if entry:
            entries[line] = entry
    return entries


def _make_class(name: str) -> type:
    info = _abstract.Function(name).info
    flags = info.get('function_flags') or []
    candle = 'Output is a candlestick' in flags
    outputs = info['output_flags']
    lines = tuple(info['output_names']) + (('_candleplot',) if candle else ())
    plotinfo = dict(subplot=not (candle or 'Output scale same as input' in flags))
    if candle:
        plotinfo['plotlinelabels'] = True
    ns = dict(__module__=__name__, __qualname__=name,
              __doc__='TA-Lib %s (%s).' % (name, info.get('display_name', name)),
              _taname=name, _tabstract=_abstract.Function(name), _iscandle=candle,
              _unstable='Function has an unstable period' in flags,
              params=tuple(info['parameters'].items()), lines=lines, plotinfo=plotinfo,
              plotlines=_plotlines(outputs, name, candle))
    return type(name, (_TALibIndicator,), ns)


def _generate() -> None:
    registry = _get_registry('indicators')
    # the TA-Lib classes must not shadow bt.indicators' names in the registry
    before = {name: registry.get(name) for name in registry.names()}
    names = globals()
    for name in _talib.get_functions():
        names[name] = _make_class(name)
        __all__.append(name)
    for name, cls in before.items():
        registry.register(name, cls)
    names['MA_Type'] = _talib.MA_Type
    func_flags = dict(_abstract.TA_FUNC_FLAGS)
    output_flags = dict(_abstract.TA_OUTPUT_FLAGS)
    names['R_TA_FUNC_FLAGS'] = {v: k for k, v in func_flags.items()}
    names['R_TA_OUTPUT_FLAGS'] = {v: k for k, v in output_flags.items()}
    constants = dict(FUNC_FLAGS_SAMESCALE='Output scale same as input',
                     FUNC_FLAGS_UNSTABLE='Function has an unstable period',
                     FUNC_FLAGS_CANDLESTICK='Output is a candlestick')
    for const, desc in constants.items():
        names[const] = names['R_TA_FUNC_FLAGS'][desc]
    outconsts = dict(OUT_FLAGS_LINE='Line', OUT_FLAGS_DOTTED='Dotted Line',
                     OUT_FLAGS_DASH='Dashed Line', OUT_FLAGS_HISTO='Histogram',
                     OUT_FLAGS_UPPER=_UPPER, OUT_FLAGS_LOWER=_LOWER)
    for const, desc in outconsts.items():
        names[const] = names['R_TA_OUTPUT_FLAGS'][desc]
    __all__.extend(['MA_Type', 'R_TA_FUNC_FLAGS', 'R_TA_OUTPUT_FLAGS', *constants, *outconsts])


if _talib is not None:
    _generate()
else:
    def __getattr__(name: str):
        # module-level fallback (PEP 562): only reached for missing names
        if name.isupper() and not name.startswith('_'):
            raise AttributeError('bt.talib.%s is a TA-Lib function: install the TA-Lib '
                                 'Python package (pip install TA-Lib) to use bt.talib' % name)
        raise AttributeError("module 'backtrader.talib' has no attribute %r" % name)
