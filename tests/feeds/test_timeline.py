"""The merged timeline of several preloaded datas sizes what runs on it."""
import numpy as np
import pandas as pd

import backtrader as bt
from backtrader.feeds.timeline import merged_bar_count


def _frame(start: str, n: int, freq: str = 'min') -> pd.DataFrame:
    idx = pd.date_range(start, periods=n, freq=freq)
    close = np.linspace(100.0, 110.0, n)
    return pd.DataFrame({'open': close, 'high': close + 1, 'low': close - 1, 'close': close,
                         'volume': 1000.0, 'openinterest': 0.0}, index=idx)


def _loaded(*frames):
    datas = [bt.feeds.PandasData(dataname=f) for f in frames]
    for d in datas:
        d._start()
        d.preload()
    return datas


def test_same_timestamps_count_once():
    datas = _loaded(_frame('2020-01-01', 300), _frame('2020-01-01', 300),
                    _frame('2020-01-01', 300))
    assert merged_bar_count(datas) == 300


def test_overlapping_timestamps_count_the_union():
    # 300 minutes and 300 minutes starting 100 minutes later: 400 distinct datetimes
    datas = _loaded(_frame('2020-01-01 00:00', 300), _frame('2020-01-01 01:40', 300))
    assert merged_bar_count(datas) == 400


class _Hold(bt.Strategy):
    def next(self):
        pass


def test_runonce_multidata_observers_not_sized_to_the_sum():
    n = 2000
    cerebro = bt.Cerebro()
    for _ in range(5):
        cerebro.adddata(bt.feeds.PandasData(dataname=_frame('2020-01-01', n)))
    cerebro.addstrategy(_Hold)
    strat = cerebro.run()[0]
    assert len(strat) == n
    # storage of the strategy's and observers' lines: about one slot per merged
    # bar (doubling growth allowed), not one per bar of each of the five datas
    assert strat.lines.datetime.clock.capacity < 2 * n
    for obs in strat.observers:
        assert len(obs.lines[0].storage()) < 2 * n
