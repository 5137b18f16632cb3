"""``SignalStrategy``: a strategy trading on signal indicators.

A signal is any indicator or line expression; its line 0 is read each bar:
> 0 is a long indication, < 0 a short one, 0 none. Each signal has a type
(``bt.SIGNAL_*``) telling what the indication means: enter long, leave short,
either... The strategy turns the indications of a bar into market orders on
one data (``_data``), sized by its sizer. Signals come from
``cerebro.add_signal`` (the ``signals`` parameter) or ``signal_add`` in a
subclass's ``__init__``.
"""
from __future__ import annotations

import collections
from typing import Any

from .core.context import building
from .lines.series import as_line
from .order import Order
from .signal import (SIGNAL_LONGSHORT, SIGNAL_LONG, SIGNAL_LONG_INV, SIGNAL_LONG_ANY,
                     SIGNAL_SHORT, SIGNAL_SHORT_INV, SIGNAL_SHORT_ANY,
                     SIGNAL_LONGEXIT, SIGNAL_LONGEXIT_INV, SIGNAL_LONGEXIT_ANY,
                     SIGNAL_SHORTEXIT, SIGNAL_SHORTEXIT_INV, SIGNAL_SHORTEXIT_ANY)
from .strategy import Strategy

__all__ = ['SignalStrategy', 'MetaSigStrategy']


# A check is (test, lines): it holds when every line's current value passes
# the test. NaN fails "above"/"below" and passes "nonzero" (plain float
# comparisons, as upstream's).
def _all_above(lines) -> bool:
    for line in lines:
        if not line[0] > 0.0:
            return False
    return True


def _all_below(lines) -> bool:
    for line in lines:
        if not line[0] < 0.0:
            return False
    return True


def _all_nonzero(lines) -> bool:
    for line in lines:
        if line[0] == 0.0:
            return False
    return True


def _any_holds(checks) -> bool:
    for test, lines in checks:
        if test(lines):
            return True
    return False


