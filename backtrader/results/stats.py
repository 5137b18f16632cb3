"""Performance statistics from plain arrays (no backtrader objects).

``performance_stats(datetimes, values, ...)`` takes the account value per bar
(and optionally the closed trades' figures) and returns an ordered dict of
figures in the spirit of backtesting.py's ``stats``: period, exposure, final
value, return, CAGR, volatility, Sharpe, Sortino, Calmar, drawdowns, trade
statistics, profit factor, expectancy, SQN. It is a pure function: anything
holding an equity curve and trade results (an optimiser's trials, a report)
can call it.

Conventions are those of backtrader's analyzers, so the figures agree:
Sharpe as ``SharpeRatio`` (period returns like ``TimeReturn``, the risk-free
rate converted to the period, optional annualisation), drawdown as
``DrawDown`` (percent below the highest value seen, length in bars), trade
figures as ``TradeAnalyzer`` (won when the net result is >= 0) and SQN as
``SQN`` (population standard deviation).
"""
from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any, Optional, Sequence

import numpy as np

from ..utils.dateintern import num2date_array
from ..utils.timeframe import TimeFrame

__all__ = ['performance_stats', 'period_returns', 'sharpe_ratio', 'drawdown_stats',
           'trade_stats', 'sqn', 'format_stats', 'PERIODS_PER_YEAR']

# periods per year of each time frame (SharpeRatio's factors)
PERIODS_PER_YEAR = {TimeFrame.Days: 252, TimeFrame.Weeks: 52, TimeFrame.Months: 12,
                    TimeFrame.Years: 1}

_UNITS = {TimeFrame.Days: 'D', TimeFrame.Weeks: 'W', TimeFrame.Months: 'M',
          TimeFrame.Years: 'Y'}


def _as_datetime64(datetimes) -> np.ndarray:
    arr = np.asarray(datetimes)
    if np.issubdtype(arr.dtype, np.datetime64):
        return arr.astype('datetime64[us]')
    if np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer):
        return num2date_array(arr.astype(float))      # backtrader date numbers
    return np.array(arr, dtype='datetime64[us]')


def _period_keys(dts: np.ndarray, timeframe: int, compression: int) -> np.ndarray:
    if timeframe == TimeFrame.Weeks:
        # ISO weeks (Monday to Sunday): days since a Monday, in weeks
        days = dts.astype('datetime64[D]').astype(np.int64)
        keys = (days + 3) // 7
    else:
        unit = _UNITS.get(timeframe)
        if unit is None:
            raise ValueError('period returns need Days, Weeks, Months or Years, not %s'
                             % TimeFrame.getname(timeframe, 1))
        keys = dts.astype('datetime64[%s]' % unit).astype(np.int64)
    return keys // max(int(compression or 1), 1)


def period_returns(datetimes, values, start_value: Optional[float] = None,
                   timeframe: int = TimeFrame.Days, compression: int = 1) -> np.ndarray:
    """Return of each calendar period (as ``TimeReturn``): the period's last
    value over the previous period's last value, minus 1; the first period
    starts from ``start_value`` (default: the first value)."""
    dts = _as_datetime64(datetimes)
    values = np.asarray(values, dtype=float)
    if not len(values):
        return np.array([])
    keys = _period_keys(dts, timeframe, compression)
    last = np.flatnonzero(np.r_[keys[1:] != keys[:-1], True])
    ends = values[last]
    first = values[0] if start_value is None else float(start_value)
    starts = np.r_[first, ends[:-1]]
    with np.errstate(divide='ignore', invalid='ignore'):
        return ends / starts - 1.0


def sharpe_ratio(returns, riskfreerate: float = 0.01, factor: Optional[float] = None,
                 convertrate: bool = True, annualize: bool = False,
                 stddev_sample: bool = False) -> Optional[float]:
    """Sharpe ratio of period ``returns`` as ``SharpeRatio`` computes it
    (``factor``: periods per year; None when it cannot be computed)."""
    rets = np.asarray(returns, dtype=float)
    if not len(rets):
        return None
    rate = riskfreerate
    if factor:
        if convertrate:
            rate = (1.0 + riskfreerate) ** (1.0 / factor) - 1.0
        else:
            rets = (1.0 + rets) ** factor - 1.0
    excess = rets - rate
    if len(excess) - (1 if stddev_sample else 0) <= 0:
        return None
    dev = float(np.std(excess, ddof=1 if stddev_sample else 0))
    if not dev or dev != dev:
        return None
    ratio = float(np.mean(excess)) / dev
    if factor and convertrate and annualize:
        ratio *= math.sqrt(factor)
    return ratio


