"""Couplers (``ind()``, ``data1.close()``): a slower object's values followed on
a faster clock, as upstream's.

Expected values are literals printed by upstream (backtrader 1.9.78.123) for
the same scripts (``/tmp/probe/p4.py``, ``p7.py``, ``p12.py`` of the session
that wrote this file: ORCL daily 2001, a weekly resample of it as data1); the
last test runs one script on both sides, every memory mode.
"""
from __future__ import annotations

import datetime

import pytest

import backtrader as bt
from conftest import DATAS

ORCL = DATAS / 'orcl-1995-2014.txt'

pytestmark = pytest.mark.skipif(not ORCL.is_file(), reason='shared data files missing')


def _run(strategy, year_end=datetime.datetime(2001, 12, 31), **kwargs):
    cerebro = bt.Cerebro(stdstats=False, **kwargs)
    data = bt.feeds.YahooFinanceCSVData(dataname=str(ORCL),
                                        fromdate=datetime.datetime(2001, 1, 1),
                                        todate=year_end)
    cerebro.adddata(data)
    cerebro.resampledata(data, timeframe=bt.TimeFrame.Weeks)
    cerebro.addstrategy(strategy)
    return cerebro.run()[0]


def test_a_coupler_is_its_own_numbered_class_made_of_its_source_class():
    seen = {}

    class S(bt.Strategy):
        def __init__(self):
            sma = bt.ind.SMA(self.data1, period=2)
            seen['line'] = sma.lines.sma()          # one line: a SingleCoupler
            seen['sma'] = sma()
            seen['sma2'] = sma()
            seen['macd'] = bt.ind.MACD(self.data1)()
            seen['pivot'] = bt.ind.PivotPoint(self.data1, _autoplot=False)()

    _run(S)
    line, sma, sma2, macd, pivot = (seen[k] for k in ('line', 'sma', 'sma2', 'macd', 'pivot'))
    assert type(line).__name__ == 'SingleCoupler'
    # one class per coupler, numbered in the process (single couplers not counted)
    first = int(type(sma).__name__.rsplit('_', 1)[1])
    assert [type(c).__name__ for c in (sma2, macd, pivot)] == \
        ['LinesCoupler_%d' % (first + i) for i in (1, 2, 3)]
    assert isinstance(sma, bt.LinesCoupler) and type(sma).alias == ()
    # the source class's parameters at their defaults (not the source's values)
    assert vars(sma.p) == {'period': 30}
    assert list(macd.p._getkeys()) == ['period_me1', 'period_me2', 'period_signal', 'movav']
    # a line called ``p`` does not hide the parameters
    assert vars(pivot.p) == {'open': False, 'close': False, '_autoplot': True}
    assert pivot.lines.getlinealiases() == ('p', 's1', 's2', 'r1', 'r2')
    # plotted as the source class would be, labelled with its own name
    assert (sma.plotinfo.plot, sma.plotinfo.subplot) == (True, False)
    assert (macd.plotinfo.plot, macd.plotinfo.subplot) == (True, True)
    assert sma.plotlabel() == '%s (30)' % type(sma).__name__
    # the whole source's minimum period, not its first line's (a MACD's 26)
    assert (sma._minperiod, macd._minperiod) == (2, 34)


EXPECTED_AUTOPLOT = {       # bar: (p, r2) of PivotPoint's own coupler (upstream, p12.py)
    40: (19.92, 23.53), 80: (16.606667, 21.436667), 120: (13.836667, 15.926667),
    160: (14.28, 16.96), 200: (12.843333, 14.283333), 240: (13.313333, 14.833333),
}
# its last five bars: the pivot of the week before the last one (it lags)
EXPECTED_AUTOPLOT_END = [13.083333, 13.083333, 13.083333, 13.313333, 13.313333]


@pytest.mark.parametrize('mode', [dict(runonce=True), dict(runonce=False),
                                  dict(runonce=False, preload=False),
                                  dict(runonce=True, exactbars=1)])
