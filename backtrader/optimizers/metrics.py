"""The flat metrics dict every trial produces, computed from the run's own
records (the broker's value after every bar, the closed trades) -- no
analyzer needed from the user.

=====================  ============================================================
name                   definition
=====================  ============================================================
initial_value          broker value at the start (starting cash)
final_value            broker value after the last bar
total_return           final_value / initial_value - 1
cagr                   (final_value / initial_value) ** (1 / years) - 1, years from
                       the first to the last bar's date (365.25 days)
volatility             standard deviation of per-bar returns (ddof 1), annualised
                       by sqrt(bars per year)
sharpe_ratio, sharpe   mean / standard deviation of per-bar returns (ddof 1) times
                       sqrt(bars per year); risk-free rate 0
sortino                mean per-bar return / downside deviation (root mean square
                       of the negative returns over all bars), annualised alike
max_drawdown_pct       largest fall from a running peak of the value, in percent
                       (as the DrawDown analyzer's ``max.drawdown``)
max_drawdown_len       longest stretch of bars below a previous peak
calmar                 cagr / (max_drawdown_pct / 100)
trades                 closed trades
wins, losses           closed trades with pnl net of commission > 0 / < 0
win_rate               wins / trades
gross_profit           sum of the winning trades' net pnl
gross_loss             sum of the losing trades' net pnl, as a positive number
profit_factor          gross_profit / gross_loss
avg_trade              mean net pnl of a closed trade
expectancy             mean net pnl of a trade in units of the average loss:
                       (win_rate * avg_win - loss_rate * avg_loss) / avg_loss
sqn                    sqrt(trades) * mean / standard deviation of the trades' net
                       pnl (as the SQN analyzer)
exposure               fraction of bars with a position open
open_trades            trades still open at the end
bars                   bars in the run
=====================  ============================================================

"Bars per year" is measured from the data (bars / years spanned), so daily
stock data gives about 252 and round-the-clock minute bars about 525,600.
A figure that has no value (a ratio over zero trades, a deviation of zero)
is NaN, except ``profit_factor`` with profits and no loss (inf).

The user's analyzers add their numeric results under ``<name>.<key>...``
(``ta.total.closed``, ``sqn.sqn``): dotted paths through ``get_analysis()``.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..analyzers.base import Analyzer
from ..analyzers.drawdown import drawdown_arrays

__all__ = ['METRIC_NAMES', 'METRIC_ALIASES', 'compute_metrics', 'flatten_analysis',
           'MetricsRecorder', 'resolve_metric', 'TRADE_FIELDS']

# what a trial reports of each closed trade when asked for details
TRADE_FIELDS = ('dtopen', 'dtclose', 'barlen', 'size', 'price', 'pnl', 'pnlcomm')

METRIC_NAMES = (
    'initial_value', 'final_value', 'total_return', 'cagr', 'volatility', 'sharpe_ratio',
    'sortino', 'calmar', 'max_drawdown_pct', 'max_drawdown_len', 'profit_factor', 'trades',
    'wins', 'losses', 'win_rate', 'gross_profit', 'gross_loss', 'avg_trade', 'expectancy',
    'sqn', 'exposure', 'open_trades', 'bars',
)

METRIC_ALIASES = {'sharpe': 'sharpe_ratio', 'max_drawdown': 'max_drawdown_pct',
                  'drawdown': 'max_drawdown_pct', 'return': 'total_return',
                  'value': 'final_value'}

_NAN = float('nan')
_YEAR_DAYS = 365.25


def resolve_metric(name: str) -> str:
    return METRIC_ALIASES.get(name, name)


def _ratio(a: float, b: float) -> float:
    if b == 0 or not math.isfinite(b):
        return _NAN
    return a / b


def compute_metrics(values: np.ndarray, initial: float, pnls: np.ndarray,
                    exposure_bars: int, open_trades: int, days: float) -> dict:
    """The metrics dict from the value after each bar, the starting value,
    the closed trades' net pnl, the bars with a position and the calendar
    days spanned by the run."""
    n = len(values)
    final = float(values[-1]) if n else float(initial)
    out: dict = dict.fromkeys(METRIC_NAMES, _NAN)
    out['initial_value'] = float(initial)
    out['final_value'] = final
    out['bars'] = n
    out['total_return'] = _ratio(final, initial) - 1.0 if initial else _NAN
    years = days / _YEAR_DAYS if days > 0 else 0.0
    if years > 0 and initial > 0 and final > 0:
        out['cagr'] = (final / initial) ** (1.0 / years) - 1.0
    if n:
        prev = np.empty(n)
        prev[0] = initial
        prev[1:] = values[:-1]
        with np.errstate(divide='ignore', invalid='ignore'):
            rets = values / prev - 1.0
        ppy = (n / years) if years > 0 else _NAN
        if n > 1:
            sd = float(np.std(rets, ddof=1))
            mean = float(np.mean(rets))
            out['volatility'] = sd * math.sqrt(ppy) if math.isfinite(ppy) else _NAN
            if sd > 0 and math.isfinite(ppy):
                out['sharpe_ratio'] = mean / sd * math.sqrt(ppy)
            down = float(np.sqrt(np.mean(np.minimum(rets, 0.0) ** 2)))
            if down > 0 and math.isfinite(ppy):
                out['sortino'] = mean / down * math.sqrt(ppy)
        with np.errstate(divide='ignore', invalid='ignore'):
            _, _, dd, lengths = drawdown_arrays(values)
        out['max_drawdown_pct'] = max(0.0, float(np.nanmax(dd)))
        out['max_drawdown_len'] = int(lengths.max())
        out['calmar'] = _ratio(out['cagr'], out['max_drawdown_pct'] / 100.0)
        out['exposure'] = min(1.0, exposure_bars / n)
    ntr = len(pnls)
    out['trades'] = ntr
    out['open_trades'] = int(open_trades)
    won = pnls[pnls > 0]
    lost = pnls[pnls < 0]
    out['wins'], out['losses'] = len(won), len(lost)
    out['gross_profit'] = float(won.sum())
    out['gross_loss'] = abs(float(lost.sum()))
    if ntr:
        out['win_rate'] = len(won) / ntr
        out['avg_trade'] = float(pnls.mean())
        if out['gross_loss'] > 0:
            out['profit_factor'] = out['gross_profit'] / out['gross_loss']
        elif out['gross_profit'] > 0:
            out['profit_factor'] = float('inf')
        if len(lost):
            avg_win = float(won.mean()) if len(won) else 0.0
            avg_loss = float(-lost.mean())
            out['expectancy'] = (len(won) / ntr * avg_win - len(lost) / ntr * avg_loss) / avg_loss
        if ntr > 1:
            sd = float(np.std(pnls))
            if sd > 0:
                out['sqn'] = math.sqrt(ntr) * float(pnls.mean()) / sd
    out['sharpe'] = out['sharpe_ratio']
    return out


def flatten_analysis(name: str, analysis: Any, out: dict, depth: int = 0) -> None:
    """Numeric leaves of an analyzer's result as ``name.key.sub`` entries."""
    if depth > 6:
        return
    if isinstance(analysis, bool):
        out[name] = int(analysis)
    elif isinstance(analysis, (int, float, np.integer, np.floating)):
        out[name] = float(analysis) if isinstance(analysis, (float, np.floating)) \
            else int(analysis)
    elif isinstance(analysis, dict):
        for key, val in analysis.items():
            flatten_analysis('%s.%s' % (name, key), val, out, depth + 1)


