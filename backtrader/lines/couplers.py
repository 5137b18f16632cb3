"""Couplers: a line of a slower clock followed on a faster one, repeating the
slower source's last value (``data1.close()`` inside an indicator of ``data0``).

Layer: lines.
"""
from __future__ import annotations

import itertools

from ..core.context import find_owner
from .buffer import LineBuffer, NAN
from .iterator import LineIterator, clock_of
from .root import LineRoot, LineSingle, LineMultiple, operation_factory
from .series import as_line
from .ops import LineActions

__all__ = ['SingleCoupler', 'MultiCoupler', 'LinesCoupler', 'LineCoupler', 'make_coupler']


class _Coupler(LineActions):
    """Base of the couplers.

    Bar by bar, a coupler writes its source's last value on each bar of its
    clock. In a runonce run over preloaded datas upstream's couplers hold NaN
    on every bar (their vectorised pass leaves them empty; a crossover of one
    never fires): so do these (``_bt_next_differs``: every other mode steps
    them bar by bar, as upstream's).

    A coupler made while its source is still being built (in the source's
    ``__init__``: PivotPoint's autoplot) comes before it among its owner's
    objects and lags as upstream's does (it steps before its source): on each
    bar it holds the source as it stood at the end of the previous bar."""

    plotinfo = dict(plot=False)
    _stclock = False
    _bt_next_differs = True
    _lagging = False
    _bt_coupled = True          # (plotted with the data whose clock it follows)

    def _bt_build(self, init, args, kwargs):
        clk = kwargs.pop('clock', None)
        if isinstance(clk, LineRoot):
            self._forced_clock = clock_of(clk)
        super()._bt_build(init, args, kwargs)
        self._dlen = 0
        self._seen = 0
        self._dval = NAN
        src = self._source_object()
        self._lagging = isinstance(src, LineIterator) and getattr(src, '_bt_building', False)

    def _source(self) -> LineBuffer:
        return as_line(self.datas[0])

    def _source_object(self):
        """The object whose values are coupled (an indicator, a data...)."""
        return self._source()._owner

    def _moved(self, slen: int) -> int:
        """The source's length whose last bar this coupler holds now, given
        its current length ``slen``; 0 while unchanged since the last bar."""
        if self._lagging:
            seen, self._seen = self._seen, slen
            slen = seen
        if slen > self._dlen:
            self._dlen = slen
            return slen
        return 0

    def next(self) -> None:
        src = self._source()
        slen = len(src)
        n = self._moved(slen)
        if n:
            self._dval = src[n - slen]
        self._l0[0] = self._dval

    prenext = next
    nextstart = next

    def _once(self) -> None:
        """Upstream's runonce pass: nothing (NaN on every bar)."""


class SingleCoupler(_Coupler):
    """Couples one line to a faster clock."""

    def __init__(self, *args, **kwargs) -> None:
        pass


class MultiCoupler(_Coupler):
    """Couples every line of a multi-line object to a faster clock.

    Each coupler is an instance of its own class, ``LinesCoupler_<n>`` (``n``
    counts the couplers made in the process), made of the coupled object's
    class: its lines, its parameters (at their defaults), ``plotinfo`` and
    ``plotlines``. So the coupler is plotted as that class would be, over the
    data whose clock it follows, with its own legend -- as upstream's."""

    def __new__(cls, *args, **kwargs):
        if cls is MultiCoupler and args:
            cls = _coupler_class(args[0])
        return super().__new__(cls)

    def __init__(self, *args, **kwargs) -> None:
        pass

    _dvals = None       # the source's values held (None before its first bar)

    def _bt_build(self, init, args, kwargs):
        self._coupled = args[0]
        super()._bt_build(init, args, kwargs)

    def _bt_preinit_hook(self) -> None:
        # the coupled object's minimum period, not only its first line's
        # (a MACD's 34 bars, not 26): when the strategy may start
        # (on its lines too: what reads one of them waits as long)
        self.updateminperiod(self._coupled._minperiod)
        # a line may be called ``p`` (PivotPoint): ``p`` stays the parameters
        self.p = self.params

    def _source_object(self):
        return self._coupled

    def next(self) -> None:
        src = self._coupled
        slen = len(src)
        n = self._moved(slen)
        if n:
            self._dvals = [line[n - slen] for line in src.lines.lines]
        dvals = self._dvals
        for i, line in enumerate(self.lines.lines):
            line[0] = dvals[i] if dvals is not None else NAN

    prenext = next
    nextstart = next


_COUPLER_NUMBERS = itertools.count()


def _coupler_class(src) -> type:
    """The class of a new coupler of ``src`` (see ``MultiCoupler``)."""
    scls = type(src)
    ns = {'lines': tuple(src.lines.getlinealiases()), 'linesoverride': True, 'alias': (),
          '__module__': __name__}
    for attr in ('params', 'plotinfo', 'plotlines'):
        info = getattr(scls, attr, None)
        if info is not None:
            ns[attr] = info._getpairs()     # (declared anew: merged over the coupler's)
    return type('LinesCoupler_%d' % next(_COUPLER_NUMBERS), (MultiCoupler,), ns)


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
