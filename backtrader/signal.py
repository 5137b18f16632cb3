"""Signals (``bt.signal``): the signal type constants of ``cerebro.add_signal``
and the ``Signal`` indicator.

A signal is any indicator whose line 0 is read each bar: > 0 is a long
indication, < 0 a short one, 0 none. The type tells the signal strategy how to
act on it (enter/exit, long/short, inverted or any direction).
"""
from __future__ import annotations

from .core.errors import ParameterError
from .indicators.base import Indicator
from .lines.series import as_line

__all__ = ['Signal', 'SignalTypes', 'SIGNAL_NONE', 'SIGNAL_LONGSHORT',
           'SIGNAL_LONG', 'SIGNAL_LONG_INV', 'SIGNAL_LONG_ANY',
           'SIGNAL_SHORT', 'SIGNAL_SHORT_INV', 'SIGNAL_SHORT_ANY',
           'SIGNAL_LONGEXIT', 'SIGNAL_LONGEXIT_INV', 'SIGNAL_LONGEXIT_ANY',
           'SIGNAL_SHORTEXIT', 'SIGNAL_SHORTEXIT_INV', 'SIGNAL_SHORTEXIT_ANY']

(SIGNAL_NONE, SIGNAL_LONGSHORT,
 SIGNAL_LONG, SIGNAL_LONG_INV, SIGNAL_LONG_ANY,
 SIGNAL_SHORT, SIGNAL_SHORT_INV, SIGNAL_SHORT_ANY,
 SIGNAL_LONGEXIT, SIGNAL_LONGEXIT_INV, SIGNAL_LONGEXIT_ANY,
 SIGNAL_SHORTEXIT, SIGNAL_SHORTEXIT_INV, SIGNAL_SHORTEXIT_ANY) = range(14)

# every signal type, in value order
SignalTypes: list = list(range(SIGNAL_SHORTEXIT_ANY + 1))


class Signal(Indicator):
    """Line ``signal``: line 0 of the input, drawn on the input's chart.

    The chart is the input's own for a data feed or a line expression, and the
    chart of the data an indicator input is computed on.
    """

    lines = ('signal',)
    plotlines = dict(signal=dict())

    def __init__(self) -> None:
        if not self.datas:
            raise ParameterError('Signal needs an input (a data feed, a line or an indicator) '
                                 'or an owner providing one')
        src = self.data0
        master = src
        if isinstance(src, Indicator) and src.datas:
            master = src.datas[0]
        self.plotinfo.plotmaster = master
        # values are copied bar by bar / as a slice: a binding would not see
        # the values a feed loads without writing them through its lines
        self._src = as_line(src)

    def next(self) -> None:
        self._l0[0] = self._src[0]

    def once(self, start: int, end: int) -> None:
        self._l0._a[start:end] = self._src._a[start:end]