def drawdown_stats(values) -> dict:
    """Drawdowns of a value curve (as ``DrawDown``): ``drawdown`` (%),
    ``moneydown``, ``len`` (bars) now; ``max_drawdown``, ``max_moneydown``,
    ``max_len``; ``avg_drawdown``/``avg_len`` over drawdown episodes (a run of
    bars below the peak), ``episodes``; ``series`` (% per bar)."""
    values = np.asarray(values, dtype=float)
    if not len(values):
        return dict(drawdown=0.0, moneydown=0.0, len=0, max_drawdown=0.0, max_moneydown=0.0,
                    max_len=0, avg_drawdown=0.0, avg_len=0.0, episodes=0,
                    series=np.array([]), lens=np.array([], dtype=int))
    peak = np.fmax.accumulate(values)
    money = peak - values
    with np.errstate(divide='ignore', invalid='ignore'):
        dd = np.where(peak != 0, 100.0 * money / peak, 0.0)
    under = dd > 0
    # length of the current run below the peak at each bar
    idx = np.arange(len(dd))
    last_top = np.maximum.accumulate(np.where(under, -1, idx))
    lens = np.where(under, idx - last_top, 0)
    starts = np.flatnonzero(under & ~np.r_[False, under[:-1]])
    ends = np.flatnonzero(under & ~np.r_[under[1:], False])
    depths = np.array([dd[a:b + 1].max() for a, b in zip(starts, ends)])
    durations = ends - starts + 1
    return dict(drawdown=float(dd[-1]), moneydown=float(money[-1]), len=int(lens[-1]),
                max_drawdown=float(dd.max()), max_moneydown=float(money.max()),
                max_len=int(lens.max()),
                avg_drawdown=float(depths.mean()) if len(depths) else 0.0,
                avg_len=float(durations.mean()) if len(durations) else 0.0,
                episodes=int(len(depths)), series=dd, lens=lens,
                episode_starts=starts, episode_ends=ends)


def sqn(pnlcomm) -> Optional[float]:
    """System Quality Number (as ``SQN``): sqrt(N) * mean / population std of
    the trades' net results; 0 with one trade or none, None with zero spread."""
    pnl = np.asarray(pnlcomm, dtype=float)
    if len(pnl) <= 1:
        return 0.0
    dev = float(np.std(pnl))
    if not dev or pnl.min() == pnl.max():
        # (equal results: numpy's std may leave a rounding residue, not 0)
        return None
    return math.sqrt(len(pnl)) * float(np.mean(pnl)) / dev


def trade_stats(pnlcomm, barlen=None, returns_pct=None) -> dict:
    """Figures of closed trades from their net results (``pnlcomm``), bars
    held and percent returns: counts, win rate, best/worst/average, profit
    factor, expectancy, SQN (as ``TradeAnalyzer`` and ``SQN``)."""
    pnl = np.asarray(pnlcomm, dtype=float)
    n = len(pnl)
    won = pnl >= 0.0
    wins, losses = pnl[won], pnl[~won]
    gross_win, gross_loss = float(wins.sum()), float(-losses.sum())
    bars = np.asarray(barlen, dtype=float) if barlen is not None else None
    rets = np.asarray(returns_pct, dtype=float) if returns_pct is not None else None
    nan = float('nan')
    out = OrderedDict()
    out['trades'] = n
    out['won'] = int(won.sum())
    out['lost'] = int((~won).sum())
    out['win_rate'] = 100.0 * won.sum() / n if n else nan
    out['best'] = float(pnl.max()) if n else nan
    out['worst'] = float(pnl.min()) if n else nan
    out['average'] = float(pnl.mean()) if n else nan
    out['total'] = float(pnl.sum())
    out['avg_win'] = float(wins.mean()) if len(wins) else nan
    out['avg_loss'] = float(losses.mean()) if len(losses) else nan
    out['profit_factor'] = (gross_win / gross_loss if gross_loss else
                            (math.inf if gross_win else nan))
    out['best_pct'] = float(rets.max()) if rets is not None and n else nan
    out['worst_pct'] = float(rets.min()) if rets is not None and n else nan
    out['average_pct'] = float(rets.mean()) if rets is not None and n else nan
    # expectancy in percent per trade: win rate x average win + loss rate x average loss
    if rets is not None and n:
        rwin, rloss = rets[won], rets[~won]
        out['expectancy_pct'] = float((len(rwin) * (rwin.mean() if len(rwin) else 0.0) +
                                       len(rloss) * (rloss.mean() if len(rloss) else 0.0)) / n)
    else:
        out['expectancy_pct'] = nan
    out['max_bars'] = float(bars.max()) if bars is not None and n else nan
    out['avg_bars'] = float(bars.mean()) if bars is not None and n else nan
    out['sqn'] = sqn(pnl)
    return out