class SignalStrategy(Strategy):
    """A strategy whose orders come from signals.

    Params:
      - ``signals`` (``[]``): ``(sigtype, indicator class, args, kwargs)``
        entries, built in the strategy after its ``__init__`` (what
        ``cerebro.add_signal`` records).
      - ``_accumulate`` (False): enter again in the direction already held.
      - ``_concurrent`` (False): act on signals while the last entry order
        is still pending (otherwise those bars are skipped).
      - ``_data`` (None): the data orders go to: None (data0), an index into
        ``datas``, a data name, or a data feed.

    A subclass may define ``next``: it runs every bar after the signals were
    acted on.
    """

    params = (
        ('signals', []),
        ('_accumulate', False),
        ('_concurrent', False),
        ('_data', None),
    )

    # -- construction ------------------------------------------------------------
    def _bt_preinit_hook(self) -> None:
        super()._bt_preinit_hook()
        self._signals = collections.defaultdict(list)
        self._sentinel = None       # last entry order placed on a signal
        self._dtarget = None

    def _bt_postinit(self) -> None:
        # the signals given as parameter are built once the user's __init__
        # ran (upstream's order of creation), owned by this strategy
        with building(self):
            for sigtype, sigcls, sigargs, sigkwargs in self.p.signals:
                self.signal_add(sigtype, sigcls(*sigargs, **sigkwargs))
        super()._bt_postinit()

    def signal_add(self, sigtype: int, signal: Any) -> None:
        """Add ``signal`` (an indicator or line expression built by the
        caller) with type ``sigtype`` (a ``bt.SIGNAL_*`` constant)."""
        self._signals[sigtype].append(signal)

    # -- run ----------------------------------------------------------------------------
    def _start(self) -> None:
        self._dtarget = self._target_data(self.p._data)
        sigs = self._signals

        def lines_of(sigtype) -> list:
            return [as_line(s) for s in sigs.get(sigtype, ())]

        def checks(*pairs) -> tuple:
            # (test, lines) of the types that have signals, in the given order
            return tuple((test, lines_of(t)) for test, t in pairs if sigs.get(t))

        # upstream's flags (same names); they look at the plain types only:
        # an exit signal of type _INV/_ANY does not count as "has exit
        # signals", which switches off leaving and reversing
        self._longshort = bool(sigs[SIGNAL_LONGSHORT])
        self._long = bool(sigs[SIGNAL_LONG])
        self._short = bool(sigs[SIGNAL_SHORT])
        self._longexit = bool(sigs[SIGNAL_LONGEXIT])
        self._shortexit = bool(sigs[SIGNAL_SHORTEXIT])
        self._sentinel = None
        self._sg_longshort = lines_of(SIGNAL_LONGSHORT)
        self._sg_long_enter = checks((_all_above, SIGNAL_LONG), (_all_below, SIGNAL_LONG_INV),
                                     (_all_nonzero, SIGNAL_LONG_ANY))
        self._sg_short_enter = checks((_all_below, SIGNAL_SHORT), (_all_above, SIGNAL_SHORT_INV),
                                      (_all_nonzero, SIGNAL_SHORT_ANY))
        self._sg_long_exit = checks((_all_below, SIGNAL_LONGEXIT),
                                    (_all_above, SIGNAL_LONGEXIT_INV),
                                    (_all_nonzero, SIGNAL_LONGEXIT_ANY))
        self._sg_short_exit = checks((_all_above, SIGNAL_SHORTEXIT),
                                     (_all_below, SIGNAL_SHORTEXIT_INV),
                                     (_all_nonzero, SIGNAL_SHORTEXIT_ANY))
        # without exit signals, an entry signal turning the other way leaves
        self._sg_long_leave = () if self._longexit else checks(
            (_all_below, SIGNAL_LONG), (_all_above, SIGNAL_LONG_INV),
            (_all_nonzero, SIGNAL_LONG_ANY))
        self._sg_short_leave = () if self._shortexit else checks(
            (_all_above, SIGNAL_SHORT), (_all_below, SIGNAL_SHORT_INV),
            (_all_nonzero, SIGNAL_SHORT_ANY))
        self._sg_buy, self._sg_sell = self.buy, self.sell
        self._sg_accumulate = bool(self.p._accumulate)
        self._sg_concurrent = bool(self.p._concurrent)
        # the signals are acted on first in every call of next (also when
        # nextstart calls it); a subclass's own next follows
        if type(self).next is SignalStrategy.next:
            self.next = self._signal_step
        else:
            self.next = self._signal_next
        super()._start()

    def _target_data(self, target):
        if target is None:
            return self.datas[0]
        if isinstance(target, int):
            if not -len(self.datas) <= target < len(self.datas):
                raise IndexError('SignalStrategy: _data=%d but the strategy has %d data%s'
                                 % (target, len(self.datas), 's' if len(self.datas) != 1 else ''))
            return self.datas[target]
        if isinstance(target, str):
            try:
                return self.getdatabyname(target)
            except KeyError:
                raise KeyError('SignalStrategy: _data=%r names no data; data names: %s'
                               % (target, ', '.join(map(repr, self.getdatanames())) or '(none)')
                               ) from None
        return target

    def _notify_events(self, procorders, proctrades) -> None:
        # the last entry order is forgotten once done, before anybody hears
        # about it (so notify_order sees the state the next bar will see)
        sentinel = self._sentinel
        if sentinel is not None and not sentinel.alive():
            self._sentinel = None
        super()._notify_events(procorders, proctrades)

    def _signal_next(self) -> None:
        self._signal_step()
        type(self).next(self)       # the subclass's own next

    def _signal_step(self) -> None:
        """Turn this bar's indications into orders on the target data."""
        sentinel = self._sentinel
        if sentinel is not None and not self._sg_concurrent:
            if sentinel.alive():
                return
            self._sentinel = None
        ls_long = ls_short = False
        if self._sg_longshort:
            ls_long = _all_above(self._sg_longshort)
            ls_short = _all_below(self._sg_longshort)
        long_enter = _any_holds(self._sg_long_enter)
        short_enter = _any_holds(self._sg_short_enter)
        data = self._dtarget
        size = self.broker.getposition(data).size
        if not size:
            if ls_long or long_enter:
                self._sentinel = self._sg_buy(data, exectype=Order.Market)
            elif ls_short or short_enter:
                self._sentinel = self._sg_sell(data, exectype=Order.Market)
        elif size > 0:
            self._signal_hold(data, ls_long, ls_short, long_enter, short_enter,
                              self._sg_long_exit, self._sg_long_leave, self._longexit,
                              self._sg_buy, self._sg_sell)
        else:
            self._signal_hold(data, ls_short, ls_long, short_enter, long_enter,
                              self._sg_short_exit, self._sg_short_leave, self._shortexit,
                              self._sg_sell, self._sg_buy)

    def _signal_hold(self, data, ls_with, ls_against, enter_with, enter_against,
                     exits, leaves, has_exit, add, reverse) -> None:
        """Holding a position: ``*_with`` are the indications in its
        direction, ``add``/``reverse`` the order methods that grow it or
        open the other side (the same rules for longs and shorts)."""
        turn = enter_against and not has_exit
        if ls_against or turn or _any_holds(exits) or _any_holds(leaves):
            # closing orders are not remembered (upstream keeps only the
            # entry orders): a pending close does not hold back the next bar
            self.close(data)
        if ls_against or turn:
            self._sentinel = reverse(data, exectype=Order.Market)
        if (ls_with or enter_with) and self._sg_accumulate:
            self._sentinel = add(data, exectype=Order.Market)


from .core.legacymeta import MetaSigStrategy  # noqa: E402,F401 (upstream's metaclass name)
