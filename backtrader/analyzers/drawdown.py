"""Drawdown of the portfolio value (or fund value)."""
from __future__ import annotations

import numpy as np

from ..utils.autodict import AutoOrderedDict
from .base import Analyzer, TimeFrameAnalyzerBase

__all__ = ['DrawDown', 'TimeDrawDown', 'drawdown_arrays']


def drawdown_arrays(values: np.ndarray, peak0: float = float('-inf'), len0: int = 0) -> tuple:
    """Per-bar running peak, money down, drawdown (percent of the peak) and
    length of the current drawdown in bars, for a series of values (the
    DrawDown analyzer's per-bar recurrences, vectorised), continuing from a
    peak ``peak0`` and a drawdown ``len0`` bars long before the first value."""
    # fmax: a NaN value is never a peak (the recurrence's ``v > peak`` is false)
    peak = np.fmax.accumulate(np.concatenate(([peak0], values)))[1:]
    money = peak - values
    dd = 100.0 * money / peak
    inside = dd != 0          # NaN counts as inside, like Python truthiness
    pos = np.arange(len(dd))
    last_out = np.maximum.accumulate(np.where(inside, -1 - len0, pos))
    lengths = np.where(inside, pos - last_out, 0)
    return peak, money, dd, lengths


class DrawDown(Analyzer):
    """Current and maximum drawdown (percent and money) and their lengths.

    Tracked in plain attributes on each bar; ``get_analysis()`` exposes them as
    ``len``, ``drawdown``, ``moneydown``, ``max.len``, ``max.drawdown``,
    ``max.moneydown``.
    """

    params = (('fund', None),)

    def start(self) -> None:
        super().start()
        fund = self.p.fund
        self._fundmode = self.strategy.broker.fundmode if fund is None else fund
        self._peak = float('-inf')
        self._value = 0.0
        self._len = 0
        self._dd = 0.0
        self._money = 0.0
        self._maxlen = 0.0      # upstream: a float until a drawdown lasts a bar
        self._maxdd = 0.0
        self._maxmoney = 0.0
        self._hist = None
        broker = self.strategy.broker
        strat = self.strategy
        slave = any(a is self for a in getattr(strat, '_slavesanalyzers', ()))
        env = strat.env
        memory_saving = env is not None and int(env.p.exactbars or 0) >= 1
        self._slave = slave
        if not memory_saving:
            # computed from the broker's value history when asked, not per bar (that history
            # grows with the bars: the memory-saving modes keep the per-bar recurrence,
            # unless the run streams, _bt_streamed)
            self._use_history()

    def _use_history(self) -> None:
        """Compute from a value history of the broker's records, this
        analyzer's own: emptied as it is folded in (``_from_history``)."""
        broker = self.strategy.broker
        if type(self) is not DrawDown or self._slave or not hasattr(broker, 'value_history') \
                or self._hist is not None:
            return
        self._hist = broker.value_history(fund=bool(self._fundmode), private=True)
        self._hist0 = len(self._hist)
        self._steps0 = self.strategy._analyzed
        self._bt_bar_free = True

    def _bt_streamed(self) -> None:
        """The run streams (engine/streamed.py): no per-bar step; the values
        are folded in block by block (``_bt_fold``), memory stays flat."""
        self._use_history()

    def _from_history(self) -> None:
        """The per-bar recurrences evaluated vectorised over the values not
        folded in yet (same float operations, so the same results)."""
        # only the cycles whose analyzer step has passed (get_analysis() from
        # the strategy's next sees the previous bar's figures, as upstream)
        self.strategy.broker._sync_history()    # values of bars the broker skipped
        steps = self.strategy._analyzed - self._steps0
        hist, first = self._hist, self._hist0
        values = np.array(hist[first:first + steps], dtype=np.float64)
        if not len(values):
            return
        peak, money, dd, lengths = drawdown_arrays(values, self._peak, self._len)
        self._peak = float(peak[-1])
        self._value = float(values[-1])
        self._money = float(money[-1])
        self._dd = float(dd[-1])
        self._len = int(lengths[-1])
        # fmax: NaNs are skipped, as the recurrence's comparisons skip them
        self._maxmoney = max(self._maxmoney, float(np.fmax.reduce(money)))
        self._maxdd = max(self._maxdd, float(np.fmax.reduce(dd)))
        longest = int(lengths.max())
        if longest > self._maxlen:
            self._maxlen = longest
        self._steps0 += steps
        del hist[:first + steps]            # folded in: not kept
        self._hist0 = 0

    _bt_fold = _from_history

    def create_analysis(self) -> None:
        self.rets = AutoOrderedDict()
        self._sync_zero()

    def _sync_zero(self) -> None:
        r = self.rets
        r.len = 0
        r.drawdown = 0.0
        r.moneydown = 0.0
        r.max.len = 0.0
        r.max.drawdown = 0.0
        r.max.moneydown = 0.0

    def notify_fund(self, cash: float, value: float, fundvalue: float, shares: float) -> None:
        v = fundvalue if self._fundmode else value
        self._value = v
        if v > self._peak:
            self._peak = v

    def next(self) -> None:
        peak = self._peak
        money = peak - self._value
        dd = 100.0 * money / peak
        self._money = money
        self._dd = dd
        if money > self._maxmoney:
            self._maxmoney = money
        if dd > self._maxdd:
            self._maxdd = dd
        self._len = self._len + 1 if dd else 0
        if self._len > self._maxlen:
            self._maxlen = self._len

    def _sync(self) -> None:
        r = self.rets
        r.len = self._len
        r.drawdown = self._dd
        r.moneydown = self._money
        r.max.len = self._maxlen
        r.max.drawdown = self._maxdd
        r.max.moneydown = self._maxmoney

    def get_analysis(self):
        if hasattr(self, '_peak'):
            if self._hist is not None:
                self._from_history()
            self._sync()
        return self.rets

    def stop(self) -> None:
        if self._hist is not None:
            self._from_history()
            self._hist = None       # final: nothing more to read (and to pickle)
        self._sync()
        self.rets._close()


class TimeDrawDown(TimeFrameAnalyzerBase):
    """Drawdown sampled at period boundaries of ``timeframe``/``compression``.

    At the start of each new period the value (fund value in fund mode) updates the
    peak, the drawdown (percent), the maximum drawdown and the longest number of
    consecutive periods in drawdown. ``get_analysis()``: ``maxdrawdown``,
    ``maxdrawdownperiod``. Attributes ``dd``, ``maxdd``, ``maxddlen``.
    """

    params = (('fund', None),)

    def start(self) -> None:
        super().start()
        fund = self.p.fund
        self._fundmode = self.strategy.broker.fundmode if fund is None else fund
        self.dd = 0.0
        self.maxdd = 0.0
        self.maxddlen = 0
        self.peak = float('-inf')
        self.ddlen = 0

    def on_dt_over(self) -> None:
        broker = self.strategy.broker
        value = broker.fundvalue if self._fundmode else broker.getvalue()
        if value > self.peak:
            self.peak = value
            self.ddlen = 0
        self.dd = dd = 100.0 * (self.peak - value) / self.peak
        self.ddlen += bool(dd)
        self.maxdd = max(self.maxdd, dd)
        self.maxddlen = max(self.maxddlen, self.ddlen)

    def stop(self) -> None:
        super().stop()
        self.rets['maxdrawdown'] = self.maxdd
        self.rets['maxdrawdownperiod'] = self.maxddlen
