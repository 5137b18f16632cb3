"""Signals (``bt.signal``): the signal type constants of ``cerebro.add_signal``
and the ``Signal`` indicator.

A signal is any indicator whose line 0 is read each bar: > 0 is a long
indication, < 0 a short one, 0 none. The type tells the signal strategy how to
act on it (enter/exit, long/short, inverted or any direction).
"""
from __future__ import annotations

from .core.errors import ParameterError
from .indicators.base import Indicator
from .lines.ops import LineActions
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

    Bar by bar (any run but runonce on preloaded data), upstream stores the
    values of a line expression input (an operation, a delayed line, a logic
    function) one slot back: ``signal[0]`` reads NaN and ``signal[-1]`` the
    current value. That is reproduced; pass the expression itself (not
    wrapped in ``Signal``) to ``signal_add``/``add_signal`` to avoid it.
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
        # (upstream fails on expressions complete from the first bar: those
        # are copied in place)
        if isinstance(src, LineActions) and src._minperiod > 1:
            self._bt_next_differs = True     # computed bar by bar in next mode
            self.next = self._next_shifted

    def next(self) -> None:
        self._l0[0] = self._src[0]

    def _next_shifted(self) -> None:
        self._l0[-1] = self._src[0]

    def once(self, start: int, end: int) -> None:
        self._l0.storage()[start:end] = self._src.storage()[start:end]
