"""Several datas trading at once: the datas on one timeline move in lockstep
(``RunPlan.lockstep``), the others go through the merge; ``getposition``
reads the broker's positions directly during a run; the BuySell observers
of the datas are stepped by one grouped call. All give upstream's figures.

The expected figures were printed by upstream 1.9.78.123 running this file
as a script: ``PYTHONPATH=.oracle python tests/engine/test_multidata_lockstep.py``.
"""
import numpy as np
import pandas as pd
import pytest

import backtrader as bt


def _frame(seed: int, n: int, start: str = '2020-01-01') -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    close = np.round(100 * np.exp(np.cumsum(rng.normal(0, 0.01, n))), 4)
    opn = np.round(close * np.exp(rng.normal(0, 0.002, n)), 4)
    high = np.round(np.maximum(opn, close) * 1.003, 4)
    low = np.round(np.minimum(opn, close) * 0.997, 4)
    idx = pd.date_range(start, periods=n, freq='min')
    return pd.DataFrame({'open': opn, 'high': high, 'low': low, 'close': close,
                         'volume': 1000.0, 'openinterest': 0.0}, index=idx)


class _Cross(bt.Strategy):
    params = dict(double=False)

    def __init__(self):
        self.cross = [bt.ind.CrossOver(bt.ind.SMA(d, period=5), bt.ind.SMA(d, period=15))
                      for d in self.datas]

    def next(self):
        for d, cross in zip(self.datas, self.cross):
            if not self.getposition(d):
                if cross > 0:
                    self.buy(data=d, size=10)
                    if self.p.double:
                        # a second buy, at a limit: some bars mark two prices
                        self.buy(data=d, size=5, exectype=bt.Order.Limit,
                                 price=d.close[0] * 0.999)
            elif cross < 0:
                self.close(data=d)


def _figures(aligned: bool, runonce: bool, double: bool = False) -> str:
    """What a run prints: value, trades, drawdown, then per data the count
    and sum of its BuySell marks."""
    frames = [_frame(1, 600), _frame(2, 600),
              _frame(3, 600) if aligned else _frame(3, 500, start='2020-01-01 00:07')]
    cerebro = bt.Cerebro(runonce=runonce)
    for f in frames:
        cerebro.adddata(bt.feeds.PandasData(dataname=f))
    cerebro.broker.setcash(100000)
    cerebro.addstrategy(_Cross, double=double)
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    strat = cerebro.run()[0]
    out = ['value=%.4f trades=%s maxdd=%.6f' % (
        cerebro.broker.getvalue(), strat.analyzers.ta.get_analysis().total.total,
        strat.analyzers.dd.get_analysis().max.drawdown)]
    # every observer (upstream's ``strat.observers`` leaves the per-data
    # BuySells out; both keep them all among the observer-type children)
    for obs in strat._lineiterators[bt.LineIterator.ObsType]:
        if isinstance(obs, bt.observers.BuySell):
            buys = [v for v in obs.lines.buy.array if v == v]
            sells = [v for v in obs.lines.sell.array if v == v]
            out.append('buys=%d %.4f sells=%d %.4f' % (len(buys), sum(buys), len(sells),
                                                        sum(sells)))
    return '\n'.join(out)


# upstream 1.9.78.123, this file as a script (same figures in both modes)
EXPECTED = {
    True: (
        'value=99999.8830 trades=68 maxdd=0.336147\n'
        'buys=21 1718.0720 sells=21 1772.5948\n'
        'buys=27 2458.2837 sells=27 2530.8780\n'
        'buys=20 2244.9934 sells=19 2212.4701'),
    False: (
        'value=99912.0040 trades=64 maxdd=0.331839\n'
        'buys=21 1718.0720 sells=21 1772.5948\n'
        'buys=27 2458.2837 sells=27 2530.8780\n'
        'buys=16 1688.8742 sells=15 1643.6113'),
}
EXPECTED_DOUBLE = (
    'value=99915.6348 trades=68 maxdd=0.548620\n'
    'buys=28 2289.7919 sells=21 1772.5948\n'
    'buys=36 3262.5970 sells=27 2530.8780\n'
    'buys=25 2793.1201 sells=19 2212.4701')


