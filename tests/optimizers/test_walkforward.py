"""Walk-forward: windows (bars and dates, rolling and anchored), and the
stitched out-of-sample equity equal to a hand-built sequence of runs with
the chosen parameters on each window."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import backtrader as bt
from backtrader.optimizers import WalkForward, walk_forward_windows
from backtrader.sampledata import sample_path

import optfixtures as fx

SPACE = dict(fast=[5, 10], slow=[20, 40])


def _data(**kw):
    return bt.feeds.BacktraderCSVData(dataname=sample_path(), **kw)


@pytest.fixture(scope='module')
def rolling():
    wf = WalkForward(strategy=fx.SmaCross, data=_data(todate=dt.datetime(2014, 12, 31)),
                     cash=100000, space=SPACE, in_sample=300, out_of_sample=200,
                     objective='sharpe_ratio')
    return wf.run()


@pytest.fixture(scope='module')
def anchored():
    wf = WalkForward(strategy=fx.SmaCross, data=_data(todate=dt.datetime(2015, 6, 30)),
                     cash=100000, space=SPACE, in_sample='2Y', out_of_sample='1Y',
                     anchored=True, objective='total_return', optimizer='random',
                     optimizer_kwargs=dict(n_trials=3), seed=4)
    return wf.run()


def test_windows_by_bars():
    dates = np.arange(100.0)
    rolling = walk_forward_windows(dates, 40, 20)
    assert rolling == [(0, 40, 40, 60), (20, 60, 60, 80), (40, 80, 80, 100)]
    anchored = walk_forward_windows(dates, 40, 25, anchored=True)
    assert anchored == [(0, 40, 40, 65), (0, 65, 65, 90), (0, 90, 90, 100)]
    assert walk_forward_windows(dates, 50, 10, step=30) == [(0, 50, 50, 60), (30, 80, 80, 90)]
    with pytest.raises(ValueError, match='no walk-forward fold'):
        walk_forward_windows(dates, 100, 10)
    with pytest.raises(ValueError, match='all be bars'):
        walk_forward_windows(dates, 40, '1Y')
    with pytest.raises(ValueError, match="'2Y'"):
        walk_forward_windows(dates, 'two years', '1Y')


def test_windows_by_dates():
    start = bt.date2num(dt.datetime(2020, 1, 1))
    dates = start + np.arange(3 * 365.0)          # calendar days
    folds = walk_forward_windows(dates, '1Y', '6M')
    assert len(folds) == 4
    first = folds[0]
    assert (first[1] - first[0]) == 366           # 2020 is a leap year
    assert bt.num2date(dates[first[2]]).date() == dt.date(2021, 1, 1)
    assert bt.num2date(dates[first[3]]).date() == dt.date(2021, 7, 1)
    assert all(f[2] == f[1] for f in folds)       # out-of-sample follows in-sample
    assert [bt.num2date(dates[f[0]]).date() for f in folds[:2]] == [dt.date(2020, 1, 1),
                                                                     dt.date(2020, 7, 1)]


def _hand_built(result):
    """Each fold's out-of-sample window run on its own, by hand, with the
    parameters the walk-forward chose; returns chained together."""
    chained = []
    for fold in result.folds:
        cerebro = bt.Cerebro()
        cerebro.adddata(_data(fromdate=fold.oos_from, todate=fold.oos_to))
        cerebro.broker.setcash(100000)
        cerebro.addstrategy(fx.SmaCross, **fold.params)
        cerebro.addanalyzer(bt.analyzers.TimeReturn, _name='tr')
        strat = cerebro.run()[0]
        rets = np.array(list(strat.analyzers.tr.get_analysis().values()))
        assert len(rets) == fold.oos_end - fold.oos_start
        chained.append((rets, cerebro.broker.getvalue()))
    return chained


@pytest.mark.parametrize('which', ['rolling', 'anchored'])
def test_stitched_oos_equity_equals_hand_built_runs(which, request):
    result = request.getfixturevalue(which)
    assert len(result.folds) >= 3
    hand = _hand_built(result)
    rets = np.concatenate([h[0] for h in hand])
    np.testing.assert_allclose(result.oos_returns, rets, rtol=0, atol=1e-12)
    np.testing.assert_allclose(result.oos_equity.to_numpy(), 100000 * np.cumprod(1 + rets),
                               rtol=1e-12)
    # each fold's own final value is the hand-built run's
    for fold, (_, final) in zip(result.folds, hand):
        assert fold.oos_values[-1] == pytest.approx(final, rel=1e-12)
        assert fold.oos_metrics['final_value'] == pytest.approx(final, rel=1e-12)
    # windows tile the out-of-sample span without gaps or overlaps
    for a, b in zip(result.folds, result.folds[1:]):
        assert a.oos_end == b.oos_start
    if which == 'anchored':
        assert all(f.is_start == 0 for f in result.folds)
        assert [f.is_end for f in result.folds] == [f.oos_start for f in result.folds]
    else:
        assert [f.is_end - f.is_start for f in result.folds] == [300] * len(result.folds)


def test_chosen_params_are_the_in_sample_best(rolling):
    for fold in rolling.folds:
        res = fold.optimization
        assert fold.params == res.best_params
        assert res.total_runs == 4           # the whole grid, on the in-sample bars only
        assert res.best_metrics['bars'] == fold.is_end - fold.is_start


def test_trades_table_and_efficiency(rolling):
    trades = rolling.trades
    assert len(trades) == sum(f.oos_metrics['trades'] for f in rolling.folds)
    assert trades['pnlcomm'].sum() == pytest.approx(
        sum(f.oos_metrics['gross_profit'] - f.oos_metrics['gross_loss'] for f in rolling.folds))
    for _, t in trades.iterrows():
        fold = rolling.folds[t['fold']]
        assert fold.oos_from <= t['dtopen'] <= t['dtclose'] <= fold.oos_to
    table = rolling.table()
    assert list(table['fold']) == list(range(len(rolling.folds)))
    assert {'fast', 'slow', 'is_score', 'oos_score', 'efficiency'} <= set(table.columns)
    ins = [f.is_metrics['cagr'] for f in rolling.folds]
    eff = rolling.efficiency
    if np.mean(ins) > 0:
        assert eff == pytest.approx(rolling.oos_metrics['cagr'] / np.mean(ins))
    d = rolling.as_dict()
    assert d['folds_count'] == len(rolling.folds) and len(d['folds']) == len(rolling.folds)


def test_factory_form_and_resume(tmp_path):
    def make(fromdate=None, todate=None):
        c = bt.Cerebro()
        c.adddata(_data(fromdate=fromdate, todate=todate or dt.datetime(2012, 12, 31)))
        c.broker.setcash(100000)
        c.addstrategy(fx.SmaCross)
        return c

    kw = dict(space=SPACE, in_sample=250, out_of_sample=250, study=str(tmp_path / 'wf'))
    first = WalkForward(make, **kw).run()
    assert sorted(p.name for p in (tmp_path / 'wf').iterdir() if p.suffix == '.db') == \
        ['fold_000.db', 'fold_001.db', 'fold_002.db']      # 783 bars: 250 + 250 + 250 + 33
    again = WalkForward(make, resume=True, **kw).run()     # every trial comes from the studies
    np.testing.assert_array_equal(first.oos_returns, again.oos_returns)
    assert [f.params for f in first.folds] == [f.params for f in again.folds]


def test_errors():
    with pytest.raises(TypeError, match='space'):
        WalkForward(strategy=fx.SmaCross, data=_data(), in_sample=10, out_of_sample=5)
    with pytest.raises(ValueError, match='in_sample'):
        WalkForward(strategy=fx.SmaCross, data=_data(), space=SPACE, in_sample=0,
                    out_of_sample=5)
    with pytest.raises(ValueError, match='optimizer'):
        WalkForward(strategy=fx.SmaCross, data=_data(todate=dt.datetime(2010, 6, 1)),
                    space=SPACE, in_sample=50, out_of_sample=50, optimizer='magic').run()
