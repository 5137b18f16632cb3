"""Regression/cointegration of two datas over a rolling window.

``OLS_Slope_InterceptN``, ``OLS_TransformationN`` and ``OLS_BetaN`` are
computed with numpy (closed-form least squares over every window at once), so
they need neither statsmodels nor pandas (upstream fits statsmodels' OLS on
every bar; ``OLS_BetaN`` relied on ``pandas.ols``, removed from pandas long
ago). ``CointN`` runs statsmodels' cointegration test on every window and
raises a clear ``ImportError`` when statsmodels is missing.
"""
from __future__ import annotations

import numpy as np

from ..lines.series import as_line
from .basicops import PeriodN
from .deviation import StdDev
from .sma import SMA

__all__ = ['OLS_Slope_InterceptN', 'OLS_TransformationN', 'OLS_BetaN', 'CointN']

_CHUNK = 65536


def ols_windows(y: np.ndarray, x: np.ndarray):
    """Slope and intercept of ``y = slope * x + intercept`` fitted on each
    row of the 2-D ``y``/``x`` windows."""
    xm = x.mean(axis=1, keepdims=True)
    ym = y.mean(axis=1, keepdims=True)
    xc = x - xm
    with np.errstate(divide='ignore', invalid='ignore'):
        slope = (xc * (y - ym)).sum(axis=1) / (xc * xc).sum(axis=1)
    intercept = ym[:, 0] - slope * xm[:, 0]
    return slope, intercept


def _pair_lines(ind) -> None:
    ind._y = as_line(ind.data0)
    ind._x = as_line(ind.data1)


def _last_windows(ind):
    """The last ``period`` values of data0 / data1 as 1-row 2-D arrays."""
    p = ind.p.period
    y = np.array(ind._y.view(size=p), dtype=float)[None, :]
    x = np.array(ind._x.view(size=p), dtype=float)[None, :]
    return y, x


def _window_blocks(ind, start: int, end: int):
    """``(first bar, y windows, x windows)`` blocks covering bars
    ``start..end-1``."""
    from numpy.lib.stride_tricks import sliding_window_view
    p = ind.p.period
    ys = sliding_window_view(ind._y.storage()[start - p + 1:end], p)
    xs = sliding_window_view(ind._x.storage()[start - p + 1:end], p)
    for lo in range(0, len(ys), _CHUNK):
        yield start + lo, ys[lo:lo + _CHUNK], xs[lo:lo + _CHUNK]


class OLS_Slope_InterceptN(PeriodN):
    """Least-squares ``slope``/``intercept`` of data0 against data1 (with a
    constant) over the last ``period`` bars."""

    _mindatas = 2
    lines = ('slope', 'intercept',)
    params = (('period', 10),)

    def __init__(self) -> None:
        super().__init__()
        _pair_lines(self)

    def next(self) -> None:
        slope, intercept = ols_windows(*_last_windows(self))
        self.lines.slope[0] = float(slope[0])
        self.lines.intercept[0] = float(intercept[0])

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        for pos, ys, xs in _window_blocks(self, start, end):
            slope, intercept = ols_windows(ys, xs)
            self.lines.slope.storage()[pos:pos + len(ys)] = slope
            self.lines.intercept.storage()[pos:pos + len(ys)] = intercept


class OLS_TransformationN(PeriodN):
    """``spread = data0 - (slope * data1 + intercept)`` of the rolling OLS,
    its mean and standard deviation over ``period`` and the z-score."""

    _mindatas = 2
    lines = ('spread', 'spread_mean', 'spread_std', 'zscore',)
    params = (('period', 10),)

    def __init__(self) -> None:
        super().__init__()
        fit = OLS_Slope_InterceptN(self.data0, self.data1, period=self.p.period)
        spread = self.data0 - (fit.slope * self.data1 + fit.intercept)
        self.l.spread = spread
        self.l.spread_mean = SMA(spread, period=self.p.period)
        self.l.spread_std = StdDev(spread, period=self.p.period)
        self.l.zscore = (spread - self.l.spread_mean) / self.l.spread_std


class OLS_BetaN(PeriodN):
    """``beta``: least-squares slope of data0 against data1 (with a
    constant) over the last ``period`` bars."""

    _mindatas = 2
    lines = ('beta',)
    params = (('period', 10),)

    def __init__(self) -> None:
        super().__init__()
        _pair_lines(self)

    def next(self) -> None:
        slope, _ = ols_windows(*_last_windows(self))
        self.lines.beta[0] = float(slope[0])

    def once(self, start: int, end: int) -> None:
        if end <= start:
            return
        for pos, ys, xs in _window_blocks(self, start, end):
            self.lines.beta.storage()[pos:pos + len(ys)] = ols_windows(ys, xs)[0]


def _coint_function():
    try:
        from statsmodels.tsa.stattools import coint
    except ImportError as exc:
        raise ImportError('CointN needs statsmodels (pip install statsmodels): the '
                          'cointegration test of each window is statsmodels\' coint') from exc
    return coint


class CointN(PeriodN):
    """Engle-Granger cointegration test (statsmodels ``coint``) of data0 and
    data1 over the last ``period`` bars: ``score`` and ``pvalue``."""

    _mindatas = 2
    lines = ('score', 'pvalue',)
    params = (('period', 10), ('trend', 'c'),)

    def __init__(self) -> None:
        self._coint = _coint_function()
        super().__init__()
        _pair_lines(self)

    def _test(self, y, x):
        score, pvalue, _ = self._coint(y, x, trend=self.p.trend)
        return score, pvalue

    def next(self) -> None:
        y, x = _last_windows(self)
        self.lines.score[0], self.lines.pvalue[0] = self._test(y[0], x[0])

    def once(self, start: int, end: int) -> None:
        for pos, ys, xs in _window_blocks(self, start, end):
            for k in range(len(ys)):
                score, pvalue = self._test(np.array(ys[k]), np.array(xs[k]))
                self.lines.score.storage()[pos + k] = score
                self.lines.pvalue.storage()[pos + k] = pvalue
