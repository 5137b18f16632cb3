"""Results as pandas equal what the strategy, the observers and the analyzers
saw, bar by bar; the summary's Sharpe, drawdown and trade figures equal the
analyzers computing the same thing."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import backtrader as bt

pd = pytest.importorskip('pandas')

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'
if not DATAS.is_dir():
    pytest.skip('shared data files missing', allow_module_level=True)


class Recorder(bt.Strategy):
    """SMA crossover on every data (long/short or long only); records what it
    is told: closed trades, completed orders, positions at each bar."""

    params = dict(period=15, onlylong=True, stake=2, reverse=False, tradeids=False)

    def __init__(self):
        self.cross = {d: bt.ind.CrossOver(d.close, bt.ind.SMA(d, period=self.p.period))
                      for d in self.datas}
        self.closed, self.completed, self.sizes = [], [], []
        self.nid = 0

    def notify_trade(self, trade):
        if trade.isclosed:
            self.closed.append(dict(ref=trade.ref, pnl=trade.pnl, pnlcomm=trade.pnlcomm,
                                    commission=trade.commission, barlen=trade.barlen,
                                    dtopen=trade.dtopen, dtclose=trade.dtclose,
                                    price=trade.price, data=trade.data._name))

    def notify_order(self, order):
        if order.status == order.Completed:
            self.completed.append(dict(ref=order.ref, size=order.executed.size,
                                       price=order.executed.price,
                                       comm=order.executed.comm, buy=order.isbuy()))

    def prenext(self):
        self.sizes.append([self.getposition(d).size for d in self.datas])

    def next(self):
        self.sizes.append([self.getposition(d).size for d in self.datas])
        for d in self.datas:
            pos = self.getposition(d).size
            cross = self.cross[d][0]
            tid = {}
            if self.p.tradeids:
                self.nid += 1
                tid = dict(tradeid=self.nid % 2)
            if cross > 0:
                if pos < 0 and not self.p.reverse:
                    self.close(data=d, **tid)
                elif pos <= 0:
                    size = self.p.stake - pos if self.p.reverse else self.p.stake
                    self.buy(data=d, size=size, **tid)
            elif cross < 0:
                if pos > 0 and (self.p.onlylong or not self.p.reverse):
                    self.close(data=d, **tid)
                elif not self.p.onlylong and pos >= 0:
                    size = self.p.stake + pos if self.p.reverse else self.p.stake
                    self.sell(data=d, size=size, **tid)


def run(ndatas=1, checksubmit=True, stdstats=True, commission=0.001, coc=False, **params):
    cerebro = bt.Cerebro(stdstats=stdstats)
    names = ['2006-day-001.txt', '2006-day-002.txt']
    for k in range(ndatas):
        cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / names[k])))
    cerebro.addstrategy(Recorder, **params)
    cerebro.broker.setcommission(commission=commission)
    cerebro.broker.set_checksubmit(checksubmit)
    cerebro.broker.set_coc(coc)
    if stdstats:
        cerebro.addobserver(bt.observers.DrawDown)
    an = bt.analyzers
    cerebro.addanalyzer(an.TradeAnalyzer, _name='ta')
    cerebro.addanalyzer(an.DrawDown, _name='dd')
    cerebro.addanalyzer(an.SQN, _name='sqn')
    cerebro.addanalyzer(an.SharpeRatio_A, _name='sharpe_d', timeframe=bt.TimeFrame.Days,
                        riskfreerate=0.0)
    cerebro.addanalyzer(an.SharpeRatio, _name='sharpe_m', timeframe=bt.TimeFrame.Months,
                        riskfreerate=0.01, stddev_sample=True)
    cerebro.addanalyzer(an.SharpeRatio, _name='sharpe_w', timeframe=bt.TimeFrame.Weeks,
                        riskfreerate=0.02, convertrate=False)
    cerebro.addanalyzer(an.TimeReturn, _name='tr', timeframe=bt.TimeFrame.Days)
    cerebro.addanalyzer(an.PositionsValue, _name='pv')
    cerebro.addanalyzer(an.Transactions, _name='tx')
    return cerebro.run()[0]


_RUNS: dict = {}


def scenario(name):
    if name not in _RUNS:
        _RUNS[name] = {
            'long': lambda: run(),
            'longshort': lambda: run(onlylong=False, reverse=True),
            'twodatas': lambda: run(ndatas=2, onlylong=False),
            'nocheck': lambda: run(checksubmit=False, onlylong=False),
            'tradeids': lambda: run(onlylong=False, tradeids=True),
            'coc': lambda: run(onlylong=False, coc=True),
        }[name]()
    return _RUNS[name]


SCENARIOS = ['long', 'longshort', 'twodatas', 'nocheck', 'tradeids', 'coc']


@pytest.mark.parametrize('name', SCENARIOS)
def test_equity_equals_the_observers_bar_by_bar(name):
    strat = scenario(name)
    eq = bt.results.equity(strat)
    n = len(strat)
    assert len(eq) == n
    np.testing.assert_array_equal(eq['value'].to_numpy(), strat.stats.broker.value.array[:n])
    np.testing.assert_array_equal(eq['cash'].to_numpy(), strat.stats.broker.cash.array[:n])
    np.testing.assert_allclose(eq['drawdown'].to_numpy(),
                               strat.stats.drawdown.drawdown.array[:n], rtol=1e-12)
    dd = strat.analyzers.dd.get_analysis()
    assert eq['drawdown'].max() == pytest.approx(dd.max.drawdown, rel=1e-12)
    assert eq['moneydown'].max() == pytest.approx(dd.max.moneydown, rel=1e-12)
    # the index: the bars' datetimes as num2date gives them
    assert list(eq.index[:3]) == [pd.Timestamp(bt.num2date(x))
                                  for x in strat.datetime.array[:3]]


@pytest.mark.parametrize('name', SCENARIOS)
def test_trades_equal_what_notify_trade_saw(name):
    strat = scenario(name)
    trades = bt.results.trades(strat, closed_only=True)
    ta = strat.analyzers.ta.get_analysis()
    assert len(trades) == ta.total.closed == len(strat.closed) > 0
    # the same trades (a Trade object may close, reopen and close again: compare
    # what was notified at each closing, in order)
    ours = sorted((r.entry_dt, r.exit_dt, r.pnl, r.pnlcomm, r.commission, r.barlen, r.data)
                  for r in trades.itertuples())
    seen = sorted((pd.Timestamp(bt.num2date(t['dtopen'])), pd.Timestamp(bt.num2date(t['dtclose'])),
                   t['pnl'], t['pnlcomm'], t['commission'], t['barlen'], t['data'])
                  for t in strat.closed)
    assert ours == seen
    assert trades.pnlcomm.sum() == pytest.approx(ta.pnl.net.total)
    if name != 'tradeids':
        # each trade opens with one fill and closes with one (stake, stock-like): entry
        # and exit are those fills' prices and the gross pnl is size x difference
        np.testing.assert_allclose(trades.pnl, trades['size'] * (trades.exit_price -
                                                                trades.entry_price),
                                   atol=1e-9)
        fill_prices = {round(c['price'], 10) for c in strat.completed}
        assert set(np.round(trades.entry_price, 10)) <= fill_prices
        assert set(np.round(trades.exit_price, 10)) <= fill_prices


def test_open_trade_is_listed_as_open():
    strat = scenario('long')
    trades = bt.results.trades(strat)
    ta = strat.analyzers.ta.get_analysis()
    assert int(trades.isopen.sum()) == ta.total.open
    assert trades.exit_dt[trades.isopen].isna().all()


@pytest.mark.parametrize('name', SCENARIOS)
def test_orders_equal_the_completed_notifications(name):
    strat = scenario(name)
    orders = bt.results.orders(strat)
    done = orders[orders.status == 'Completed'].set_index('ref')
    assert len(done) == len(strat.completed)
    for c in strat.completed:
        row = done.loc[c['ref']]
        assert (row.executed_size, row.executed_price, row.commission) == \
            (c['size'], c['price'], c['comm'])
        assert row.side == ('Buy' if c['buy'] else 'Sell')


@pytest.mark.parametrize('name', SCENARIOS)
def test_positions_equal_the_strategy_and_positionsvalue(name):
    strat = scenario(name)
    sizes = bt.results.positions(strat)
    np.testing.assert_array_equal(sizes.to_numpy(), np.asarray(strat.sizes))
    values = bt.results.positions(strat, value=True)
    pv = strat.analyzers.pv.get_analysis()
    assert len(pv) == len(values)
    for (key, row), (_, ours) in zip(pv.items(), values.iterrows()):
        assert key == ours.name.date()
        np.testing.assert_allclose(ours.to_numpy(), row, rtol=1e-12)


def test_to_frame_shapes_equal_the_analyses():
    strat = scenario('twodatas')
    tr = strat.analyzers.tr
    series = tr.get_analysis_df()
    assert list(series.items()) == list(tr.get_analysis().items())
    ta = strat.analyzers.ta.get_analysis()
    flat = bt.results.to_frame(strat.analyzers.ta)
    assert flat['won.pnl.total'] == ta.won.pnl.total
    assert flat['len.long.won.max'] == ta.len.long.won.max
    assert len(flat) == len(bt.results.flatten(ta))
    tx = strat.analyzers.tx.get_analysis()
    frame = strat.analyzers.tx.get_analysis_df()
    assert list(frame.columns) == ['amount', 'price', 'sid', 'symbol', 'value']
    rows = [(k, *entry) for k, entries in tx.items() for entry in entries]
    assert [(k, *r) for k, r in zip(frame.index, frame.itertuples(index=False))] == \
        [tuple(r) for r in rows]
    sharpe = bt.results.to_frame(strat.analyzers.sharpe_d)
    assert sharpe['sharperatio'] == strat.analyzers.sharpe_d.get_analysis()['sharperatio']
    # get_analysis itself is unchanged (a dict)
    assert isinstance(strat.analyzers.dd.get_analysis(), dict)


def test_to_frame_headers_and_pyfolio():
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(Recorder)
    cerebro.addanalyzer(bt.analyzers.PositionsValue, headers=True, cash=True, _name='pv')
    cerebro.addanalyzer(bt.analyzers.PyFolio, _name='pf')
    strat = cerebro.run()[0]
    frame = strat.analyzers.pv.get_analysis_df()
    assert list(frame.columns) == ['2006-day-001', 'cash']
    assert frame.index.name == 'datetime'
    analysis = list(strat.analyzers.pv.get_analysis().items())[1:]
    assert [list(r) for r in frame.itertuples(index=False)] == [list(v) for _, v in analysis]
    returns = bt.results.to_frame(strat.analyzers.pf)
    pd.testing.assert_series_equal(returns, strat.analyzers.pf.get_pf_items()[0])


@pytest.mark.parametrize('name', SCENARIOS)
def test_summary_equals_the_analyzers(name):
    strat = scenario(name)
    s = bt.results.summary(strat)
    an = strat.analyzers
    assert s['Sharpe Ratio'] == pytest.approx(an.sharpe_d.get_analysis()['sharperatio'],
                                              rel=1e-9)
    monthly = bt.results.summary(strat, timeframe=bt.TimeFrame.Months, riskfreerate=0.01,
                                 annualize=False, stddev_sample=True)
    assert monthly['Sharpe Ratio'] == pytest.approx(
        an.sharpe_m.get_analysis()['sharperatio'], rel=1e-9)
    weekly = bt.results.summary(strat, timeframe=bt.TimeFrame.Weeks, riskfreerate=0.02,
                                annualize=False, convertrate=False)
    assert weekly['Sharpe Ratio'] == pytest.approx(
        an.sharpe_w.get_analysis()['sharperatio'], rel=1e-9)
    dd = an.dd.get_analysis()
    assert s['Max. Drawdown [%]'] == pytest.approx(dd.max.drawdown, rel=1e-12)
    assert s['Max. Drawdown [money]'] == pytest.approx(dd.max.moneydown, rel=1e-12)
    assert s['Max. Drawdown Duration [bars]'] == dd.max.len
    ta = an.ta.get_analysis()
    assert s['# Trades'] == ta.total.closed
    assert s['Win Rate [%]'] == pytest.approx(100.0 * ta.won.total / ta.total.closed)
    assert s['Avg. Trade'] == pytest.approx(ta.pnl.net.average)
    if ta.won.total:
        assert s['Best Trade'] == pytest.approx(ta.won.pnl.max)
    if ta.lost.total:
        assert s['Worst Trade'] == pytest.approx(ta.lost.pnl.max)
    assert s['Max. Trade Duration [bars]'] == ta.len.max
    assert s['Avg. Trade Duration [bars]'] == pytest.approx(ta.len.average)
    assert s['SQN'] == pytest.approx(an.sqn.get_analysis()['sqn'], rel=1e-12)
    assert s['Equity Final'] == strat.broker.getvalue()
    assert s['Start Value'] == strat.broker.startingcash
    wins = sum(t['pnlcomm'] for t in strat.closed if t['pnlcomm'] >= 0)
    losses = -sum(t['pnlcomm'] for t in strat.closed if t['pnlcomm'] < 0)
    assert s['Profit Factor'] == pytest.approx(wins / losses)


def test_summary_daily_returns_are_timereturn():
    strat = scenario('longshort')
    eq = bt.results.equity(strat)
    rets = bt.results.period_returns(eq.index.to_numpy(), eq['value'].to_numpy(),
                                     strat.broker.startingcash)
    np.testing.assert_allclose(rets, list(strat.analyzers.tr.get_analysis().values()),
                               rtol=1e-12, atol=1e-15)


def test_summary_prints_a_table(capsys):
    strat = scenario('long')
    series = bt.results.print_summary(strat)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(series)
    for line, key in zip(out, series.index):
        assert line.startswith(key)
    assert 'Sharpe Ratio' in series.index and 'SQN' in series.index


def test_equity_needs_an_observer():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(Recorder)
    strat = cerebro.run()[0]
    with pytest.raises(bt.results.ResultsError, match='Broker'):
        bt.results.equity(strat)
    assert len(bt.results.trades(strat)) > 0       # trades need no observer


def test_equity_with_value_observer_only():
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(Recorder)
    cerebro.addobserver(bt.observers.Value)
    strat = cerebro.run()[0]
    eq = bt.results.equity(strat)
    np.testing.assert_array_equal(eq['value'].to_numpy(),
                                  strat.stats.value.value.array[:len(strat)])
    assert eq['cash'].isna().all()
