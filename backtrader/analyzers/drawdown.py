"""Drawdown of the portfolio value (or fund value)."""
from __future__ import annotations

from ..utils.autodict import AutoOrderedDict
from .base import Analyzer, TimeFrameAnalyzerBase

__all__ = ['DrawDown', 'TimeDrawDown']


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
            self._sync()
        return self.rets

    def stop(self) -> None:
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
