"""The pure statistics functions against plain loops following the analyzers'
documented rules (DrawDown, SQN, SharpeRatio, TimeReturn)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from backtrader.results import stats
from backtrader.utils.timeframe import TimeFrame

values_st = st.lists(st.floats(1.0, 1e6, allow_nan=False), min_size=1, max_size=200)


def drawdown_loop(values):
    """DrawDown analyzer's rules, bar by bar."""
    peak = -math.inf
    length = maxlen = 0
    maxdd = maxmoney = 0.0
    for v in values:
        peak = max(peak, v)
        money = peak - v
        dd = 100.0 * money / peak
        length = length + 1 if dd else 0
        maxlen = max(maxlen, length)
        maxdd = max(maxdd, dd)
        maxmoney = max(maxmoney, money)
    return dd, money, length, maxdd, maxmoney, maxlen


@settings(max_examples=200, deadline=None)
@given(values_st)
def test_drawdown_stats_follow_the_analyzer_rules(values):
    got = stats.drawdown_stats(values)
    dd, money, length, maxdd, maxmoney, maxlen = drawdown_loop(values)
    assert got['drawdown'] == pytest.approx(dd) and got['moneydown'] == pytest.approx(money)
    assert got['len'] == length and got['max_len'] == maxlen
    assert got['max_drawdown'] == pytest.approx(maxdd)
    assert got['max_moneydown'] == pytest.approx(maxmoney)
    # episodes: maximal runs below the peak
    runs, cur = [], 0
    for below in got['series'] > 0:
        if below:
            cur += 1
        elif cur:
            runs.append(cur)
            cur = 0
    if cur:
        runs.append(cur)
    assert got['episodes'] == len(runs)
    assert got['avg_len'] == pytest.approx(np.mean(runs) if runs else 0.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1e4, 1e4, allow_nan=False), max_size=50))
def test_sqn_formula(pnl):
    got = stats.sqn(pnl)
    if len(pnl) <= 1:
        assert got == 0.0
        return
    mean = sum(pnl) / len(pnl)
    std = math.sqrt(sum((p - mean) ** 2 for p in pnl) / len(pnl))
    if min(pnl) == max(pnl):
        assert got is None              # no spread (whatever the rounding of the mean)
    elif std > 1e-9:
        assert got == pytest.approx(math.sqrt(len(pnl)) * mean / std, rel=1e-6, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-0.5, 0.5, allow_nan=False), min_size=1, max_size=60),
       st.sampled_from([0.0, 0.01, 0.05]), st.sampled_from([None, 12, 252]),
       st.booleans(), st.booleans(), st.booleans())
def test_sharpe_formula(rets, rf, factor, convertrate, annualize, sample):
    got = stats.sharpe_ratio(rets, rf, factor, convertrate, annualize, sample)
    r = list(rets)
    rate = rf
    if factor:
        if convertrate:
            rate = (1 + rf) ** (1 / factor) - 1
        else:
            r = [(1 + x) ** factor - 1 for x in r]
    ex = [x - rate for x in r]
    n = len(ex)
    if n - sample <= 0:
        assert got is None
        return
    mean = sum(ex) / n
    dev = math.sqrt(sum((x - mean) ** 2 for x in ex) / (n - sample))
    if dev < 1e-12 * max(1.0, abs(mean)):
        # degenerate spread, relative to the values (equal returns compounded over
        # 252 periods are ~1e44: their rounding residue is far above 1e-12): None
        # or a huge ratio from float noise
        return
    expected = mean / dev
    if factor and convertrate and annualize:
        expected *= math.sqrt(factor)
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_period_returns_by_calendar_period():
    days = np.array(['2020-01-30', '2020-01-31', '2020-02-03', '2020-02-28', '2020-03-02'],
                    dtype='datetime64[D]')
    values = np.array([100.0, 110.0, 99.0, 121.0, 110.0])
    monthly = stats.period_returns(days, values, 100.0, TimeFrame.Months)
    np.testing.assert_allclose(monthly, [110 / 100 - 1, 121 / 110 - 1, 110 / 121 - 1])
    daily = stats.period_returns(days, values, 50.0, TimeFrame.Days)
    np.testing.assert_allclose(daily, values / np.r_[50.0, values[:-1]] - 1)
    # ISO weeks: Thu 30, Fri 31 | Mon 3 | Fri 28 | Mon 2
    weekly = stats.period_returns(days, values, 100.0, TimeFrame.Weeks)
    np.testing.assert_allclose(weekly, [0.1, 99 / 110 - 1, 121 / 99 - 1, 110 / 121 - 1])
    with pytest.raises(ValueError, match='Days, Weeks, Months or Years'):
        stats.period_returns(days, values, 100.0, TimeFrame.Minutes)


def test_performance_stats_figures():
    days = np.arange('2020-01-01', '2021-01-01', dtype='datetime64[D]')
    values = 100.0 * np.exp(np.linspace(0.0, math.log(1.21), len(days)))
    out = stats.performance_stats(days, values, start_value=100.0,
                                  exposure=np.ones(len(days), bool),
                                  trades_pnlcomm=[10.0, -5.0, 20.0],
                                  trades_barlen=[3, 4, 5], trades_return_pct=[1.0, -0.5, 2.0])
    assert out['Return [%]'] == pytest.approx(21.0)
    assert out['CAGR [%]'] == pytest.approx(100 * (1.21 ** (365.25 / 365) - 1))
    assert out['Max. Drawdown [%]'] == 0.0 and math.isnan(out['Calmar Ratio'])
    assert out['Exposure Time [%]'] == 100.0
    assert out['# Trades'] == 3 and out['Win Rate [%]'] == pytest.approx(200 / 3)
    assert out['Profit Factor'] == pytest.approx(30 / 5)
    assert out['Expectancy [%]'] == pytest.approx(2.5 / 3)
    assert out['Best Trade'] == 20.0 and out['Worst Trade'] == -5.0
    text = stats.format_stats(out, title='x')
    assert text.splitlines()[0] == 'x' and len(text.splitlines()) == len(out) + 2
