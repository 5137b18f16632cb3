"""Oscillators: the distance between a line and what it is compared with.

``Oscillator`` works on any indicator (``input.data - input``) or on two
inputs (``data0 - data1``); for every registered moving average ``M`` a class
``<M>Oscillator`` (aliases ``<M>Osc``, ``<alias>Oscillator``, ``<alias>Osc``)
is generated at import time whose single line is ``x - M(x)``.
"""
from __future__ import annotations

from .base import Indicator
from .mabase import publish_variants

__all__ = ['OscillatorMixIn', 'Oscillator']


def _name_line0_osc(self) -> None:
    # legend name "<line>_osc" (line 0 keeps its own name)
    try:
        linename = self.lines._getlinealias(0)
        self.plotlines._0._name = linename + '_osc'
    except AttributeError:
        pass


class OscillatorMixIn(Indicator):
    """Turns line 0 into ``data - line 0``; used through the generated
    moving-average oscillators."""

    plotlines = dict(_0=dict(_name='osc'))

    _plotinit = _name_line0_osc


class Oscillator(Indicator):
    """``data0 - data1`` with two inputs; with one input (an indicator
    computed on some data) ``input.data - input``."""

    lines = ('osc',)
    plotlines = dict(_0=dict(_name='osc'))

    _plotinit = _name_line0_osc

    def __init__(self) -> None:
        super().__init__()
        if len(self.datas) > 1:
            self.lines[0] = self.data0 - self.data1
        else:
            self.lines[0] = self.data.data - self.data


def _oscillator_init(self) -> None:
    # the average runs as a sub-indicator so that its own recursion (which
    # reads its previous values) is not disturbed by the oscillator values
    average = self._bt_ma(self.data, **self.p._getkwargs()).lines[0]
    if getattr(self._bt_ma, '_bt_line0_late', False):
        # upstream's operation on line 0 is overwritten by the average's own
        # next(): the "oscillator" repeats the average
        self.lines[0] = average
    else:
        self.lines[0] = self.data - average


def _idle_once(self, start: int, end: int) -> None:
    pass


def _idle_next(self) -> None:
    pass


def _make_oscillator(ma: type) -> type:
    base = ma.__name__
    name = base + 'Oscillator'
    aliases = [base + 'Osc']
    for entry in ma.alias:
        entry = entry[0] if isinstance(entry, (tuple, list)) else entry
        aliases += [entry + 'Oscillator', entry + 'Osc']
    doc = 'Distance of the input from its %s: ``x - %s(x)`` (generated).' % (base, base)
    # the hooks of the average are not used on the oscillator itself
    ns = dict(__module__=__name__, __doc__=doc, __qualname__=name, _notregister=True,
              alias=aliases, plotinfo=dict(subplot=True), __init__=_oscillator_init,
              _bt_ma=ma, next=_idle_next, nextstart=_idle_next, prenext=_idle_next,
              once=_idle_once, oncestart=_idle_once, preonce=_idle_once)
    return type(name, (ma, OscillatorMixIn), ns)


# (upstream's module names: the last average and its variant)
movav, newcls = publish_variants(_make_oscillator, globals(), __all__)
