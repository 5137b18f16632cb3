"""Couplers: a line of a slower clock followed on a faster one, repeating the
slower source's last value (``data1.close()`` inside an indicator of ``data0``).

Layer: lines.
"""
from __future__ import annotations

import numpy as np

from ..core.context import find_owner
from .buffer import LineBuffer, NAN
from .iterator import LineIterator, clock_of
from .root import LineRoot, LineSingle, LineMultiple, operation_factory
from .series import as_line
from .ops import LineActions

__all__ = ['SingleCoupler', 'MultiCoupler', 'LinesCoupler', 'LineCoupler', 'make_coupler']


class _Coupler(LineActions):
    plotinfo = dict(plot=False)
    _stclock = False

    def _bt_build(self, init, args, kwargs):
        clk = kwargs.pop('clock', None)
        if isinstance(clk, LineRoot):
            self._forced_clock = clock_of(clk)
        super()._bt_build(init, args, kwargs)
        self._dlen = 0
        self._dval = NAN

    def _source(self) -> LineBuffer:
        return as_line(self.datas[0])

    def next(self) -> None:
        src = self._source()
        slen = len(src)
        if slen > self._dlen:
            self._dlen = slen
            self._dval = src[0]
        self._l0[0] = self._dval

    prenext = next
    nextstart = next

    def _once(self) -> None:
        clock = self.lines._clock
        src = self._source()
        sclock = src._c
        end = clock.buflen
        if sclock is clock:
            self._l0._a[:end] = src._a[:end]
            return
        own_dt = _clock_datetimes(clock)
        src_dt = _clock_datetimes(sclock)
        if own_dt is None or src_dt is None:
            return
        pos = np.searchsorted(src_dt[:sclock.buflen], own_dt[:end], side='right') - 1
        vals = np.where(pos >= 0, src._a[np.maximum(pos, 0)], NAN)
        self._l0._a[:end] = vals


def _clock_datetimes(clock):
    owner = clock.owner
    dtline = getattr(getattr(owner, 'lines', None), 'datetime', None)
    return None if dtline is None else dtline._a


class SingleCoupler(_Coupler):
    """Couples one line to a faster clock."""

    def __init__(self, *args, **kwargs) -> None:
        pass


class MultiCoupler(_Coupler):
    """Couples every line of a multi-line object to a faster clock."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def _bt_makelines(self, clock):
        src = self._coupled
        names = src.lines.getlinealiases()
        self.__class__ = _multi_coupler_class(names)
        super()._bt_makelines(clock)

    def _bt_build(self, init, args, kwargs):
        self._coupled = args[0]
        super()._bt_build(init, args, kwargs)

    def next(self) -> None:
        src = self._coupled
        slen = len(src)
        if slen > self._dlen:
            self._dlen = slen
            self._dvals = [line[0] for line in src.lines.lines]
        dvals = getattr(self, '_dvals', None)
        for i, line in enumerate(self.lines.lines):
            line[0] = dvals[i] if dvals is not None else NAN

    prenext = next
    nextstart = next

    def _once(self) -> None:
        src = self._coupled
        clock = self.lines._clock
        sclock = src.lines._clock
        end = clock.buflen
        for i, line in enumerate(self.lines.lines):
            sline = src.lines.lines[i]
            if sclock is clock:
                line._a[:end] = sline._a[:end]
                continue
            own_dt = _clock_datetimes(clock)
            src_dt = _clock_datetimes(sclock)
            if own_dt is None or src_dt is None:
                continue
            pos = np.searchsorted(src_dt[:sclock.buflen], own_dt[:end], side='right') - 1
            line._a[:end] = np.where(pos >= 0, sline._a[np.maximum(pos, 0)], NAN)


_MC_CLASSES: dict = {}


def _multi_coupler_class(names: tuple) -> type:
    try:
        return _MC_CLASSES[names]
    except KeyError:
        cls = type('LinesCoupler_%d' % len(_MC_CLASSES), (MultiCoupler,),
                   {'lines': names, 'linesoverride': True, '__module__': __name__})
        _MC_CLASSES[names] = cls
        return cls


LinesCoupler = MultiCoupler
LineCoupler = MultiCoupler


def _default_coupler_clock(obj):
    """Faster clock a coupler follows when none is given: for a data feed its
    base data (a resampled clone follows the original feed); for a line, the
    owner of the object being built (usually the strategy)."""
    if isinstance(obj, LineMultiple):
        base = obj
        while True:
            nxt = getattr(base, 'data', None) if hasattr(base, 'lines') else None
            if nxt is None or nxt is base or not isinstance(nxt, LineMultiple):
                break
            base = nxt
        return base if base is not obj else None
    owner = find_owner(LineIterator)
    return owner


def make_coupler(obj, clock=None):
    if clock is None:
        clock = _default_coupler_clock(obj)
    kwargs = {} if clock is None else {'clock': clock}
    if isinstance(obj, LineSingle):
        return SingleCoupler(obj, **kwargs)
    return MultiCoupler(obj, **kwargs)


operation_factory.coupler = make_coupler