def test_pivotpoint_plots_its_levels_through_a_coupler_that_lags_it(mode):
    got = {}

    class S(bt.Strategy):
        def __init__(self):
            self.pp = bt.ind.PivotPoint(self.data1)

        def next(self):
            coupler = self.getindicators()[0]
            if len(self) in EXPECTED_AUTOPLOT:
                got[len(self)] = (coupler.lines.p[0], coupler.lines.r2[0])

    strat = _run(S, **mode)
    coupler, pivot = strat.getindicators()[:2]
    # made in PivotPoint.__init__: listed before it, plotted instead of it
    assert type(coupler).__name__.startswith('LinesCoupler_') and pivot is strat.pp
    assert coupler.plotinfo.plot and not pivot.plotinfo.plot
    assert got.keys() == EXPECTED_AUTOPLOT.keys()
    for bar, (p, r2) in EXPECTED_AUTOPLOT.items():
        assert got[bar] == pytest.approx((p, r2), abs=1e-6), bar
    if not mode.get('exactbars'):
        assert [coupler.lines.p[-i] for i in range(5)] == \
            pytest.approx(EXPECTED_AUTOPLOT_END, abs=1e-6)


@pytest.mark.parametrize('mode, vectorised', [
    (dict(runonce=True), True), (dict(runonce=True, preload=False), False),
    (dict(runonce=False), False), (dict(runonce=True, exactbars=1), False),
    (dict(runonce=True, exactbars=-1), False)])
def test_upstream_runonce_leaves_couplers_empty(mode, vectorised):
    """In a runonce run over preloaded datas upstream's couplers hold NaN
    (a crossover of one never fires); bar by bar they hold their source's
    values. Upstream's values: /tmp/probe/p30.py (one data, 2006-day-001)."""
    rows = {}

    class S(bt.Strategy):
        def __init__(self):
            self.a = bt.ind.SMA(period=3)()
            self.c = bt.ind.MACD()()
            self.d = bt.ind.CrossOver(self.data.close, bt.ind.SMA(period=5)())
            self.e = bt.ind.SMA(bt.ind.SMA(period=5)(), period=2)

        def next(self):
            if len(self) in (40, 120, 255):
                rows[len(self)] = tuple(x[0] for x in (self.a, self.c, self.d, self.e))

    cerebro = bt.Cerebro(**mode)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt')))
    cerebro.addstrategy(S)
    cerebro.run()
    nan = float('nan')
    expected = {40: (3819.2567, 46.5540, 0.0, 3794.9740),
                120: (3510.6367, -58.5924, 0.0, 3486.4810),
                255: (4128.4867, 25.8214, 0.0, 4114.0720)}
    if vectorised:
        expected = {k: (nan, nan, 0.0, nan) for k in expected}
    assert rows.keys() == expected.keys()
    for bar, want in expected.items():
        assert rows[bar] == pytest.approx(want, abs=1e-4, nan_ok=True), bar


SCRIPT = r'''
import backtrader as bt, datetime
class S(bt.Strategy):
    def __init__(self):
        bt.ind.PivotPoint(self.data1)
        bt.ind.FibonacciPivotPoint(self.data1, _autoplot=True)
        bt.ind.DemarkPivotPoint(self.data1, _autoplot=False)
        bt.ind.MACD(self.data1)()
        bt.ind.Stochastic(self.data1)()
        print([type(i).__name__.split('_')[0] for i in self.getindicators()],
              [i._minperiod for i in self.getindicators()])
    def next(self):
        print(len(self), ' | '.join(' '.join('%%.6f' %% l[0] for l in i.lines)
                                    for i in self.getindicators()
                                    if type(i).__name__.startswith('LinesCoupler')))
for second in ('resample', 'file'):
    for ro, pre, eb in [(1, 1, 0), (0, 1, 0), (0, 0, 0), (1, 1, 1), (0, 1, 1), (0, 0, 1),
                        (1, 1, -1), (0, 0, -2)]:
        c = bt.Cerebro(runonce=bool(ro), preload=bool(pre), exactbars=eb, stdstats=False)
        kw = dict(fromdate=datetime.datetime(2001, 1, 1), todate=datetime.datetime(2002, 6, 30))
        d = bt.feeds.YahooFinanceCSVData(dataname=%(orcl)r, **kw)
        c.adddata(d)
        if second == 'resample':
            c.resampledata(d, timeframe=bt.TimeFrame.Weeks)
        else:       # another symbol: a real runonce run (upstream's couplers hold NaN)
            c.adddata(bt.feeds.YahooFinanceCSVData(dataname=%(yhoo)r, **kw))
        c.addstrategy(S)
        c.run()
        print('mode', second, ro, pre, eb)
'''


@pytest.mark.oracle
def test_couplers_equal_upstream_bar_by_bar_in_every_mode(run_oracle, run_ours):
    script = SCRIPT % dict(orcl=str(ORCL), yhoo=str(DATAS / 'yhoo-1996-2014.txt'))
    theirs, ours = run_oracle(script), run_ours(script)
    assert theirs.count('mode') == 16
    assert ours.splitlines() == theirs.splitlines()
