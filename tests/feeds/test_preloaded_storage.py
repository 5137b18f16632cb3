"""A preloaded data's lines stay sized to the series through a bar-by-bar run
(the probe for more bars at the end must not double every line of the data)."""
import numpy as np
import pandas as pd
import pytest

import backtrader as bt


class _Cross(bt.Strategy):
    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=5), bt.ind.SMA(period=20))
        self.rsi = bt.ind.RSI(period=14)


@pytest.mark.parametrize('runonce', [False, True])
def test_preloaded_lines_keep_their_size(runonce):
    n = 3000
    idx = pd.date_range('2021-01-01', periods=n, freq='min')
    close = 100 + np.cumsum(np.random.default_rng(3).normal(0, 1, n))
    frame = pd.DataFrame({'open': close, 'high': close + 1, 'low': close - 1,
                          'close': close, 'volume': 1.0, 'openinterest': 0.0}, index=idx)
    cerebro = bt.Cerebro(runonce=runonce)
    data = bt.feeds.PandasData(dataname=frame)
    cerebro.adddata(data)
    cerebro.addstrategy(_Cross)
    strat = cerebro.run()[0]
    assert len(data) == n
    # data lines and the indicators computed on the data's clock
    for line in (data.close, strat.rsi.lines.rsi):
        assert n <= len(line.storage()) < n * 1.2
