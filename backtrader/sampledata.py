"""Seeded synthetic price series shipped with the package.

``backtrader/datas/sample-daily.csv`` is produced by ``write_sample_csv()``
(a deterministic random walk on business days); a test checks the shipped file
still equals what this code generates.
"""
from __future__ import annotations

import os
from typing import Optional

import numpy as np

__all__ = ['SAMPLE_DAILY', 'make_daily_bars', 'write_sample_csv', 'sample_path']

SAMPLE_DAILY = 'sample-daily.csv'
_HERE = os.path.join(os.path.dirname(__file__), 'datas')


def sample_path(name: str = SAMPLE_DAILY) -> str:
    """Absolute path of a data file shipped in the package."""
    return os.path.join(_HERE, name)


def make_daily_bars(nbars: int = 2520, seed: int = 20061231, start: str = '2010-01-04'):
    """A seeded geometric random walk as daily OHLCV bars on business days.

    Returns ``(dates, open, high, low, close, volume)`` with prices rounded to
    2 decimals and integer volumes.
    """
    import pandas as pd
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(start=start, periods=nbars)
    # mild drift, regime-varying volatility so trend systems have something to find
    vol = 0.012 + 0.008 * np.sin(np.linspace(0, 12 * np.pi, nbars)) ** 2
    rets = rng.normal(0.0003, vol)
    close = 100.0 * np.exp(np.cumsum(rets))
    opn = close * np.exp(rng.normal(0, 0.004, nbars))
    high = np.maximum(opn, close) * np.exp(np.abs(rng.normal(0, 0.006, nbars)))
    low = np.minimum(opn, close) * np.exp(-np.abs(rng.normal(0, 0.006, nbars)))
    volume = rng.integers(100_000, 2_000_000, nbars)
    r2 = lambda a: np.round(a, 2)  # noqa: E731
    return dates, r2(opn), r2(high), r2(low), r2(close), volume


def sample_csv_text(nbars: int = 2520, seed: int = 20061231) -> str:
    """The shipped file's text (BacktraderCSVData layout with a header)."""
    dates, o, h, l, c, v = make_daily_bars(nbars, seed)
    rows = ['Date,Open,High,Low,Close,Volume,OpenInterest']
    for d, oo, hh, ll, cc, vv in zip(dates, o, h, l, c, v):
        rows.append('%s,%.2f,%.2f,%.2f,%.2f,%d,0' % (d.strftime('%Y-%m-%d'), oo, hh, ll, cc, vv))
    return '\n'.join(rows) + '\n'


def write_sample_csv(path: Optional[str] = None) -> str:
    """(Re)generate the shipped sample file; returns its path."""
    path = path or sample_path()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='ascii', newline='\n') as f:
        f.write(sample_csv_text())
    return path


if __name__ == '__main__':
    print(write_sample_csv())