# summary name -> trade_stats key
_TRADE_FIGURES = (
    ('# Trades', 'trades'), ('Win Rate [%]', 'win_rate'), ('Best Trade', 'best'),
    ('Worst Trade', 'worst'), ('Avg. Trade', 'average'), ('Best Trade [%]', 'best_pct'),
    ('Worst Trade [%]', 'worst_pct'), ('Avg. Trade [%]', 'average_pct'),
    ('Max. Trade Duration [bars]', 'max_bars'), ('Avg. Trade Duration [bars]', 'avg_bars'),
    ('Profit Factor', 'profit_factor'), ('Expectancy [%]', 'expectancy_pct'), ('SQN', 'sqn'),
)


def performance_stats(datetimes, values, *, start_value: Optional[float] = None,
                      exposure: Optional[Sequence[bool]] = None,
                      benchmark: Optional[Sequence[float]] = None,
                      trades_pnlcomm=None, trades_barlen=None, trades_return_pct=None,
                      timeframe: int = TimeFrame.Days, compression: int = 1,
                      riskfreerate: float = 0.0, factor: Optional[float] = None,
                      annualize: bool = True, convertrate: bool = True,
                      stddev_sample: bool = False) -> 'OrderedDict[str, Any]':
    """Summary statistics of an equity curve and its closed trades.

    ``datetimes``: per bar (datetime64 or backtrader date numbers); ``values``:
    account value per bar; ``start_value``: value before the first bar (the
    starting cash; default the first value); ``exposure``: per bar, True when a
    position was held; ``benchmark``: prices for a buy & hold comparison;
    ``trades_*``: net result, bars held and percent return of each closed trade.
    ``timeframe``/``compression``: periods of the returns behind volatility,
    Sharpe and Sortino; ``factor``: periods per year (default from the time
    frame); ``riskfreerate``, ``annualize``, ``convertrate``, ``stddev_sample``
    as ``SharpeRatio``'s parameters.
    """
    dts = _as_datetime64(datetimes)
    values = np.asarray(values, dtype=float)
    nan = float('nan')
    out: 'OrderedDict[str, Any]' = OrderedDict()
    if not len(values):
        return out
    first_value = float(values[0] if start_value is None else start_value)
    final = float(values[-1])
    start, end = dts[0], dts[-1]
    out['Start'] = start.astype(object)
    out['End'] = end.astype(object)
    duration = (end - start).astype('timedelta64[us]').astype(object)
    out['Duration'] = duration
    out['Bars'] = int(len(values))
    if exposure is not None and len(exposure):
        out['Exposure Time [%]'] = 100.0 * float(np.mean(np.asarray(exposure, dtype=bool)))
    out['Start Value'] = first_value
    out['Equity Final'] = final
    out['Equity Peak'] = float(np.nanmax(values))
    total_return = final / first_value - 1.0 if first_value else nan
    out['Return [%]'] = 100.0 * total_return
    if benchmark is not None and len(benchmark):
        bench = np.asarray(benchmark, dtype=float)
        ok = bench[~np.isnan(bench)]
        out['Buy & Hold Return [%]'] = 100.0 * (ok[-1] / ok[0] - 1.0) if len(ok) > 1 else nan
    ppy = factor or PERIODS_PER_YEAR.get(timeframe)
    rets = period_returns(dts, values, first_value, timeframe, compression) \
        if timeframe in _UNITS else np.array([])
    days = duration.total_seconds() / 86400.0
    years = days / 365.25
    if years > 0 and first_value > 0 and final > 0:
        cagr = (final / first_value) ** (1.0 / years) - 1.0
    else:
        cagr = nan
    if ppy and len(rets):
        ann_return = float(np.prod(1.0 + rets) ** (ppy / len(rets)) - 1.0)
        volatility = float(np.std(rets, ddof=1 if stddev_sample else 0) * math.sqrt(ppy))
    else:
        ann_return = volatility = nan
    out['Return (Ann.) [%]'] = 100.0 * ann_return
    out['CAGR [%]'] = 100.0 * cagr
    out['Volatility (Ann.) [%]'] = 100.0 * volatility
    sharpe = sharpe_ratio(rets, riskfreerate, ppy, convertrate, annualize, stddev_sample)
    out['Sharpe Ratio'] = sharpe if sharpe is not None else nan
    out['Sortino Ratio'] = _sortino(rets, riskfreerate, ppy, convertrate, annualize)
    dd = drawdown_stats(values)
    maxdd = dd['max_drawdown']
    out['Calmar Ratio'] = ann_return / (maxdd / 100.0) if maxdd else nan
    out['Max. Drawdown [%]'] = maxdd
    out['Max. Drawdown [money]'] = dd['max_moneydown']
    out['Avg. Drawdown [%]'] = dd['avg_drawdown']
    out['Max. Drawdown Duration [bars]'] = dd['max_len']
    out['Avg. Drawdown Duration [bars]'] = dd['avg_len']
    out['Max. Drawdown Duration'] = _episode_time(dts, dd, longest=True)
    out['Avg. Drawdown Duration'] = _episode_time(dts, dd, longest=False)
    if trades_pnlcomm is not None:
        ts = trade_stats(trades_pnlcomm, trades_barlen, trades_return_pct)
        for name, key in _TRADE_FIGURES:
            out[name] = ts[key]
        if out['SQN'] is None:
            out['SQN'] = nan
    return out