@pytest.mark.parametrize('runonce', [True, False])
@pytest.mark.parametrize('aligned', [True, False])
def test_multidata_figures_equal_upstream(aligned, runonce):
    assert _figures(aligned, runonce) == EXPECTED[aligned]


def test_two_fills_of_a_data_in_a_bar_are_averaged_by_its_buysell():
    assert _figures(True, True, double=True) == EXPECTED_DOUBLE


def test_runonce_over_one_timeline_takes_the_lockstep():
    from backtrader.engine.runplan import RunPlan
    plans = []
    init = RunPlan.__init__

    def spy(self, *args, **kwargs):
        init(self, *args, **kwargs)
        plans.append(self)
    RunPlan.__init__ = spy
    try:
        _figures(True, True)
        _figures(False, True)
    finally:
        RunPlan.__init__ = init
    assert plans[-1].lockstep is False
    assert any(p.lockstep for p in plans[:-1])


def _positions_seen(broker=None):
    seen = []

    class S(bt.Strategy):
        def next(self):
            if len(self) == 3:
                self.buy(data=self.data1, size=2)
            if len(self) == 5:
                broker = self.broker
                for d in self.datas:
                    seen.append(self.getposition(d) is broker.getposition(d))
                    seen.append(self.getposition(d, broker) is broker.getposition(d))
                seen.append(self.getposition() is self.position)
                seen.append(self.getposition(self.data1).size)

    cerebro = bt.Cerebro()
    for seed in (1, 2):
        cerebro.adddata(bt.feeds.PandasData(dataname=_frame(seed, 20)))
    cerebro.addstrategy(S)
    if broker is not None:
        cerebro.setbroker(broker)
    strat = cerebro.run()[0]
    return seen, strat


def test_getposition_reads_the_run_brokers_positions():
    seen, strat = _positions_seen()
    assert seen == [True] * 5 + [2]
    assert strat.getposition(strat.data1).size == 2


def test_getposition_asks_a_broker_overriding_it():
    asked = []

    class Broker(bt.brokers.BackBroker):
        def getposition(self, data):
            asked.append(data)
            return super().getposition(data)

    seen, _ = _positions_seen(Broker())
    assert seen == [True] * 5 + [2] and asked


def _marks(strat) -> list:
    return [([v for v in o.lines.buy.array if v == v], [v for v in o.lines.sell.array if v == v])
            for o in strat._lineiterators[bt.LineIterator.ObsType]
            if isinstance(o, bt.observers.BuySell)]


def test_a_resumed_run_ends_as_the_uninterrupted_one(tmp_path):
    # the grouped BuySell call and its peers go into the checkpoint
    def build():
        cerebro = bt.Cerebro()
        for seed in (1, 2, 3):
            cerebro.adddata(bt.feeds.PandasData(dataname=_frame(seed, 600)))
        cerebro.broker.setcash(100000)
        cerebro.addstrategy(_Cross)
        return cerebro
    path = str(tmp_path / 'multi.ckpt')
    build().run(checkpoint=path, stop_after=250)
    resumed = build()
    strat = resumed.run(checkpoint=path)[0]
    whole = build()
    expected = whole.run()[0]
    assert resumed.broker.getvalue() == whole.broker.getvalue()
    assert _marks(strat) == _marks(expected) and len(_marks(strat)[0][0]) == 21
    # DataTrades' map of datas to lines is made on first use: after a resume too
    assert _trade_marks(strat) == _trade_marks(expected) and sum(map(len, _trade_marks(strat)))


def _trade_marks(strat) -> list:
    obs = [o for o in strat._lineiterators[bt.LineIterator.ObsType]
           if isinstance(o, bt.observers.DataTrades)]
    assert len(obs) == 1
    return [[(i, v) for i, v in enumerate(line.array) if v == v] for line in obs[0].lines]


if __name__ == '__main__':
    for aligned in (True, False):
        for runonce in (True, False):
            print('aligned=%s runonce=%s' % (aligned, runonce))
            print(_figures(aligned, runonce))
    print('double')
    print(_figures(True, True, double=True))