def plain_analysis(analysis: Any, depth: int = 0) -> Any:
    """An analyzer's result as plain JSON-able data (nested dicts with string
    keys, lists, numbers, strings)."""
    if depth > 8:
        return repr(analysis)
    if isinstance(analysis, dict):
        return {str(k): plain_analysis(v, depth + 1) for k, v in analysis.items()}
    if isinstance(analysis, (list, tuple)):
        return [plain_analysis(v, depth + 1) for v in analysis]
    if isinstance(analysis, (bool, int, str)) or analysis is None:
        return analysis
    if isinstance(analysis, (float, np.floating)):
        f = float(analysis)
        return f if math.isfinite(f) else repr(f)
    if isinstance(analysis, np.integer):
        return int(analysis)
    return str(analysis)


class MetricsRecorder(Analyzer):
    """Collects what the metrics need: the broker's value after every bar
    (its value history, no per-bar call) and the closed trades' net pnl."""

    def start(self) -> None:
        broker = self.strategy.broker
        self._hist = broker.value_history() if hasattr(broker, 'value_history') else None
        self._hist0 = len(self._hist) if self._hist is not None else 0
        self._initial = broker.startingcash if hasattr(broker, 'startingcash') \
            else broker.getvalue()
        self._pnls: list = []
        self._spans: list = []      # (baropen, barclose) of closed trades
        self._open: dict = {}       # trade ref -> baropen
        self._sizes: dict = {}      # trade ref -> size when opened
        self._closed: list = []     # closed trades' details (TRADE_FIELDS)

    def notify_trade(self, trade) -> None:
        if trade.isclosed:
            self._pnls.append(trade.pnlcomm)
            self._spans.append((trade.baropen, trade.barclose))
            self._open.pop(trade.ref, None)
            self._closed.append((trade.dtopen, trade.dtclose, trade.barlen,
                                 self._sizes.pop(trade.ref, 0.0), trade.price, trade.pnl,
                                 trade.pnlcomm))
        elif trade.isopen:
            self._open[trade.ref] = trade.baropen
            self._sizes.setdefault(trade.ref, trade.size)

    def closed_trades(self) -> list:
        """The closed trades as tuples of ``TRADE_FIELDS`` (dates as date numbers;
        ``size`` is the size the trade opened with)."""
        return list(self._closed)

    def values(self) -> np.ndarray:
        broker = self.strategy.broker
        if self._hist is None:
            return np.array([broker.getvalue()])
        broker._sync_history()
        return np.array(self._hist[self._hist0:], dtype=np.float64)

    def result(self) -> tuple:
        """(metrics dict, per-bar returns, bar dates as date numbers)."""
        values = self.values()
        data = self.strategy.datas[0]
        dts = np.array(data.lines.datetime.storage()[:len(data)], dtype=np.float64)
        nbars = len(values)
        days = float(dts[-1] - dts[0]) if len(dts) > 1 else 0.0
        spans = list(self._spans)
        for baropen in self._open.values():
            spans.append((baropen, len(data)))
        exposure = _union_length(spans)
        metrics = compute_metrics(values, float(self._initial), np.asarray(self._pnls, float),
                                  exposure, len(self._open), days)
        prev = np.empty(nbars)
        if nbars:
            prev[0] = self._initial
            prev[1:] = values[:-1]
        with np.errstate(divide='ignore', invalid='ignore'):
            rets = values / prev - 1.0 if nbars else values
        return metrics, rets, dts[-nbars:] if nbars else dts

    def get_analysis(self):
        return {}


def _union_length(spans: list) -> int:
    """Bars covered by the union of [open, close) spans."""
    total, end = 0, -1
    for a, b in sorted(spans):
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total