def _sortino(rets, riskfreerate, ppy, convertrate, annualize) -> float:
    """Mean excess return over the downside deviation (root mean square of
    the negative excess returns), annualised like the Sharpe ratio."""
    rets = np.asarray(rets, dtype=float)
    if not len(rets):
        return float('nan')
    rate = riskfreerate
    if ppy and convertrate:
        rate = (1.0 + riskfreerate) ** (1.0 / ppy) - 1.0
    excess = rets - rate
    downside = math.sqrt(float(np.mean(np.minimum(excess, 0.0) ** 2)))
    if not downside:
        return float('nan')
    ratio = float(np.mean(excess)) / downside
    if ppy and annualize:
        ratio *= math.sqrt(ppy)
    return ratio


def _episode_time(dts, dd: dict, longest: bool):
    """Calendar time of the longest (or the average) drawdown episode."""
    starts, ends = dd.get('episode_starts'), dd.get('episode_ends')
    if starts is None or not len(starts):
        return np.timedelta64(0, 'us').astype(object)
    # an episode lasts from the last peak (the bar before it starts) to its last bar
    begin = dts[np.maximum(starts - 1, 0)]
    spans = (dts[ends] - begin).astype('timedelta64[us]')
    if longest:
        micros = int(spans.astype(np.int64).max())
    else:       # an average: to the second
        micros = int(round(spans.astype(np.int64).mean() / 1e6)) * 1_000_000
    return np.timedelta64(micros, 'us').astype(object)


def format_stats(stats: dict, title: str = '') -> str:
    """A two-column text table of ``stats`` (names left, values right)."""
    rows = []
    for key, value in stats.items():
        if isinstance(value, float):
            text = 'nan' if value != value else ('%.4f' % value if abs(value) < 10 else
                                                 '%.2f' % value)
        else:
            text = str(value)
        rows.append((str(key), text))
    width = max((len(k) for k, _ in rows), default=0)
    vwidth = max((len(v) for _, v in rows), default=0)
    lines = []
    if title:
        lines.append(title)
        lines.append('-' * (width + vwidth + 2))
    lines.extend('%-*s  %*s' % (width, k, vwidth, v) for k, v in rows)
    return '\n'.join(lines)
