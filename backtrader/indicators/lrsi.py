"""Laguerre filter and Laguerre RSI (Ehlers).

Four cascaded first-order sections: ``L0 = (1 - g) x + g L0'``,
``Lk = -g L(k-1) + L(k-1)' + g Lk'`` (``'`` = previous bar). The state starts
at zero on the first bar with a value (the minimum period), not on bar 1.
In runonce mode each section is a linear recursion ``y = u + g y'`` evaluated
by ``lfilter`` on an input ``u`` computed with the same float operations as
the bar-by-bar formula, so both modes give identical values.
"""
from __future__ import annotations

import numpy as np

from ..lines.series import as_line
from .base import fill_stalled, mark_stalled_input
from .basicops import PeriodN
from ..lines.kernels import exp_smooth

__all__ = ['LaguerreRSI', 'LRSI', 'LaguerreFilter', 'LAGF']


def laguerre_step(state: list, x: float, gamma: float) -> list:
    """Next ``[L0, L1, L2, L3]`` from the previous ones and the input."""
    l0p, l1p, l2p, l3p = state
    l0 = (1.0 - gamma) * x + gamma * l0p
    l1 = -gamma * l0 + l0p + gamma * l1p
    l2 = -gamma * l1 + l1p + gamma * l2p
    l3 = -gamma * l2 + l2p + gamma * l3p
    return [l0, l1, l2, l3]


def laguerre_arrays(x: np.ndarray, gamma: float, state: list) -> list:
    """The four sections over ``x`` (one value per bar) from ``state``."""
    g1 = 1.0 - gamma
    prev = state[0]
    # L0 = g1 * x + gamma * L0'
    cur = exp_smooth(np.concatenate(([0.0], x)), 1, prev, g1, gamma)
    sections = [cur]
    for k in range(1, 4):
        below = sections[-1]
        below_prev = np.concatenate(([state[k - 1]], below[:-1]))
        # (-gamma * L(k-1) + L(k-1)') then + gamma * Lk'
        drive = -gamma * below + below_prev
        cur = exp_smooth(np.concatenate(([0.0], drive)), 1, state[k], 1.0, gamma)
        sections.append(cur)
    return sections


def _laguerre_rsi(l0, l1, l2, l3):
    up = down = 0.0
    if l0 >= l1:
        up = l0 - l1
    else:
        down = l1 - l0
    if l1 >= l2:
        up += l1 - l2
    else:
        down += l2 - l1
    if l2 >= l3:
        up += l2 - l3
    else:
        down += l3 - l2
    total = up + down
    return 1.0 if not total else up / total


# bar-by-bar and vectorised hooks shared by both classes (each class supplies
# ``_value`` / ``_values`` turning the four sections into its line)
def _laguerre_next(self) -> None:
    self._state = laguerre_step(self._state, self.data[0], self.p.gamma)
    self._l0[0] = self._value(*self._state)


def _laguerre_init(self) -> None:
    # (the state starts here, not in nextstart: a cycle where the input did
    # not move -- another data moved, a replayed bar updated -- steps again
    # from the state reached, nextstart included, as upstream's)
    self._state = [0.0, 0.0, 0.0, 0.0]
    mark_stalled_input(self)
    PeriodN.__init__(self)


def _laguerre_stalled_last(self) -> float:
    # upstream's replay: one call per bar from the minimum period on, all
    # with the input's last value
    x = float(as_line(self.data).storage()[self._l0.clock.buflen - 1])
    state = [0.0, 0.0, 0.0, 0.0]
    for _ in range(self._l0.clock.buflen - self._minperiod + 1):
        state = laguerre_step(state, x, self.p.gamma)
    return self._value(*state)


def _laguerre_oncestart(self, start: int, end: int) -> None:
    self._state = [0.0, 0.0, 0.0, 0.0]
    self.once(start, end)


def _laguerre_once(self, start: int, end: int) -> None:
    if self._bt_stalled:
        fill_stalled(self._l0, start, end, lambda: _laguerre_stalled_last(self))
        return
    if end <= start:
        return
    x = as_line(self.data).storage()[start:end]
    sections = laguerre_arrays(x, self.p.gamma, self._state)
    self._state = [float(s[-1]) for s in sections]
    self._l0.storage()[start:end] = self._values(*sections)


class LaguerreRSI(PeriodN):
    """``cu / (cu + cd)`` of the rises / falls between consecutive sections
    (1.0 when both are zero)."""

    alias = ('LRSI',)
    lines = ('lrsi',)
    params = (('period', 6), ('gamma', 0.5),)
    plotinfo = dict(plotymargin=0.15, plotyticks=[0.0, 0.2, 0.5, 0.8, 1.0])

    _value = staticmethod(_laguerre_rsi)
    # (stepped, never precomputed, in next mode: a cycle where its bar did not
    # move steps it again, another data moving or a replayed bar updating)
    _bt_next_differs = True
    __init__ = _laguerre_init
    next = _laguerre_next
    oncestart, once = _laguerre_oncestart, _laguerre_once

    @staticmethod
    def _values(l0, l1, l2, l3):
        up = np.zeros(len(l0))
        down = np.zeros(len(l0))
        for hi, lo in ((l0, l1), (l1, l2), (l2, l3)):
            rising = hi >= lo
            up = up + np.where(rising, hi - lo, 0.0)
            down = down + np.where(rising, 0.0, lo - hi)
        total = up + down
        with np.errstate(divide='ignore', invalid='ignore'):
            return np.where(total != 0.0, up / np.where(total != 0.0, total, 1.0), 1.0)


class LaguerreFilter(PeriodN):
    """``(L0 + 2 L1 + 2 L2 + L3) / 6``."""

    alias = ('LAGF',)
    lines = ('lfilter',)
    params = (('gamma', 0.5),)
    plotinfo = dict(subplot=False)

    @staticmethod
    def _value(l0, l1, l2, l3):
        return (l0 + 2.0 * l1 + 2.0 * l2 + l3) / 6.0

    _values = _value
    _bt_next_differs = True     # (see LaguerreRSI)
    __init__ = _laguerre_init
    next = _laguerre_next
    oncestart, once = _laguerre_oncestart, _laguerre_once
